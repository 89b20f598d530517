"""Reading and converting an extract into batches of ready rows: the part of an import that needs no database.

It runs in a worker process for large files (so reading and converting use one core while the
import writes on the other) or in the importing process itself for small ones. Either way it gives
the same messages: ("batch", rows, new staff, new branches, position), then ("done", stats), or
("error", sentence) for a file that turns out unreadable part-way.
"""

from __future__ import annotations

import pickle
import signal
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench.errors import WorkbenchError
from workbench.importing.rejects import RejectWriter
from workbench.importing.rows import RowError, build_converter
from workbench.importing.seen import SeenIds
from workbench.importing.sources import Source, open_source
from workbench.importing.values import text


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to read the file again exactly as the importing process opened it."""

    path: Path
    encoding: str | None
    delimiter: str | None
    overrides: dict[str, str]
    staff_by_name: dict[str, str]
    seen_path: Path
    reject_path: Path
    batch_size: int


def produce(job: Job, source: Source) -> Iterator[tuple]:
    """Convert every row of source, drop repeated customer numbers, write rejects; yield the batches."""
    columns, convert = build_converter(source.mapping, job.staff_by_name)
    width = len(columns) + 1                      # the values and their hash
    i_manager = columns.index("manager_id") if "manager_id" in columns else None
    i_branch = columns.index("branch_id") if "branch_id" in columns else None
    i_id = source.mapping.columns["customer_id"]
    rejects = RejectWriter(job.reject_path, source.mapping.header)
    seen = SeenIds(job.seen_path)
    managers: set = set()
    branches: set = set()
    rows_read = blank = 0
    batch: list[tuple] = []
    raw: list[tuple[int, list]] = []
    try:
        for row_number, cells in source.rows:
            rows_read += 1
            try:
                values = convert(cells)
            except RowError as exc:
                if not any(text(c) for c in cells):
                    blank += 1
                    continue
                rejects.add(row_number, str(exc), cells)
                cid = text(cells[i_id]) if i_id < len(cells) else ""
                if cid:
                    seen.add_rejected(cid)
                continue
            batch.append(values)
            raw.append((row_number, cells))
            if len(batch) >= job.batch_size:
                yield _batch(batch, raw, seen, rejects, width, i_manager, i_branch, managers, branches, source)
                batch, raw = [], []
        if batch:
            yield _batch(batch, raw, seen, rejects, width, i_manager, i_branch, managers, branches, source)
    finally:
        seen.close()
        rejects.close(keep=True)
    yield ("done", {"rows_read": rows_read - blank, "blank_rows": blank, "rejected": rejects.count,
                   "covered_branches": sorted(b for b in branches if b is not None) if i_branch is not None else None})


def _batch(batch, raw, seen: SeenIds, rejects: RejectWriter, width, i_manager, i_branch, managers, branches, source):
    """One batch as sent: later rows repeating a customer number are rejected (the first row is kept)."""
    firsts = seen.first_rows([(values[0], row_number) for values, (row_number, _) in zip(batch, raw)])
    rows, new_staff, new_branches = [], [], []
    for values, first, (row_number, cells) in zip(batch, firsts, raw):
        if not first:
            rejects.add(row_number, f"customer {values[0]} appears again (first row kept)", cells)
            continue
        rows.append(values[:width])
        branch = values[i_branch] if i_branch is not None else None
        if branch is not None and branch not in branches:
            branches.add(branch)
            new_branches.append((branch, values[-1] or branch))
        manager = values[i_manager] if i_manager is not None else None
        if manager is not None and manager not in managers:
            managers.add(manager)
            new_staff.append((manager, values[-2] or manager, branch))
    return ("batch", rows, new_staff, new_branches, source.position())


def worker_main(job: Job, out) -> None:
    """The worker process's work: open the file again, produce, and write each message as a frame to out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the importing process's to handle

    def send(message: tuple) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)
        out.flush()

    try:
        source = open_source(job.path, encoding=job.encoding, delimiter=job.delimiter, overrides=job.overrides)
        try:
            for message in produce(job, source):
                send(message)
        finally:
            source.close()
    except WorkbenchError as exc:
        send(("error", str(exc)))
    except BrokenPipeError:
        pass   # the importing process has gone: nothing is waiting for the rows
    except BaseException:
        send(("crash", traceback.format_exc()))


def read_frame(stream) -> tuple | None:
    """The next message written by send in worker_main; None at the end of the stream."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


if __name__ == "__main__":
    import sys

    worker_main(pickle.load(sys.stdin.buffer), sys.stdout.buffer)
