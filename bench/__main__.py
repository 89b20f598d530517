"""Run every benchmark, one process each, and keep what they print in bench/out/.

    python -m bench            # the full sizes of the issues (1,000,000 customers; takes minutes)
    python -m bench --quick    # small sizes, to check the benchmarks still run
    python -m bench engine tui # only these
    python -m bench --out DIR  # keep the outputs in DIR (default bench/out/)

Every benchmark reports its timings as ratios to a baseline measured in the same run, because
absolute times on a shared machine wobble; the machine it ran on is printed first.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: (full-size arguments, quick arguments); bench/bench_NAME.py, or the script SCRIPTS names
SCRIPTS = {"import_xlsx": "bench_import.py"}
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "import": (["--rows", "1000000"], ["--rows", "20000"]),
    # Workbooks at three times the default's size, to show their memory does not grow with the sheet.
    "import_xlsx": (["--rows", "20000", "--xlsx-rows", "300000"], ["--rows", "2000", "--xlsx-rows", "5000"]),
    "sample": (["--customers", "1000000"], ["--customers", "20000"]),
    "dormancy": (["--customers", "1000000"], ["--customers", "50000"]),
    "engine": (["--customers", "1000000"], ["--customers", "50000", "--rebuild"]),
    "contact_rules": ([], ["10000"]),
    "log_outcome": ([], []),
    "tui": (["--customers", "100000", "--others", "900000"], ["--customers", "5000", "--runs", "1"]),
    "export": (["--rows", "1000000"], ["--rows", "20000"]),
    "hand_over": (["--customers", "1000000"], ["--customers", "20000", "--runs", "1"]),
    "report": (["--customers", "200000"], ["--customers", "20000", "--runs", "1"]),
    "pool": (["--customers", "200000"], ["--customers", "20000", "--runs", "1"]),
    "search": (["--customers", "200000"], ["--customers", "20000", "--runs", "1"]),
    "notices": (["--customers", "200000"], ["--customers", "60000", "--runs", "1"]),   # above the sample's own
    "text_wrap": ([], ["--runs", "1"]),
    "agenda": (["--customers", "200000"], ["--customers", "20000", "--runs", "1"]),
    "bundle": (["--customers", "200000"],
               ["--customers", "20000", "--outcomes", "2000", "--chain", "250x8", "--chain", "1x2000", "--runs", "1"]),
}


def machine() -> str:
    mem = ""
    try:
        kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the Branch Workbench benchmarks.")
    parser.add_argument("names", nargs="*", help=f"which ones (default all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where each benchmark's output is kept")
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    out_dir = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}")
    # A quick run keeps its databases in a folder of its own, removed at the end: the full runs' cached samples in
    # the temporary folder may be another checkout's, at another schema, and two runs at once would share them.
    scratch = tempfile.mkdtemp(prefix="bench-quick-") if args.quick else None
    env = {**os.environ, "TMPDIR": scratch} if scratch else None
    try:
        return _run(args, out_dir, env)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _run(args, out_dir: Path, env: dict | None) -> int:
    failed = []
    for name in args.names or list(BENCHMARKS):
        script = HERE / SCRIPTS.get(name, f"bench_{name}.py")
        if not script.exists():
            print(f"\n== {name}: no bench/{script.name} here")
            failed.append(name)
            continue
        extra = BENCHMARKS[name][1 if args.quick else 0]
        print(f"\n== {name} {' '.join(extra)}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *extra], capture_output=True, text=True, env=env)
        text = result.stdout + (result.stderr if result.returncode else "")
        (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        print(text.rstrip())
        print(f"({time.perf_counter() - started:.0f} s{'' if result.returncode == 0 else ', FAILED'})")
        if result.returncode:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
