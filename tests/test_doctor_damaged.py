"""doctor on a damaged file gives its finding: "Integrity: damaged (the table): SQLite's first line", whether REINDEX
mends it or a backup is needed, and exit 1, never "unexpected DatabaseError: database disk image is malformed"; the
other commands say the file is damaged in a sentence of ours."""

import json
import sqlite3

from damaged_files import damage_pages, index_out_of_step


def test_a_page_that_cannot_be_read_is_found_where_it_is(cli, db_file):
    conn = sqlite3.connect(db_file)
    indexes = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'")]
    conn.close()
    for name in ("customers", *indexes):   # nothing left to count the customers by
        damage_pages(db_file, name)
    result = cli("--db", db_file, "doctor")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Integrity: damaged (customers): "), lines
    assert "  customers: cannot be read" in lines and "  staff: 3" in lines
    assert "restore it from a backup" in result.stdout and "REINDEX" not in result.stdout
    found = json.loads(cli("--db", db_file, "doctor", "--json").stdout)
    assert found["damaged_tables"] == ["customers"] and found["integrity"] != "ok"
    assert found["counts"]["customers"] is None and found["integrity_problems"][0] == found["integrity"]
    assert [w["code"] for w in found["warnings"]][0] == "integrity_damaged"
    zh = cli("--db", db_file, "--lang", "zh_CN", "doctor")
    assert zh.exit_code == 1 and zh.stdout.splitlines()[1].startswith("完整性检查：已损坏（customers）：")
    assert f"警告：{db_file} 已损坏：其中有部分内容无法读取或前后不一致；请从备份恢复" in zh.stdout.replace("\n", "")


def test_an_index_out_of_step_with_its_table_is_mended_by_reindex(cli, db_file):
    conn = sqlite3.connect(db_file)
    index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'"
                         " AND sql IS NOT NULL ORDER BY name").fetchone()[0]
    conn.close()
    index_out_of_step(db_file, index, "name")
    result = cli("--db", db_file, "doctor")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith(f"Integrity: damaged (customers): row 1 missing from index {index}")
    assert (f"warning: only the indexes {index} are out of step with their tables, which are whole: `sqlite3 {db_file}"
            " REINDEX` builds them again (keep a copy of the file first)") in result.stdout.replace("\n", " ").replace("  ", " ")
    conn = sqlite3.connect(db_file)
    conn.execute("REINDEX")
    conn.close()
    assert cli("--db", db_file, "doctor").stdout.splitlines()[1] == "Integrity: ok"


def test_another_command_on_a_damaged_file_says_it_is_damaged(cli, db_file):
    damage_pages(db_file, "customers")
    result = cli("--db", db_file, "--user", "M1", "calllist", "--manager", "M1")
    assert result.exit_code == 74
    assert result.stderr == (f"error: {db_file} is damaged: SQLite found a part of it that it cannot read;"
                             " `workbench doctor` says where, and a backup restores it.\n")
