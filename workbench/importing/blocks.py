"""Reading a CSV/TSV extract in blocks of whole records, split by polars' CSV parser where that is safe.

The file is decoded as it streams (so any encoding the row reader takes works, with the same clear
error for bad bytes) and cut after the last line break outside quotes. A block whose records are one
line each and exactly as wide as the header is split by polars and handed on as a frame of text;
any other block (ragged rows, line breaks inside cells, malformed quotes, lone carriage returns) is
split by Python's csv module, row by row, exactly as the row reader would.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import _, ngettext
from workbench.importing.two_encodings import Utf8Watch

# About 16,000 rows of a typical extract. A block's plain cells stay in polars, so per-operation
# overhead, not memory, sets the size: a million rows convert in 5.4-5.8 s with 2 MB blocks against
# 8.0 s with 512 KB ones (one polars thread); the reader process then peaks at about 140 MB (4 MB
# blocks: 180 MB).
BLOCK_BYTES = 2 * 1024 * 1024


@dataclass
class Block:
    """Records from the file: as a polars frame of text (every row full width) or as rows (anything else)."""

    numbers: list[int]                       # each record's row, as a spreadsheet numbers it (a cell's line break
                                             # does not count)
    frame: object = None                     # polars.DataFrame, one String column per header column
    rows: list[list[str]] | None = None
    position: int = 0                        # bytes of the file read so far
    lines: int | None = None                 # physical lines the rows span, as csv counts them


def can_read_in_blocks(encoding: str, sample: str) -> bool:
    """True when line breaks can be found in the decoded text: one byte-order-free encoding of ASCII
    line ends (not UTF-16/32) and no carriage return that ends a line alone (old Mac files)."""
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return False
    return sample.count("\r") == sample.count("\r\n")


def read_blocks(path: Path, encoding: str, delimiter: str, header_lines: int, width: int,
                block_bytes: int | None = None, utf8_lines: bool = False, header_row: int | None = None) -> Iterator[Block]:
    """The records after the first header_lines physical lines, block by block (of about
    block_bytes, default BLOCK_BYTES), in file order, numbered on from header_row (the header's row;
    header_lines when not given); utf8_lines: a line that reads as UTF-8 is refused (GB18030 detected,
    see two_encodings.Utf8Watch)."""
    block_bytes = block_bytes or BLOCK_BYTES
    line = 0
    row = header_lines if header_row is None else header_row
    pending = ""   # text whose last record goes on past it (a quote csv reads as opening a cell)
    for text, position, final in _texts(path, encoding, block_bytes, utf8_lines):
        text = pending + text
        if not text:   # the end of the file, with nothing left over
            return
        pending = ""
        if header_lines:
            start = _after_lines(text, header_lines)
            skipped = text.count("\n", 0, start)
            header_lines -= skipped
            line += skipped
            text = text[start:]
            if header_lines or not text:
                continue
        block = _as_columns(text, delimiter, width, row) or _as_rows(text, delimiter, line, row, path.name, final, width)
        if block is None:
            pending = text
            continue
        if final and block.numbers and not text.endswith(("\n", "\r")):
            last = block.rows[-1] if block.frame is None else list(block.frame.row(-1))
            if is_cut(last, width, _ends_in_quote(text, delimiter)):
                raise cut_short_error(path.name, block.numbers[-1])
        block.position = position
        line += text.count("\n") if block.lines is None else block.lines
        row += len(block.numbers)
        if block.numbers:
            yield block


def _texts(path: Path, encoding: str, block_bytes: int, utf8_lines: bool) -> Iterator[tuple[str, int, bool]]:
    """Decoded text cut after a line break (outside quotes where the quote marks pair up), the bytes
    read so far, and whether the file ends with it."""
    carry = ""
    with Utf8Watch(path) if utf8_lines else path.open("rb") as fh:
        for text, final in decoded(fh, encoding, block_bytes, path.name):
            text = carry + text
            if final:
                yield text, fh.tell(), True   # even when empty: read_blocks may hold a record back
                return
            cut = _last_record_end(text)
            if cut:
                yield text[:cut], fh.tell(), False
            carry = text[cut:]


def decoded(fh, encoding: str, block_bytes: int, name: str) -> Iterator[tuple[str, bool]]:
    """The text of binary file fh, block_bytes at a time, and whether the file ends with it (the last is
    the decoder's remainder, often ""); one sentence naming the line of the first bytes that do not decode."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines, last = 0, ""
    while True:
        raw = fh.read(block_bytes)
        state = decoder.getstate()
        try:
            text = decoder.decode(raw, final=not raw)
        except UnicodeDecodeError:
            if not raw:   # the file ends with the first bytes of a character
                raise cut_short_error(name, lines + 1) from None
            before, rest = _undecodable(encoding, state, raw)
            raise decode_error(name, encoding, lines + _breaks(last, before) + 1, rest) from None
        lines += _breaks(last, text)
        last = text[-1:] or last
        yield text, not raw
        if not raw:
            return


def first_decode_error(path: Path, encoding: str) -> WorkbenchError:
    """The sentence for a file that does not decode as encoding, found by reading it again from the start
    (a text reader decodes ahead of the rows it has given, so its own count of lines is short)."""
    with path.open("rb") as fh:
        try:
            for _block in decoded(fh, encoding, BLOCK_BYTES, path.name):
                pass
        except WorkbenchError as exc:
            return exc
    return WorkbenchError(_("{name} is not valid {encoding} text; say its encoding with --encoding "
                            "(e.g. gb18030 or utf-8).").format(name=path.name, encoding=encoding))


def _breaks(last: str, text: str) -> int:
    """Line ends in text as csv counts them (CR LF, LF, or a CR alone), after text ending in `last`."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") - (last == "\r" and text[:1] == "\n")


def _undecodable(encoding: str, state: tuple, raw: bytes) -> tuple[str, bytes]:
    """Where in raw (decoded after decoder state `state`) the first bad bytes are: the text before them,
    and the rest of their line from them on (ASCII-compatible encodings)."""
    low, high = 0, len(raw)
    while low < high:   # the longest start of raw that decodes (a longer one holds the bad bytes)
        middle = (low + high + 1) // 2
        try:
            _decoder(encoding, state).decode(raw[:middle])
            low = middle
        except UnicodeDecodeError:
            high = middle - 1
    decoder = _decoder(encoding, state)
    before = decoder.decode(raw[:low])
    bad = max(0, low - len(decoder.getstate()[0]))   # a character's first bytes wait in the decoder
    end = raw.find(b"\n", bad)
    return before, raw[bad:end if end >= 0 else len(raw)]


def _decoder(encoding: str, state: tuple):
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    decoder.setstate(state)
    return decoder


def decode_error(name: str, encoding: str, line: int, rest: bytes = b"") -> WorkbenchError:
    """One sentence for bytes on line `line` that do not decode; rest is that line from them on. A GBK
    line after UTF-8 ones is what joining two exports gives, and is said so."""
    if line > 1 and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") and _is_gbk(rest):
        return WorkbenchError(_(
            "{name} is not valid utf-8 text near line {line}: the lines before it are UTF-8 but line {line} "
            "looks like GBK; save the file again in one encoding (were two files joined?), or say its "
            "encoding with --encoding.").format(name=name, line=line))
    return WorkbenchError(_("{name} is not valid {encoding} text near line {line}; say its encoding with "
                            "--encoding (e.g. gb18030 or utf-8).").format(name=name, encoding=encoding, line=line))


def cut_short_error(name: str, row: int) -> WorkbenchError:
    """One sentence for a text file cut short (a copy broken off part-way): imported, its last customers would be
    missing without a word, and --full would inactivate them."""
    return WorkbenchError(_("{name} ends part-way through row {row}: it seems cut short; ask for the file again.")
                          .format(name=name, row=f"{row:,}"))


def is_cut(cells: list[str], width: int, in_quote: bool) -> bool:
    """Whether the last record of a text that does not end in a line break is cut short: it opens a quote it
    never closes, or it has fewer cells than the header (a last line of blanks, or DOS's end-of-file mark, is
    none: many tools end a file without a line break)."""
    if not any(cell.strip(" \t\x1a") for cell in cells):
        return False
    return in_quote or len(cells) < width


def _ends_in_quote(text: str, delimiter: str) -> bool:
    """Whether csv ends text (whole records from its start) inside a quoted cell."""
    last = None
    try:
        for last in csv.reader(io.StringIO(text + "\n" + END_MARK, newline=""), delimiter=delimiter):
            pass
    except csv.Error:   # what csv cannot split the row reader refuses in its own words
        return False
    return last != [END_MARK]


def csv_error(name: str, line: int, exc: csv.Error) -> WorkbenchError:
    """One sentence for a line Python's csv module cannot split (its own words after ours)."""
    return WorkbenchError(_("{name} line {line} cannot be read as CSV: {reason}.").format(
        name=name, line=line, reason=exc))


def _is_gbk(data: bytes) -> bool:
    """Whether data holds non-ASCII text that decodes as GB18030."""
    try:
        return not data.isascii() and bool(data.decode("gb18030"))
    except UnicodeDecodeError:
        return False


def _last_record_end(text: str) -> int:
    """The index just after the last line break with an even count of quote marks before it, else just
    after the last line break (a stray quote in a bare cell, which csv reads as a plain character),
    or 0 when there is none."""
    last = text.rfind("\n")
    parity = text.count('"') & 1
    end = len(text)
    at = last
    while at >= 0:
        parity ^= text.count('"', at, end) & 1
        end = at
        if not parity:
            return at + 1
        at = text.rfind("\n", 0, at)
    return last + 1


def _after_lines(text: str, lines: int) -> int:
    """The index after the first `lines` line breaks of text (its length if it has fewer)."""
    at = -1
    for _line in range(lines):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text)
    return at + 1


