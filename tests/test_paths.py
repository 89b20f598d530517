"""Without --db the workbench works on a private copy of the sample, never on the sample itself."""

import sqlite3
import stat

from workbench.paths import COMMITTED_SAMPLE, default_db_path


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
