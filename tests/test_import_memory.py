"""Peak memory stays flat with the file's size: a 500,000-row extract takes the importing process and
its reader process no more memory than a 200,000-row one (the first import of each, scored, with
the reader process both times).

The bound on the size itself is loose: resident size counts the pages of the shared libraries that
were read in (polars' alone is 178 MB), and how many that is depends on the filesystem the packages
live on: the same run peaks at 130 / 147 MB from one virtual environment and 165 / 185 MB from a
fresh one in /tmp.

Each import runs in a fresh interpreter. Its own peak is the kernel's VmHWM: ru_maxrss would start
from the size of the process that started it (pytest, hundreds of MB late in the suite), since a
fork counts the parent's pages and exec keeps the count. The reader process's peak is its ru_maxrss,
as the importing process (small when it starts the reader) sees it.

The summary's lists of changed customer numbers are capped lower here: they grow, by design, up to
run.ID_LIST_LIMIT (200,000 numbers, about 15 MB) and are not what this test is about.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hostile import write_extract

# Prints the peaks in MB: the importing process's, and its reader process's.
IMPORT = """
import resource, sys
from datetime import datetime
from workbench.db import open_db
from workbench.importing import ImportOptions, import_customers, run
run.ID_LIST_LIMIT = 10_000
db = open_db(sys.argv[2])
summary = import_customers(db.conn, sys.argv[1], options=ImportOptions(workers=1), now=datetime(2026, 3, 1, 9))
assert summary.inserted == int(sys.argv[3]) and summary.rejected == 0, summary
own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(own // 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def peaks(tmp_path: Path, rows: int) -> tuple[int, int]:
    extract = write_extract(tmp_path / f"extract-{rows}.csv", rows)
    done = subprocess.run([sys.executable, "-c", IMPORT, str(extract), str(tmp_path / f"db-{rows}.sqlite"), str(rows)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    importing, reader = map(int, done.stdout.split())
    return importing, reader


def test_peak_memory_does_not_grow_with_the_file(tmp_path):
    small, large = peaks(tmp_path, 200_000), peaks(tmp_path, 500_000)
    assert large[1] > 40, "no reader process ran, so this measured only half the import"
    # 300,000 more rows are 18 MB more of file, and several times that as Python objects (keeping just
    # the converted frames costs 67 MB). Measured growth: 0-3 MB importing, 5-8 MB reading (the
    # allocator's pools), more on a busy machine.
    assert large[0] - small[0] < 20, (small, large)
    assert large[1] - small[1] < 20, (small, large)
    assert max(large) < 250, large
