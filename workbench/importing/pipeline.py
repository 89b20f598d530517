"""Where the rows come from: a worker process for large files, this process for small ones."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator

from workbench.errors import WorkbenchError
from workbench.importing.produce import Job, read_frame, staged_messages
from workbench.importing.sources import Source

# Below this size a worker's start-up (about a third of a second) costs more than it saves.
WORKER_MIN_BYTES = 8 * 1024 * 1024
# A workbook's size here is its sheet's XML (570-820 bytes a row, measured); reading it is most of the work and
# all of it the reader's, so a worker gains less: even at 50,000 rows (28 MB), measured 3.3 s each way.
SHEET_WORKER_MIN_BYTES = 32 * 1024 * 1024


def wants_worker(source: Source, workers: int | None) -> bool:
    """workers None decides by size; 0 never; 1 always (tests use it to run the worker on small files)."""
    if workers is not None:
        return workers > 0
    if (os.cpu_count() or 1) < 2 or not sys.executable:
        return False
    # A workbook read by calamine is loaded whole by each process that opens it: a second reader would
    # only add a load.
    return not source.whole and source.size >= (SHEET_WORKER_MIN_BYTES if source.kind == "xlsx" else WORKER_MIN_BYTES)


def messages(job: Job, source: Source, converter, *, worker: bool) -> Iterator[tuple]:
    """The producer's messages up to ("done", ...) (see produce's docstring), made here or by a worker
    process; a file unreadable part-way raises WorkbenchError."""
    if not worker:
        yield from staged_messages(source, converter, job)
        return
    source.close()   # the worker opens the file again and finds the same header
    # A fresh interpreter, not fork: the importing process holds an open SQLite transaction (and may
    # run threads); not multiprocessing's spawn either, which would run the caller's main script again.
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench.importing.produce"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "POLARS_MAX_THREADS": "1"},   # the importing process has the other core
    )
    try:
        _widen(process.stdout)
        pickle.dump(job, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.close()
        while True:
            message = read_frame(process.stdout)
            if message is None:
                raise RuntimeError(f"the import's reading process stopped (exit code {process.poll()})")
            if message[0] == "error":
                raise WorkbenchError(message[1])
            if message[0] == "crash":
                raise RuntimeError(f"the import's reading process failed:\n{message[1]}")
            yield message
            if message[0] == "done":
                return
    finally:
        process.stdout.close()   # a worker still writing gets a broken pipe and stops
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _widen(pipe) -> None:
    """A 1 MB pipe (Linux; elsewhere the default): a block's message (large when it quotes many rejected
    rows) then crosses in a few writes, not dozens of 64 KB hand-overs, each of which waits for the
    other process to be scheduled."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
