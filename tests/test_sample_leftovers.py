"""A killed `sample --force` or export leaves a temporary file beside its target: the next run removes those whose
writer is gone (the pid in the name says whose), not a live writer's; the sample's is its owner's alone from the first
page; and `sample --force` through a symbolic link replaces the file the link names, not the link."""

import os
import stat
import subprocess
import sys

from workbench.db import connect
from workbench.sample import generate_sample
from workbench.sync.files import atomic_path


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_a_killed_samples_partial_file_goes_and_a_running_ones_stays(tmp_path):
    target = tmp_path / "s.sqlite"
    killed = tmp_path / f".s.sqlite.{_dead_pid()}.partial"
    killed.write_bytes(b"\0" * 4096)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f".s.sqlite.{running.pid}.partial"
        live.write_bytes(b"\0" * 4096)
        modes = []

        def look(done, total):   # while the sample is being written: its partial file, as another user sees it
            partial = tmp_path / f".s.sqlite.{os.getpid()}.partial"
            modes.append(stat.S_IMODE(partial.stat().st_mode))

        before = os.umask(0o022)
        try:
            generate_sample(target, customers=300, force=True, progress=look, workers=0)
        finally:
            os.umask(before)
        assert not killed.exists() and live.exists()
        assert modes and set(modes) == {0o600}
    finally:
        running.kill()
        running.wait()


def test_an_export_removes_the_part_file_of_a_killed_one_at_once(tmp_path):
    target = tmp_path / "b.wbundle"
    killed = tmp_path / f".b.wbundle.{_dead_pid()}.x1y2z3.part"
    killed.write_text("half a bundle")
    with atomic_path(target) as tmp:
        assert tmp.name.startswith(f".b.wbundle.{os.getpid()}.")
        tmp.write_text("whole")
    assert target.read_text() == "whole" and not killed.exists()


def test_a_sample_through_a_symbolic_link_replaces_the_file_it_names(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = tmp_path / "real" / "branch.sqlite"
    generate_sample(real, customers=50, seed=1, workers=0)
    link = tmp_path / "links" / "branch.sqlite"
    link.symlink_to(real)
    generate_sample(link, customers=60, seed=7, force=True, workers=0)
    assert link.is_symlink() and link.resolve() == real.resolve()
    conn = connect(real)
    assert conn.execute("SELECT value FROM meta WHERE key = 'sample.seed'").fetchone()[0] == "7"
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 60
    conn.close()
    assert sorted(p.name for p in (tmp_path / "links").iterdir()) == ["branch.sqlite"]