def _as_columns(text: str, delimiter: str, width: int, row: int) -> Block | None:
    """The block split by polars, or None when it is not plain one-line, full-width records (rows after row)."""
    if width < 2 or "\r" in text and text.count("\r") != text.count("\r\n"):
        return None   # one column: a blank line and an empty cell look alike to polars
    import polars as pl

    try:
        frame = pl.read_csv(
            text.encode("utf-8"), has_header=False, separator=delimiter, quote_char='"',
            schema={f"c{i}": pl.String for i in range(width)}, empty_string_is_null=False,
            truncate_ragged_lines=False, raise_if_empty=False,
        )
    except Exception:   # polars refuses what csv reads leniently (stray quotes, long rows): row by row
        return None
    records = text.count("\n") + (not text.endswith("\n"))
    if frame.height != records or not records:
        return None   # a line break inside a quoted cell: line numbers need the row reader
    # polars fills a short row's missing cells with "": the delimiters in the text must be exactly the
    # separators of full rows plus those inside cells.
    inside, longest = frame.select(
        pl.sum_horizontal(pl.all().str.count_matches(delimiter, literal=True)).sum().alias("inside"),
        pl.max_horizontal(pl.all().str.len_bytes().max()).alias("longest"),
    ).row(0)
    if text.count(delimiter) != records * (width - 1) + (inside or 0):
        return None
    if (longest or 0) > csv.field_size_limit():
        return None   # csv refuses a cell this long, and so does the row reader: let it say so
    if EXCEL_TEXT in text:
        frame = frame.with_columns(_excel_text_read(pl.col(c)) for c in frame.columns
                                   if frame[c].str.starts_with(EXCEL_TEXT).any())
    return Block(list(range(row + 1, row + 1 + records)), frame=frame)


