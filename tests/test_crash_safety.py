"""SIGKILL in the middle of an import, a rescore and an export: the file stays sound and holds either
everything from before or everything from after, never a mix."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.hostile import count, integrity, run_workbench, sample_ids, start_workbench, table_digest, write_extract

FRACTIONS = (0.1, 0.3, 0.5, 0.7, 0.85)    # kill points, as parts of one whole run's wall time


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A scored 20,000-customer sample branch, written once for the module."""
    path = tmp_path_factory.mktemp("crash") / "sample.sqlite"
    run_workbench(path, "sample", "--customers", "20000", "--out", path, user=None, check=True)
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def db_state(db: Path) -> tuple:
    """What a run may change: the customers (count and digest) and the log tables' sizes."""
    conn = sqlite3.connect(str(db))
    try:
        return (table_digest(conn, "customers", "customer_id"), count(conn, "import_log"),
                count(conn, "scoring_runs"), count(conn, "audit_log"))
    finally:
        conn.close()


def copy_db(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def run_folder(parent: Path, name: str, template: Path) -> Path:
    """A folder of its own for one run, holding a fresh copy of the template database."""
    folder = parent / name
    folder.mkdir()
    copy_db(template, folder / "db.sqlite")
    return folder


def finished_run(template: Path, parent: Path, make_args) -> tuple[Path, float]:
    """One uninterrupted run on a copy: its folder (the after state), and how long the process took."""
    folder = run_folder(parent, "after", template)
    started = time.monotonic()
    result = run_workbench(folder / "db.sqlite", *make_args(folder))
    assert result.returncode == 0, result.stderr
    return folder, time.monotonic() - started


def killed_runs(template: Path, parent: Path, make_args, seconds: float):
    """Run on fresh copies, SIGKILL each at a different point; yield (folder, alive, WAL bytes)."""
    for i, fraction in enumerate(FRACTIONS):
        folder = run_folder(parent, f"killed{i}", template)
        proc = start_workbench(folder / "db.sqlite", *make_args(folder))
        time.sleep(seconds * fraction)
        alive = proc.poll() is None
        wal = folder / "db.sqlite-wal"
        wal_bytes = wal.stat().st_size if wal.exists() else 0
        proc.kill()
        proc.communicate(timeout=30)
        yield folder, alive, wal_bytes


def check_kills(template: Path, parent: Path, make_args, check_folder=None) -> list:
    """Every killed run leaves integrity ok and the before or after state; returns what each kill hit."""
    before = db_state(template)
    after_folder, seconds = finished_run(template, parent, make_args)
    after = db_state(after_folder / "db.sqlite")
    assert after != before, "the run changed nothing, so the test proves nothing"
    seen = []
    for folder, alive, wal_bytes in killed_runs(template, parent, make_args, seconds):
        db = folder / "db.sqlite"
        assert integrity(db) == "ok", f"{folder.name}: integrity_check failed after SIGKILL"
        state = db_state(db)
        assert state in (before, after), f"{folder.name}: a mix of before and after (killed while alive={alive})"
        if check_folder:
            check_folder(folder, after_folder)
        seen.append((alive, wal_bytes, "before" if state == before else "after"))
    assert sum(alive for alive, _, _ in seen) >= 3, f"most kills came after the run had ended: {seen}"
    return seen


def test_kill_during_import(sample, tmp_path):
    extract = write_extract(tmp_path / "extract.csv", 40_000, sample_ids(sample, 10_000))
    seen = check_kills(sample, tmp_path, lambda folder: ("import", "customers", extract))
    # The import writes into the WAL long before it commits: some kills hit uncommitted pages.
    assert any(alive and wal_bytes and state == "before" for alive, wal_bytes, state in seen), seen


def test_kill_during_first_import(tmp_path):
    """Into an empty database the import writes under a rollback journal: a kill leaves a journal that
    the next open rolls back."""
    empty = tmp_path / "empty.sqlite"
    run_workbench(empty, "init", user=None, check=True)
    extract = write_extract(tmp_path / "first.csv", 60_000, [])
    seen = check_kills(empty, tmp_path, lambda folder: ("import", "customers", extract))
    assert any(state == "before" for alive, _, state in seen if alive), seen
    assert all(wal_bytes == 0 for _, wal_bytes, _ in seen), seen   # nothing went through the WAL


def test_kill_during_rescore(sample, tmp_path):
    check_kills(sample, tmp_path, lambda folder: ("score", "--full", "--date", "2027-02-01"))


def test_kill_during_export(sample, tmp_path):
    def export_file_whole_or_absent(folder: Path, after_folder: Path) -> None:
        # Written to a temporary sibling and renamed at the end; a stray .part file may remain.
        target = folder / "outcomes.csv"
        assert not target.exists() or target.read_bytes() == (after_folder / "outcomes.csv").read_bytes()

    before = db_state(sample)
    check_kills(sample, tmp_path, lambda folder: ("export", "outcomes", "--out", folder / "outcomes.csv"),
                export_file_whole_or_absent)
    complete = tmp_path / "after" / "outcomes.csv"
    assert complete.read_bytes().count(b"\n") > 10_000
    after = db_state(tmp_path / "after" / "db.sqlite")
    assert after[0] == before[0] and after[3] == before[3] + 1     # customers untouched; one audit entry
