"""`workbench init` and `workbench doctor`, and the CLI's error contract."""

import json
import re
import sqlite3

import pytest


def test_init_creates_database(cli, tmp_path):
    path = tmp_path / "wb.sqlite"
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.stderr
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600   # customer data: this user's only
    assert "schema version" in result.stdout


def test_a_path_into_a_folder_that_does_not_exist_is_refused_not_made(cli, tmp_path):
    path = tmp_path / "typo" / "wb.sqlite"
    for args in (("--db", path, "init"), ("--db", path, "sample", "--customers", "10"),
                 ("sample", "--out", path, "--customers", "10")):
        result = cli(*args)
        assert result.exit_code == 2 and result.stderr == f"error: There is no folder {path.parent}; create it first, or check the path {path}.\n"
    assert not path.parent.exists()


def test_an_empty_file_is_not_made_into_a_database_by_a_check(cli, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = cli("--db", path, "doctor")
    assert result.exit_code == 2 and "is an empty file, not a workbench database" in result.stderr
    assert path.stat().st_size == 0
    assert cli("--db", path, "init").exit_code == 0 and path.stat().st_size > 0   # asked for, it is made


def test_doctor_reports(cli, db_path):
    db_path.chmod(0o644)
    result = cli("--db", db_path, "doctor", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok"
    assert report["counts"]["customers"] == 0
    assert [w["code"] for w in report["warnings"]] == ["file_readable_by_others"]
    assert "readable by other users" in report["warnings"][0]["message"]
    db_path.chmod(0o600)
    assert json.loads(cli("--db", db_path, "doctor", "--json").stdout)["warnings"] == []


def test_doctor_warns_a_year_before_the_festival_calendar_ends(cli, db_path):
    def warnings(now):
        return json.loads(cli("--db", db_path, "--now", now, "doctor", "--json").stdout)["warnings"]

    db_path.chmod(0o600)
    assert warnings("2044-12-31T09:00:00") == []
    (warning,) = warnings("2045-01-01T09:00:00")
    assert warning["code"] == "festival_calendar_ending"
    assert warning["message"].startswith("the festival calendar ends on 2045-12-31: festival greetings stop being suggested")


def test_doctor_json_warnings_keep_their_code_and_english_whatever_the_language(cli, db_path):
    db_path.chmod(0o644)
    english = json.loads(cli("--db", db_path, "--now", "2045-01-01T09:00:00", "doctor", "--json").stdout)["warnings"]
    chinese = cli("--lang", "zh_CN", "--db", db_path, "--now", "2045-01-01T09:00:00", "doctor", "--json")
    assert chinese.exit_code == 0
    warnings = json.loads(chinese.stdout)["warnings"]   # the message was Chinese, as the interface was
    assert [(w["code"], w["message"]) for w in warnings] == [(w["code"], w["message"]) for w in english] == [
        ("file_readable_by_others", f"{db_path} is readable by other users of this computer; run: chmod 600 {db_path}"),
        ("festival_calendar_ending", "the festival calendar ends on 2045-12-31: festival greetings stop being suggested"
                                     " after it; a newer Branch Workbench carries the years after")]
    assert [w["message_label"] for w in english] == [w["message"] for w in english]
    assert warnings[0]["message_label"] == f"本机的其他用户可以读取 {db_path}；请运行：chmod 600 {db_path}"
    assert "节日日历截至 2045-12-31" in warnings[1]["message_label"]
    text = cli("--lang", "zh_CN", "--db", db_path, "--now", "2045-01-01T09:00:00", "doctor").stdout
    assert "警告：本机的其他用户可以读取" in text   # the report for people still speaks the interface's language


def test_missing_database_is_one_sentence(cli, tmp_path):
    result = cli("--db", tmp_path / "nope.sqlite", "doctor")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No database at")
    assert "Traceback" not in result.stderr


def test_garbage_file_is_refused(cli, tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"\x00\xffnot a database at all" * 100)
    result = cli("--db", path, "doctor")
    assert result.exit_code == 2
    assert "Cannot open" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("lang, said", [
    ("en", "error: Cannot open {path} as a workbench database: it is not a database file (a file of another kind, or"
           " an encrypted one).\n"),
    ("zh_CN", "错误：无法将 {path} 作为工作台数据库打开：它不是数据库文件（而是其他类型的文件，或已加密）。\n"),
])
def test_a_file_that_is_no_database_is_said_so_in_the_language_in_use(cli, tmp_path, lang, said):
    """SQLite's English ('file is not a database') was read inside the Chinese sentence."""
    path = tmp_path / "notadb.sqlite"
    path.write_bytes(b"\x00\xffnot a database at all" * 100)
    result = cli("--lang", lang, "--db", path, "doctor")
    assert (result.exit_code, result.stderr) == (2, said.format(path=path))


@pytest.mark.parametrize("error, en, zh", [
    ("database disk image is malformed", "the file is damaged; restore it from a backup", "文件已损坏，请从备份恢复"),
    ("file is encrypted or is not a database", "it is not a database file", "它不是数据库文件"),
    ("unable to open database file", "the file cannot be opened", "无法打开该文件"),
    ("no such table: staff", "SQLite says: no such table: staff", "SQLite 报错：no such table: staff"),
])
def test_sqlites_common_errors_are_said_in_words_and_any_other_is_quoted(error, en, zh):
    from workbench.errors import plain_error
    from workbench.i18n import set_language

    def sqlite_problem(exc):   # why the database could not be opened, as CliState.open says it
        return re.split("database: |打开：", str(plain_error(exc, "co.sqlite", opening=True)), maxsplit=1)[1]

    assert sqlite_problem(sqlite3.DatabaseError(error)).startswith(en)
    set_language("zh_CN")
    assert sqlite_problem(sqlite3.DatabaseError(error)).startswith(zh)


def test_unknown_language(cli, db_path):
    result = cli("--lang", "fr", "--db", db_path, "doctor")
    assert result.exit_code == 2
    assert "Unknown language" in result.stderr


def test_unknown_option_is_a_usage_error_not_a_crash(cli, db_path):
    result = cli("--db", db_path, "doctor", "--bogus")
    assert result.exit_code == 2
    assert "has no option --bogus" in result.stderr and "unexpected" not in result.stderr


def test_a_write_kept_waiting_by_another_process_is_one_sentence(cli, db_path, tmp_path, monkeypatch):
    """Another connection holds the write lock past the busy timeout: exit 75 and one sentence."""
    import sqlite3

    from workbench.db import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    extract = tmp_path / "x.csv"
    extract.write_text("客户号,姓名\nC1,张三\n", encoding="utf-8")
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = cli("--db", db_path, "import", "customers", extract)
    finally:
        holder.close()
    assert result.exit_code == 75
    assert result.stderr.startswith(f"error: {db_path} is busy: another process") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert cli("--db", db_path, "import", "customers", extract).exit_code == 0   # and once it has gone, it works


def test_opening_a_file_locked_by_a_first_import_is_one_sentence(cli, db_path, monkeypatch):
    """A first import writes under a rollback journal, which keeps even readers out until it ends."""
    import sqlite3

    from workbench.db import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode = DELETE")
        holder.execute("BEGIN EXCLUSIVE")
        result = cli("--db", db_path, "doctor")
    finally:
        holder.close()
    assert result.exit_code == 75
    assert result.stderr == f"error: {db_path} is busy: another process has been writing to it for longer than " \
                            "this one waits (an import, most likely); try again when it has finished.\n"


@pytest.mark.parametrize("args, flag, valued", [
    ((), "--help", "--user"),
    (("log",), "--json", "--customer"),
    (("import", "customers"), "--dry-run", "--encoding"),
])
def test_help_shows_an_on_off_option_without_a_value_type(cli, args, flag, valued):
    """A flag takes no value, so its help line carries no `<bool>`; an option with a value keeps its type."""
    result = cli(*args, "--help")
    assert result.exit_code == 0
    lines = {word: line for line in result.stdout.splitlines() for word in line.split() if word.startswith("--")}
    assert "<bool>" not in result.stdout and "<" not in lines[flag]
    assert "<str>" in lines[valued]
