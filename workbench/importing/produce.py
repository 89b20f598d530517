"""Reading an extract in batches; for large files, reading and converting them in a worker process.

The worker process reads the file again (finding the same header), converts each batch and sends it
while the importing process writes the previous one. Batches travel as ("batch", row numbers,
cells, converted rows, position), then ("done",), or ("error", sentence) for a file that turns out
unreadable part-way. Only the cells of rejected and blank rows travel (the importing process writes
the reject report, which quotes them); a repeated customer number is quoted from a second read.
"""

from __future__ import annotations

import gc
import pickle
import signal
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.importing.blocks import read_blocks
from workbench.importing.rows import Converter, build_converter, convert_rows
from workbench.importing.sources import Source, open_source

@dataclass(frozen=True)
class Job:
    """Everything a worker needs to read the file again exactly as the importing process opened it."""

    path: Path
    encoding: str | None
    delimiter: str | None
    overrides: dict[str, str]
    staff_by_name: dict[str, str]
    batch_size: int


def read_batches(source: Source, batch_size: int) -> Iterator[tuple[list[int], list[list], int]]:
    """(row numbers, rows of cells, position in the file) for each batch of rows as read."""
    numbers: list[int] = []
    batch: list[list] = []
    for number, cells in source.rows:
        numbers.append(number)
        batch.append(cells)
        if len(batch) >= batch_size:
            yield numbers, batch, source.position()
            numbers, batch = [], []
    if batch:
        yield numbers, batch, source.position()


def converted_batches(source: Source, converter: Converter, batch_size: int) -> Iterator[tuple]:
    """(row numbers, cells or None, converted rows, position) per batch. Cells go only with rows the
    reject report quotes for sure (rejects and blanks); a repeated customer number is read again later.

    Text files whose line ends can be found in the decoded text go in blocks (polars splits the plain
    ones, each distinct cell is parsed once); workbooks and the rest row by row.
    """
    if source.in_blocks:
        source.close()
        for block in read_blocks(source.path, source.encoding, source.delimiter, source.header_row,
                                 len(source.mapping.header)):
            if block.frame is not None:
                converted = converter.block(block.frame)
                yield block.numbers, _quoted(converted, lambda i, f=block.frame: list(f.row(i))), converted, block.position
            else:
                converted = convert_rows(converter.row, block.rows)
                yield block.numbers, _quoted(converted, block.rows.__getitem__), converted, block.position
        return
    for numbers, batch, position in read_batches(source, batch_size):
        converted = convert_rows(converter.row, batch)
        yield numbers, _quoted(converted, batch.__getitem__), converted, position


def _quoted(converted: list, cells_at) -> list:
    """The cells of each row that did not convert (the report quotes them), None for the others."""
    return [None if result.__class__ is tuple else cells_at(i) for i, result in enumerate(converted)]


def worker_main(job: Job, out) -> None:
    """The worker process's work: read, convert, and write each batch as a message to out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the importing process's to handle
    # Rows are lists and tuples of text that make no reference cycles; collecting every 700 of them
    # (the default) costs about 7% of this process's time, so collect a hundred times less often.
    gc.set_threshold(100_000, 50, 100)

    def send(message: tuple) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)
        out.flush()

    try:
        source = open_source(job.path, encoding=job.encoding, delimiter=job.delimiter, overrides=job.overrides)
        try:
            converter = build_converter(source.mapping, job.staff_by_name)
            for numbers, quoted, converted, position in converted_batches(source, converter, job.batch_size):
                send(("batch", numbers, quoted, converted, position))
        finally:
            source.close()
        send(("done",))
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
