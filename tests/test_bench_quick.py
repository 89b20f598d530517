"""Every benchmark still runs: `python -m bench --quick` runs each at small sizes, one process each, and fails when
one does. The sample benchmark once crashed for a day unnoticed, since no test ran it."""

from __future__ import annotations

import subprocess
import sys
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
    ({"crashes": (["many"], ["many"])}, "(0 s, FAILED)"),   # its script stops on a size it cannot read
    ({"missing": ([], [])}, "no bench/bench_missing.py here"),
])
def test_a_benchmark_that_crashes_or_is_missing_fails_the_run(tmp_path, monkeypatch, capsys, benchmarks, said):
    monkeypatch.setattr(runner, "SCRIPTS", {"crashes": "bench_contact_rules.py"})
    monkeypatch.setattr(runner, "BENCHMARKS", benchmarks)
    monkeypatch.setattr(sys, "argv", ["bench", "--quick", "--out", str(tmp_path)])
    assert runner.main() == 1
    assert said in capsys.readouterr().out
