"""Every benchmark still runs: `python -m bench --quick` runs each at small sizes, one process each, and fails when
one does. The sample benchmark once crashed for a day unnoticed, since no test ran it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench import __main__ as runner
from bench.__main__ import BENCHMARKS

ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_runs_at_its_quick_size_and_keeps_its_output(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "FAILED" not in result.stdout
    for name in BENCHMARKS:
        text = (out / f"{name}.txt").read_text(encoding="utf-8")
        assert text.strip(), name
        assert "Traceback" not in text, name


@pytest.mark.parametrize(("benchmarks", "said"), [
    ({"crashes": (["many"], ["many"])}, " s, FAILED)"),   # its script stops on a size it cannot read (seconds vary)
    ({"missing": ([], [])}, "no bench/bench_missing.py here"),
])
def test_a_benchmark_that_crashes_or_is_missing_fails_the_run(tmp_path, monkeypatch, capsys, benchmarks, said):
    monkeypatch.setattr(runner, "SCRIPTS", {"crashes": "bench_contact_rules.py"})
    monkeypatch.setattr(runner, "BENCHMARKS", benchmarks)
    monkeypatch.setattr(sys, "argv", ["bench", "--quick", "--out", str(tmp_path)])
    assert runner.main() == 1
    assert said in capsys.readouterr().out


def test_a_quick_run_keeps_its_databases_in_a_folder_of_its_own_removed_at_the_end(tmp_path, monkeypatch, capsys):
    """The full runs cache their samples in the temporary folder by size and schema; a quick run (the test above)
    must not take another checkout's cached database, nor share one with a run at the same time."""
    script = tmp_path / "bench_where.py"
    script.write_text("import tempfile\nprint('tmp=' + tempfile.gettempdir())\n", encoding="utf-8")
    monkeypatch.setattr(runner, "HERE", tmp_path)
    monkeypatch.setattr(runner, "BENCHMARKS", {"where": ([], [])})
    monkeypatch.setattr(sys, "argv", ["bench", "--quick", "--out", str(tmp_path / "out")])
    assert runner.main() == 0
    scratch = Path(next(line for line in capsys.readouterr().out.splitlines() if line.startswith("tmp="))[4:])
    assert scratch.name.startswith("bench-quick-") and scratch.parent == Path(tempfile.gettempdir())
    assert not scratch.exists()


def test_cached_samples_are_named_by_the_schema_they_were_built_at(monkeypatch):
    import bench.bench_report as report
    from workbench.db.connection import SCHEMA_VERSION

    built = []
    monkeypatch.setattr(report, "generate_sample", lambda path, customers: built.append(path))
    path = report.sample_db(7, "-never-built")
    assert built == [path] and path.name == f"bench-report-7-never-built-v{SCHEMA_VERSION}.sqlite"