# ="0012345": how many exports keep a long number or a leading zero as text when Excel opens the file.
EXCEL_TEXT = '="'
_EXCEL_TEXT_CELL = r'(?s)^="(.*)"$'


def excel_text(cell: str) -> str:
    """A cell written as ="…" read as the text inside (its doubled quote marks single); others as they are."""
    if cell.startswith(EXCEL_TEXT) and cell.endswith('"') and len(cell) > 2:
        return cell[2:-1].replace('""', '"')
    return cell


def _excel_text_read(column):
    """excel_text for a polars column."""
    import polars as pl

    return (pl.when(column.str.contains(_EXCEL_TEXT_CELL))
            .then(column.str.extract(_EXCEL_TEXT_CELL, 1).str.replace_all('""', '"', literal=True))
            .otherwise(column))


END_MARK = "\x01\x02"   # a record no extract holds: csv reads it as its own record only outside quotes


class UnclosedQuote(str):
    """The cell of a record that opens a quote (a stray " at a cell's start) not closed where its row ends, so the
    rows after it are read into it: its text, with `reason`, the sentence naming the rows it takes in, for its row's
    reject (and so that --full does not count the customers of those rows as gone from the file)."""

    reason: str


def mark_unclosed(cells: list[str], row: int, delimiter: str, width: int) -> list[str]:
    """cells, with a cell that took in the rows after its own (a line of it after the first holds a whole row's
    separators) as an UnclosedQuote naming them; as they are otherwise (a line break in a quoted address, a comma on
    its second line, takes in no row). row: the record's, as a spreadsheet numbers it."""
    enough = max(1, width - 1)
    for index, cell in enumerate(cells):
        if "\n" in cell and any(line.count(delimiter) >= enough for line in cell.split("\n")[1:]):
            taken = sum(c.rstrip("\r\n").count("\n") for c in cells)   # the file's last line break ends no row
            marked = UnclosedQuote(cell)
            marked.reason = ngettext(
                "an unclosed quote in row {row} takes in the row after it ({first})",
                "an unclosed quote in row {row} takes in the rows after it ({first} to {last})", taken).format(
                row=f"{row:,}", first=f"{row + 1:,}", last=f"{row + taken:,}")
            return [*cells[:index], marked, *cells[index + 1:]]
    return cells


def _as_rows(text: str, delimiter: str, line: int, row: int, name: str, final: bool, width: int) -> Block | None:
    """The block split by Python's csv module, as the row reader splits it (rows after row; line: the physical
    lines before it, which an error names); None when csv ends it inside a quoted cell (the cell goes on in the
    next text) unless the file ends there."""
    reader = csv.reader(io.StringIO(text if final else text + END_MARK, newline=""), delimiter=delimiter)
    numbers, rows = [], []
    at = 0   # the physical lines read
    try:
        for cells in reader:
            numbers.append(row + len(rows) + 1)
            if reader.line_num - at > 1:   # a record over several lines: a quoted line break, or rows taken in
                cells = mark_unclosed(cells, numbers[-1], delimiter, width)
            at = reader.line_num
            rows.append(cells)
    except csv.Error as exc:
        raise csv_error(name, line + reader.line_num, exc) from None
    lines = reader.line_num
    if not final:
        if not rows or rows[-1] != [END_MARK]:
            return None
        numbers.pop()
        rows.pop()
        lines -= 1   # the sentinel's own line
    if EXCEL_TEXT in text:
        rows = [[excel_text(cell) for cell in cells] for cells in rows]
    # csv also ends a line at a lone carriage return, which text.count("\n") would miss.
    return Block(numbers, rows=rows, lines=lines)
