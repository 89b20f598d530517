"""Without --db the workbench works on a private copy of the sample, never on the sample itself."""

import sqlite3
import stat

import pytest

from workbench.errors import WorkbenchError
from workbench.paths import COMMITTED_SAMPLE, default_db_path, read_text


def _terminal(path):
    return sqlite3.connect(path).execute("SELECT value FROM meta WHERE key='terminal_id'").fetchone()[0]


def test_first_use_copies_the_sample_as_a_new_terminal(tmp_path):
    before = COMMITTED_SAMPLE.read_bytes()
    path = default_db_path()
    assert path.parent == tmp_path / "home" and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _terminal(path) != _terminal(COMMITTED_SAMPLE)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM customers").fetchone()[0] > 1000
    assert default_db_path() == path and COMMITTED_SAMPLE.read_bytes() == before


def test_a_text_file_handed_in_loses_its_byte_order_mark_and_a_bad_one_is_one_sentence(tmp_path):
    saved = tmp_path / "hq.toml"
    saved.write_bytes("\ufeff[[campaign]]\n".encode("utf-8"))   # as Notepad saves UTF-8
    assert read_text(saved) == "[[campaign]]\n"
    saved.write_bytes("标题".encode("gbk"))
    missing = tmp_path / "none.toml"
    for path, said in ((tmp_path, f"{tmp_path} is a folder, not a file."), (missing, f"No file at {missing}."),
                       (saved, f"{saved} is not UTF-8 text.")):
        with pytest.raises(WorkbenchError) as caught:
            read_text(path)
        assert str(caught.value) == said


def test_a_sample_written_as_the_working_database_is_a_terminal_of_its_own_and_one_written_out_is_the_seeds(
        cli, tmp_path):
    assert cli("sample", "--customers", "200", "--force").exit_code == 0
    working = tmp_path / "home" / "workbench.sqlite"
    out = tmp_path / "out.sqlite"
    assert cli("sample", "--customers", "200", "--out", out).exit_code == 0
    assert _terminal(out) == _terminal(COMMITTED_SAMPLE) != _terminal(working)
