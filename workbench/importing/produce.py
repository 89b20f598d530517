"""Reading an extract, converting it and staging the converted rows; for large files in a reader process.

The producer reads the file (blocks of text, or rows of a workbook), converts each block, stages the
converted rows in scratch part files (stage.Stager) and tells the importing process what it did:
  ("block", rejects, blank rows, rows read, position)  per block; rejects are (row number, reason, cells)
  ("part", stage.Part, position)                         per finished part, ready to be attached
  ("done", hidden rows, page tables, unheaded columns)   at the end (source.hidden_rows, source.tables and
                                                         source.unheaded, found as the rows were read)
A reader process (worker_main) sends the same messages through a pipe, and ("error", sentence) for a
file that turns out unreadable part-way. A repeated customer number is quoted from a second read of
the file at the end (the producer does not keep the cells of rows it staged).
"""

from __future__ import annotations

import gc
import pickle
import signal
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import set_language
from workbench.importing.blocks import read_blocks
from workbench.importing.columns import rows_frame
from workbench.importing.known import Known
from workbench.importing.rows import Converter, build_converter, convert_rows
from workbench.importing.sources import Source, open_source
from workbench.importing.stage import Stager


@dataclass(frozen=True)
class Job:
    """Everything a producer needs to read the file again exactly as the importing process opened it."""

    path: Path
    encoding: str | None   # as given (None: detected again, as the importing process detected it)
    delimiter: str | None
    overrides: dict[str, str]
    known: Known   # staff and branches by name
    today: date    # the import's day: a date of the past after it rejects its row
    batch_size: int
    scratch: Path            # the folder the part files go in
    part_bytes: int          # a part ends once it covers this much of the file
    block_bytes: int | None = None   # text read at a time (None: blocks.BLOCK_BYTES of the reading process)
    language: str = "en"     # the importing process's: a reader process words its rejects and errors in it
    part_ends: tuple[int, ...] | None = None   # if given, where the parts end instead (the last goes on to the end)


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


def staged_messages(source: Source, converter: Converter, job: Job) -> Iterator[tuple]:
    """The producer's messages (see the module's docstring) for the whole file."""
    stager = Stager(job.scratch, converter.columns)
    try:
        part_start = position = 0
        ends = None if job.part_ends is None else deque(job.part_ends)
        blocks = converted_blocks(source, converter, job.batch_size, job.block_bytes, Unheaded(source))
        for numbers, frame, rejects, blank, position in blocks:
            stager.add(frame)
            yield "block", rejects, blank, len(numbers), position
            due = position - part_start >= job.part_bytes if ends is None else bool(ends) and position >= ends[0]
            if due and (part := stager.finish_part()):
                part_start = position
                if ends:
                    ends.popleft()
                yield "part", part, position
        if part := stager.finish_part():
            yield "part", part, position
    finally:
        stager.close()
    yield "done", source.hidden_rows, source.tables, source.unheaded


class Unheaded:
    """Looks for data in the columns under an empty header cell (into source.unheaded), each only until some is
    found: a file without such columns costs nothing."""

    def __init__(self, source: Source):
        self.found = source.unheaded
        self.empty = [i for i, title in enumerate(source.mapping.header) if not title.strip()]

    def frame(self, frame) -> None:
        """A block's frame of text (a column per header cell)."""
        from workbench.importing.columns import strip

        for i in list(self.empty):
            if (strip(frame.to_series(i)) != "").any():
                self._found(i)

    def rows(self, rows: list[list]) -> None:
        for i in list(self.empty):
            if any(i < len(cells) and str(cells[i]).strip() for cells in rows):
                self._found(i)

    def _found(self, index: int) -> None:
        self.found.add(index)
        self.empty.remove(index)


def converted_blocks(source: Source, converter: Converter, batch_size: int,
                     block_bytes: int | None = None, unheaded: Unheaded | None = None) -> Iterator[tuple]:
    """(row numbers, converted rows as a frame, rejects, blank rows, position) per block read; unheaded, if
    given, is shown each block's cells.

    Text files whose line ends can be found in the decoded text go in blocks (polars splits the plain
    ones, each distinct cell is parsed once); workbooks and the rest row by row.
    """
    look = unheaded if unheaded is not None and unheaded.empty else None
    if source.in_blocks:
        source.close()
        for block in read_blocks(source.path, source.encoding, source.delimiter, source.header_lines,
                                 len(source.mapping.header), block_bytes=block_bytes, utf8_lines=source.utf8_lines,
                                 header_row=source.header_row):
            if look is not None and look.empty:
                if block.frame is not None:
                    look.frame(block.frame)
                else:
                    look.rows(block.rows)
            if block.frame is not None:
                converted, rejected = converter.block(block.frame, block.numbers)
                rejects = [(block.numbers[i], reason, list(block.frame.row(i)))
                           for i, reason in rejected.items() if reason is not None]
                blank = sum(reason is None for reason in rejected.values())
                yield block.numbers, converted, rejects, blank, block.position
            else:
                results = convert_rows(converter.row, block.rows)
                yield block.numbers, *_sorted_out(converter, block.numbers, results, block.rows.__getitem__), \
                    block.position
        return
    width = len(source.mapping.header)
    for numbers, batch, position in read_batches(source, batch_size):
        if look is not None and look.empty:
            look.rows(batch)
        if text_only(batch, width):   # the block way, which gives exactly what the row way would
            converted, rejected = converter.block(text_frame(batch), numbers)
            rejects = [(numbers[i], reason, batch[i]) for i, reason in rejected.items() if reason is not None]
            yield numbers, converted, rejects, sum(reason is None for reason in rejected.values()), position
            continue
        results = convert_rows(converter.row, batch)
        yield numbers, *_sorted_out(converter, numbers, results, batch.__getitem__), position


def text_only(rows: list[list], width: int) -> bool:
    """True when every row is width cells of text (a workbook of text cells, or text read row by row)."""
    return all(len(cells) == width and all(cell.__class__ is str for cell in cells) for cells in rows)


def text_frame(rows: list[list[str]]):
    """Rows of text cells, all as wide, as a polars frame of one String column per cell position."""
    import polars as pl

    return pl.DataFrame([pl.Series(str(i), column, pl.String) for i, column in enumerate(zip(*rows))])


def _sorted_out(converter: Converter, numbers: list[int], results: list, cells_at) -> tuple:
    """(converted rows as a frame, rejects, blank rows) from each row's converted values or reason."""
    good, rejects, blank = [], [], 0
    for i, (number, result) in enumerate(zip(numbers, results)):
        if result.__class__ is tuple:
            good.append((number, *result))
        elif result is None:
            blank += 1
        else:
            rejects.append((number, result, cells_at(i)))
    return rows_frame(converter.columns, good), rejects, blank


def worker_main(job: Job, out) -> None:
    """The worker process's work: read, convert and stage the file, writing each message to out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the importing process's to handle
    # Rows of odd blocks are lists and tuples of text that make no reference cycles; collecting every
    # 700 of them (the default) costs time for nothing, so collect a hundred times less often.
    gc.set_threshold(100_000, 50, 100)

    def send(message: tuple) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)
        out.flush()

    try:
        set_language(job.language)
        source = open_source(job.path, encoding=job.encoding, delimiter=job.delimiter, overrides=job.overrides)
        try:
            converter = build_converter(source.mapping, job.known, job.today)
            for message in staged_messages(source, converter, job):
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
