"""A bundle's lines are read up to a cap: a file without line ends (what a failed USB copy leaves) or with one line
longer than any the workbench writes is refused in one sentence naming the line, after reading no more than the cap,
so memory stays flat whatever the file's size. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import tracemalloc

from sync_data import dump
from test_sync_assignments import _desks
from test_sync_since import _bundle, _run

from workbench.outcomes import MAX_NOTE
from workbench.sync.bundle import LINE_MAX, MANIFEST_MAX, verify_bundle

SIZE = 50 * 1024 * 1024   # a sparse file: no disk, and read whole it would be the peak


def _import(cli, desk, bundle):
    return cli("--db", desk, "--lang", "en", "--now", "2026-11-24T11:00:00", "--user", "S1", "import", "bundle", bundle)


def _peak_reading(path) -> int:
    """The most memory Python held while the bundle was checked (and refused)."""
    tracemalloc.start()
    try:
        verify_bundle(path)
    except Exception:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def _refused(cli, desk, bundle, why: str) -> dict:
    """Import the bundle: refused in one sentence, nothing written, under 1 MB held; the database as it was."""
    before = dump(desk)
    r = _import(cli, desk, bundle)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == f"error: Refused {bundle.name}: {why}; nothing was imported.\n"
    assert dump(desk) == before
    assert _peak_reading(bundle) < 1024 * 1024
    return before


def test_a_file_of_zeros_is_refused_after_reading_the_manifests_cap(tmp_path, cli):
    _supervisor, desk = _desks(tmp_path)
    zeros = tmp_path / "zeros.wbundle"
    with open(zeros, "wb") as fh:
        fh.truncate(SIZE)
    before = _refused(cli, desk, zeros, "its first line is longer than 16 KB, far longer than a bundle's manifest (it"
                                        " is not an outcome bundle, or it is damaged)")
    # One long line that starts as a manifest does, in Chinese too.
    long = tmp_path / "long.wbundle"
    long.write_bytes(b'{"format":"workbench-outcome-bundle","x":"' + b"A" * (MANIFEST_MAX * 4) + b'"}')
    r = cli("--db", desk, "--lang", "zh_CN", "--user", "S1", "import", "bundle", long)
    assert r.exit_code == 2 and "其第一行超过 16 KB" in r.stderr and dump(desk) == before


def test_an_entry_line_longer_than_the_cap_is_refused_naming_it(tmp_path, cli):
    supervisor, desk = _desks(tmp_path)
    _run(cli, supervisor, "2026-11-24T09:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    bundle = _bundle(cli, supervisor, "2026-11-24T10:00:00", "s.wbundle")
    manifest, entry = bundle.read_bytes().splitlines(keepends=True)
    grown = tmp_path / "grown.wbundle"
    with open(grown, "wb") as fh:
        fh.write(manifest + entry)
        fh.write(b'{"table":"outcomes","row":{"note":"')
        fh.truncate(SIZE)   # zeros to the end: line 3 has no line end
    _refused(cli, desk, grown, "line 3 is longer than 64 KB, and no entry the workbench writes is that long (the file"
                               " is damaged or tampered with)")


def test_the_longest_entry_the_workbench_writes_is_well_within_the_cap(tmp_path, cli):
    """A note of 2,000 control characters is the longest outcome entry: JSON writes each as \\u0001."""
    supervisor, desk = _desks(tmp_path)
    _run(cli, supervisor, "2026-11-24T09:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer", "--note",
         "\x01" * MAX_NOTE)
    bundle = _bundle(cli, supervisor, "2026-11-24T10:00:00", "s.wbundle")
    longest = max(map(len, bundle.read_bytes().splitlines(keepends=True)))
    assert 12_000 < longest < LINE_MAX // 4
    r = _import(cli, desk, bundle)
    assert r.exit_code == 0 and "outcome entries 1 new" in r.stdout
