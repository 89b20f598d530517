"""`workbench` and `workbench app` refuse bad input with one sentence before any screen opens."""

from __future__ import annotations


def test_app_on_a_missing_database_is_one_clear_error(cli, tmp_path):
    result = cli("--db", tmp_path / "nope.sqlite", "app")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No database at") and "Traceback" not in result.stderr


def test_app_on_a_foreign_file_is_one_clear_error(cli, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    result = cli("--db", junk)
    assert result.exit_code == 2 and result.stderr.startswith("error: Cannot open")


def test_app_with_a_bad_now_is_one_clear_error(cli, db_path):
    result = cli("--db", db_path, "--now", "yesterday", "app")
    assert result.exit_code == 2 and "--now must be an ISO date" in result.stderr


def test_app_with_an_unknown_language_is_one_clear_error(cli, db_path):
    result = cli("--db", db_path, "--lang", "fr", "app")
    assert result.exit_code == 2 and "Unknown language" in result.stderr
