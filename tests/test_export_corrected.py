"""An outcome export marks each entry corrected later with the id of its correction, and its summary reconciles the
rows with the report's contacts."""

from __future__ import annotations

import csv
import json

import pytest
from python_calamine import CalamineWorkbook

from sync_data import add_outcome, seed_branch
from workbench.db import open_db

NOW = "2026-11-20T18:00:00"
PERIOD = ("--since", "2026-11-16", "--until", "2026-11-20")


@pytest.fixture
def corrected(db_path):
    """Five entries in the week: one corrected once, one corrected twice (on two desks, the later correction
    recorded last: it is in effect, and the earlier reads as corrected by it), and the corrections. Returns the path
    and the ids."""
    db = open_db(db_path)
    conn = db.conn
    seed_branch(conn)
    conn.execute("BEGIN")
    ids = {"kept": add_outcome(conn, "C000", "2026-11-17T09:00:00", business_outcome="interested"),
           "wrong": add_outcome(conn, "C001", "2026-11-17T09:15:00", manager_id="M2", line_result="no_answer")}
    ids["fix"] = add_outcome(conn, "C001", "2026-11-17T09:15:00", manager_id="M2", line_result="busy",
                             supersedes=ids["wrong"])
    ids["twice"] = add_outcome(conn, "C002", "2026-11-18T10:00:00", line_result="no_answer")
    ids["later"] = add_outcome(conn, "C002", "2026-11-18T10:20:00", line_result="busy", supersedes=ids["twice"])
    ids["earlier"] = add_outcome(conn, "C002", "2026-11-18T10:05:00", line_result="busy", supersedes=ids["twice"])
    conn.execute("COMMIT")
    db.close()
    return db_path, ids


def _export(cli, path, out, *args, lang="en"):
    done = cli("--db", path, "--user", "S1", "--lang", lang, "--now", NOW, "export", "outcomes", "--out", out, *args)
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip()


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_each_csv_row_says_whether_it_still_counts_and_the_summary_gives_the_reports_contacts(corrected, tmp_path,
                                                                                              cli):
    path, ids = corrected
    out = tmp_path / "week.csv"
    said = _export(cli, path, out, *PERIOD)
    rows = _csv(out)
    head = rows[0]
    assert head[head.index("Corrects outcome") + 1] == "Corrected by"
    by = {row[0]: row[head.index("Corrected by")] for row in rows[1:]}
    assert by == {ids["kept"]: "", ids["wrong"]: ids["fix"], ids["fix"]: "", ids["twice"]: ids["later"],
                  ids["later"]: "", ids["earlier"]: ids["later"]}
    report = cli("--db", path, "--user", "S1", "--lang", "en", "--now", NOW, "report", *PERIOD, "--json")
    contacts = json.loads(report.stdout)["total"]["calls"]
    assert contacts == 3 == sum(1 for corrector in by.values() if not corrector)
    assert said == (f"Wrote 6 outcomes to {out} (3 of them corrected later: 3 contacts, as the report counts"
                    " them).")


def test_chinese_header_and_summary(corrected, tmp_path, cli):
    path, ids = corrected
    out = tmp_path / "week.csv"
    said = _export(cli, path, out, *PERIOD, lang="zh_CN")
    head = _csv(out)[0]
    assert head[head.index("更正的记录") + 1] == "已被更正为"
    assert said == f"已将 6 条外呼记录写入 {out}（其中 3 条后来已被更正，报告中的联系次数为 3）。"


def test_workbook_and_jsonl_carry_the_correction_too(corrected, tmp_path, cli):
    path, ids = corrected
    _export(cli, path, tmp_path / "week.xlsx", *PERIOD)
    sheet = CalamineWorkbook.from_path(str(tmp_path / "week.xlsx")).get_sheet_by_index(0).to_python()
    col = sheet[0].index("Corrected by")
    assert {row[0]: row[col] for row in sheet[1:]}[ids["twice"]] == ids["later"]
    assert {row[0]: row[col] for row in sheet[1:]}[ids["later"]] == ""
    said = _export(cli, path, tmp_path / "week.jsonl", *PERIOD)
    entries = [json.loads(line) for line in (tmp_path / "week.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["outcome_id"]: e["corrected_by"] for e in entries} == {
        ids["kept"]: None, ids["wrong"]: ids["fix"], ids["fix"]: None, ids["twice"]: ids["later"],
        ids["later"]: None, ids["earlier"]: ids["later"]}
    assert "(3 of them corrected later: 3 contacts" in said


def test_summary_without_corrections_with_one_contact_and_of_a_lone_corrected_entry(corrected, tmp_path, cli):
    path, ids = corrected
    out = tmp_path / "one.csv"
    # Only the entry kept: nothing corrected, the summary as before.
    assert _export(cli, path, out, "--since", "2026-11-17", "--until", "2026-11-17", "--manager", "M1") == (
        f"Wrote 1 outcome to {out}.")
    # M2's entry and its correction: one contact.
    assert _export(cli, path, out, *PERIOD, "--manager", "M2") == (
        f"Wrote 2 outcomes to {out} (1 of them corrected later: 1 contact, as the report counts them).")
    # An entry whose correction is dated the next day: the export of its own day holds it alone.
    db = open_db(path)
    db.conn.execute("BEGIN")
    lone = add_outcome(db.conn, "C003", "2026-11-19T16:00:00", manager_id="M2", line_result="no_answer")
    fix = add_outcome(db.conn, "C003", "2026-11-20T09:00:00", manager_id="M2", line_result="busy", supersedes=lone)
    db.conn.execute("COMMIT")
    db.close()
    assert _export(cli, path, out, "--since", "2026-11-19", "--until", "2026-11-19") == (
        f"Wrote 1 outcome to {out} (corrected later: no contact, as the report counts them).")
    rows = _csv(out)
    assert rows[1][rows[0].index("Corrected by")] == fix
