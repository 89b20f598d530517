"""`workbench init` and `workbench doctor`, and the CLI's error contract."""

import json


def test_init_creates_database(cli, tmp_path):
    path = tmp_path / "new" / "wb.sqlite"
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.stderr
    assert path.exists()
    assert "schema version" in result.stdout


def test_doctor_reports(cli, db_path):
    db_path.chmod(0o644)
    result = cli("--db", db_path, "doctor", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok"
    assert report["counts"]["customers"] == 0
    assert any("readable by other users" in w for w in report["warnings"])
    db_path.chmod(0o600)
    assert json.loads(cli("--db", db_path, "doctor", "--json").stdout)["warnings"] == []


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


def test_unknown_language(cli, db_path):
    result = cli("--lang", "fr", "--db", db_path, "doctor")
    assert result.exit_code == 2
    assert "Unknown language" in result.stderr


def test_unknown_option_is_a_usage_error_not_a_crash(cli, db_path):
    result = cli("--db", db_path, "doctor", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "unexpected" not in result.stderr
