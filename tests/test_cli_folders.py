"""A folder given where a command takes a file is said to be a folder, in one sentence, and nothing is made."""

import pytest


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_a_folder_given_for_a_bundle_is_said_to_be_a_folder(cli, db_path, folder):
    cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    r = cli("--db", db_path, "--user", "S1", "import", "bundle", folder)
    assert (r.exit_code, r.stderr) == (2, f"error: {folder} is a folder, not a bundle file; give the path of the bundle"
                                          " file itself.\n")
    zh = cli("--db", db_path, "--lang", "zh_CN", "--user", "S1", "import", "bundle", folder)
    assert zh.stderr == f"错误：{folder} 是文件夹，不是同步包文件；请给出同步包文件本身的路径。\n"


@pytest.mark.parametrize("args", [("doctor",), ("init",), ("staff", "list")])
def test_a_folder_given_for_the_database_is_said_to_be_a_folder(cli, folder, args):
    r = cli("--db", folder, *args)
    assert (r.exit_code, r.stderr) == (2, f"error: {folder} is a folder, not a database file; give the database file"
                                          " with --db.\n")
    assert list(folder.iterdir()) == []


def test_a_folder_given_for_a_page_or_an_access_request_is_said_to_be_a_folder(cli, db_path, folder):
    cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    r = cli("--db", db_path, "--user", "S1", "report", "--html", folder)
    assert (r.exit_code, r.stderr) == (2, f"error: {folder} is a folder; give a file name with --html.\n")
    r = cli("--db", db_path, "--user", "S1", "privacy", "export", "--customer", "C1", "--out", folder)
    assert (r.exit_code, r.stderr) == (2, f"error: {folder} is a folder; give a file name with --out.\n")
    assert list(folder.iterdir()) == []
