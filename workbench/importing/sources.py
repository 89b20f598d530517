"""Opening an extract: CSV/TSV in any common encoding, or an Excel workbook, read row by row.

Nothing here holds the whole file: CSV is decoded and split as it streams from disk, and so is an
.xlsx/.xlsm sheet's XML (xlsx.XlsxBook). Other workbooks (.xls, .xlsb, .ods) are read whole by
python-calamine. An .xls that is really delimited text or a web page's table (as many bank systems
export "Excel") is read as what it is, streamed too, with a note saying so.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, groupby
from pathlib import Path
from typing import Callable

from workbench.errors import WorkbenchError
from workbench.i18n import AND, _, join_list, ngettext
from workbench.importing.blocks import (END_MARK, EXCEL_TEXT, can_read_in_blocks, csv_error, cut_short_error, excel_text,
                                        first_decode_error, is_cut, mark_unclosed)
from workbench.importing.headers import (AMOUNT_FIELDS, REQUIRED, ColumnMap, amount_scale, has_unit, header_problems,
                                         map_columns)
from workbench.importing.html_table import html_rows
from workbench.importing.two_encodings import Utf8Watch, lines_before, reads_as_utf8, two_encodings_error
from workbench.importing.xlsx import HiddenRows, XlsxBook, XlsxError, merged_down

SAMPLE_BYTES = 256 * 1024          # what encoding and delimiter detection look at
DETECT_BYTES = 64 * 1024           # what charset-normalizer looks at (it is slow on more)
HEADER_SEARCH_ROWS = 10            # a title line or two may sit above the header
SHEET_ROWS = 1 << 21               # rows numbered per sheet read (Excel holds at most 1,048,576 a sheet)
_DELIMITERS = (",", "\t", ";", "|")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


@dataclass
class Source:
    """An opened extract: its mapped header, then its data rows as (row number, cells)."""

    path: Path
    kind: str                         # csv / tsv / xlsx / html
    encoding: str | None
    delimiter: str | None
    mapping: ColumnMap
    header_row: int                   # rows numbered as a spreadsheet numbers them (see _open_text)
    rows: Iterator[tuple[int, list]]
    size: int                         # total units for progress (bytes or rows)
    position: Callable[[], int]       # units done so far
    skipped_above_header: int = 0
    in_blocks: bool = False           # text whose line breaks can be found (see blocks.can_read_in_blocks)
    whole: bool = False               # loaded whole by the process that opens it (a workbook read by calamine)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)         # a workbook's sheets read, in order (see sheet_row)
    other_sheets: list[str] = field(default_factory=list)   # later sheets listing customers under another header
    unreadable_sheets: list[str] = field(default_factory=list)   # sheets too damaged to tell if they list any
    hidden_sheets: list[str] = field(default_factory=list)       # hidden sheets that list customers, not read
    hidden_rows: list[HiddenRows] = field(default_factory=list)  # per .xlsx sheet read, counted as its rows are read
    hidden_columns: list[str] = field(default_factory=list)      # mapped columns hidden in Excel, by header
    close: Callable[[], None] = lambda: None
    utf8_lines: bool = False          # GB18030 detected: a line that reads as UTF-8 is refused (see two_encodings)
    header_lines: int = 0             # a text's physical lines up to the header's end, where its blocks start
    tables: PageTables | None = None  # a web page's tables after the first read, sorted out as its rows are read
    # Columns (by index) holding data under no header, found as the rows are read: past the header's last cell
    # (noted by _fitted, which leaves them out) and under an empty header cell (noted by the producer).
    unheaded: set[int] = field(default_factory=set)


def open_source(
    path: Path, *, encoding: str | None, delimiter: str | None, overrides: dict[str, str]
) -> Source:
    """Open path as CSV/TSV or Excel and find its header; one clear sentence when it cannot be read."""
    name = path.name
    if not path.exists():
        raise WorkbenchError(_("There is no file {path}.").format(path=path))
    if path.is_dir():
        raise WorkbenchError(_("{path} is a folder, not an extract file.").format(path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        raise WorkbenchError(_("Cannot read {path}: {reason}.").format(path=path, reason=exc.strerror or exc)) from None
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise WorkbenchError(_("{name} is empty.").format(name=name))
    if head.startswith(_ZIP) or head.startswith(_OLE):
        return _open_excel(path, overrides)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raise _not_a_workbook(name)
    _refuse_padded(path)
    if suffix == ".xls" and _is_html(head):   # what many bank systems export as "Excel"
        return _open_html(path, head, encoding, overrides)
    if encoding and _check_encoding(encoding) in ("utf-16", "utf-32"):
        encoding = _byte_order(head, _check_encoding(encoding), name)
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (encoding or "").lower().startswith("utf-16")
    if not utf16 and not encoding and (bomless := _utf16_without_bom(head)):
        encoding = utf16 = bomless   # as detected: read as UTF-16 in that byte order
    if not utf16 and _binary(head):
        if suffix == ".xls":
            raise _not_a_workbook(name)
        raise WorkbenchError(_("{name} looks like a binary file, not a CSV/TSV text or an Excel workbook.")
                             .format(name=name))
    enc = _check_encoding(encoding) if encoding else _detect_encoding(head, name)
    # Detected GB18030 may hide UTF-8 lines GB18030 decodes too; an encoding given is read as given.
    utf8_lines = not encoding and enc == "gb18030"
    if suffix == ".xls":
        return _open_xls_text(path, head, enc, delimiter, overrides, utf8_lines)
    return _open_text(path, head, enc, delimiter, overrides, utf8_lines)


# NUL bytes ending a text beyond which it is a copy broken off and padded with zeros to its size (a line end in
# UTF-32LE is followed by three).
_PADDING = 4


def _refuse_padded(path: Path) -> None:
    """One sentence for a text file that ends in a run of NUL bytes (a broken copy, padded to the size it should have
    had: what it held past the break is gone), naming the line the zeros begin in; nothing for any other."""
    with path.open("rb") as fh:
        size = end = os.fstat(fh.fileno()).st_size
        fh.seek(max(0, size - _PADDING))
        if fh.read().count(0) < _PADDING:
            return
        while end > 0:   # back to the last byte that is not a NUL
            start = max(0, end - (1 << 20))
            fh.seek(start)
            kept = len(fh.read(end - start).rstrip(b"\x00"))
            end = start + kept
            if kept:
                break
        fh.seek(0)
        lines = at = 0
        while at < end and (chunk := fh.read(min(1 << 20, end - at))):
            lines += chunk.count(b"\n")
            at += len(chunk)
    raise cut_short_error(path.name, lines + 1)


# Bytes no text holds (control characters but tab, line feed and carriage return) beyond which a sample with a NUL is
# binary: a damaged cell's NUL (or an escape a hostile name carries) is a handful; random or packed data has one in ten.
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r")
_CONTROLS_ALLOWED, _CONTROLS_SHARE = 16, 1000   # at most 16, or one byte in 1000 of a longer sample


def _binary(head: bytes) -> bool:
    """The sample (the file's first SAMPLE_BYTES, no UTF-16 byte-order mark) is binary, not text: it holds a NUL, and in
    its first line (where the header is) or among more control bytes than text holds. A NUL in one cell of a text makes
    it no binary: that row is rejected wherever it is in the file (rows.py), not the whole extract refused."""
    if b"\x00" not in head:
        return False
    if b"\x00" in head.split(b"\n", 1)[0]:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > max(_CONTROLS_ALLOWED, len(head) // _CONTROLS_SHARE)


_BOMS = {"utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)}


def _byte_order(head: bytes, encoding: str, name: str) -> str:
    """--encoding utf-16 (or utf-32) for a file: itself when the file starts with its byte-order mark, else UTF-16 in
    the byte order its text shows (a file saved without the mark); one sentence when neither tells the order."""
    if head.startswith(_BOMS[encoding]):
        return encoding
    if encoding == "utf-16" and (order := _utf16_without_bom(head)):
        return order
    raise WorkbenchError(_("{name} does not start with a byte-order mark and does not read as {encoding} text, so "
                           "--encoding {encoding} cannot read it; leave --encoding out to have the encoding detected, "
                           "or give the byte order ({encoding}le or {encoding}be).").format(name=name, encoding=encoding))


# UTF-16 without a byte-order mark (saved so by some tools): text of mostly ASCII characters has a zero byte in every
# other place, the same one of each pair; at least a quarter of them in that place, and few in the other.
_UTF16_ZEROS, _UTF16_OTHER_ZEROS = 4, 20


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the sample is UTF-16 text in that byte order without a byte-order mark: zero
    bytes in one place of each pair, and the whole reading as lines of text (no control characters but tab and line
    ends); else None."""
    sample = head[:DETECT_BYTES]
    sample = sample[:len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    for order, zeros, others in (("utf-16-le", high, low), ("utf-16-be", low, high)):
        if zeros * _UTF16_ZEROS >= pairs and others * _UTF16_OTHER_ZEROS <= pairs:
            try:
                text = codecs.getincrementaldecoder(order)().decode(sample, final=False)
            except UnicodeDecodeError:
                return None
            if ("\n" in text or "\r" in text or len(sample) == len(head)) and \
                    not any(c < " " and c not in "\t\r\n" for c in text):
                return order
    return None


def _not_a_workbook(name: str) -> WorkbenchError:
    return WorkbenchError(_("{name} is named like an Excel workbook but is not one (perhaps CSV or HTML renamed).")
                          .format(name=name))


def _check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise WorkbenchError(_("Unknown encoding {encoding!r}; try utf-8 or gb18030.").format(
            encoding=encoding)) from None


def _detect_encoding(head: bytes, name: str) -> str:
    """BOM first, then strict UTF-8, then strict GB18030, then charset-normalizer (any GB flavour
    reads as GB18030).

    Text that is not UTF-8 but is valid GB18030 is read as GB18030: that is what Excel in China
    saves, and on a short file (a header and a row or two) a statistical guess has too little to go
    on (it answered UTF-16, Big5 or CP949 for such files). Western single-byte text rarely survives
    a strict GB18030 decode (an accented letter before a space or line break does not).
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    whole = len(head) < SAMPLE_BYTES
    # Decoded as if more were to come: a whole file ending with a character's first bytes is one cut short, which
    # reading it in the encoding it is written in says (blocks.cut_short_error), not another encoding.
    if _decodes(head, "utf-8", False):
        return "utf-8"
    _refuse_two_encodings(head, name, whole)
    if _decodes(head, "gb18030", False):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(head[:DETECT_BYTES]).best()
    if best is None:
        raise WorkbenchError(_("Cannot tell the text encoding of {name}; say it with --encoding (e.g. gb18030).")
                             .format(name=name))
    found = codecs.lookup(best.encoding).name
    return "gb18030" if found in _GB_FAMILY or found.replace("-", "") in _GB_FAMILY else found


def _decodes(data: bytes, encoding: str, whole: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=whole)
        return True
    except UnicodeDecodeError:
        return False


_ASCII = bytes(range(128))


def _refuse_two_encodings(head: bytes, name: str, whole: bool) -> None:
    """One sentence for text in two encodings, as two exports joined give: read as either, the other's
    names would come in garbled without a word.

    Text is UTF-8 but for some lines when more of its non-ASCII bytes are on lines valid as UTF-8 than
    not (a GBK line is valid UTF-8 only by rare chance, and then mostly a short one), so a file mostly
    UTF-8 is never guessed as another encoding; text is also two encodings when some lines can only be
    UTF-8, or read as UTF-8 though GB18030 decodes them too (two_encodings.reads_as_utf8), and others
    can only be GBK, and then it is named by the one it starts in."""
    lines = head.split(b"\n") if whole else head.split(b"\n")[:-1]   # a cut sample ends inside a line
    utf8_size, other_size, not_utf8, utf8_only, gb_only = _classify_lines(lines)
    if not_utf8 and utf8_size > other_size:
        first, is_gb = not_utf8[0]
        raise two_encodings_error(name, "UTF-8", first, "GBK" if is_gb else None, len(not_utf8) > 1)
    if utf8_only and gb_only:
        if utf8_only[0] < gb_only[0]:
            raise two_encodings_error(name, "UTF-8", gb_only[0], "GBK", len(gb_only) > 1)
        back = lines_before(lines[:utf8_only[0] - 1])   # UTF-8 lines too rare to tell alone, just before
        raise two_encodings_error(name, "GBK", utf8_only[0] - back, "UTF-8", back > 0 or len(utf8_only) > 1)


def _classify_lines(lines: list[bytes]) -> tuple[int, int, list[tuple[int, bool]], list[int], list[int]]:
    """Over the lines holding non-ASCII bytes: how many such bytes are on lines valid as UTF-8 and on the
    others; the others (line number, whether valid as GB18030); the lines that are UTF-8 only (valid
    only as UTF-8, or valid as both and reading as UTF-8), and those valid only as GB18030 (line
    numbers from 1)."""
    utf8_size = other_size = 0
    not_utf8, utf8_only, gb_only = [], [], []
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        size = len(line.translate(None, _ASCII))
        is_utf8, is_gb = _decodes(line, "utf-8", True), _decodes(line, "gb18030", True)
        if is_utf8:
            utf8_size += size
        else:
            other_size += size
            not_utf8.append((number, is_gb))
        if is_utf8 and (not is_gb or reads_as_utf8(line)):
            utf8_only.append(number)
        elif is_gb and not is_utf8:
            gb_only.append(number)
    return utf8_size, other_size, not_utf8, utf8_only, gb_only


def _ends_in_line_break(path: Path, enc: str) -> bool:
    """Whether the file's last bytes are a line break (LF or CR) in its encoding, either byte order of UTF-16."""
    with path.open("rb") as fh:
        fh.seek(max(0, os.fstat(fh.fileno()).st_size - 4))
        tail = fh.read()
    wide = codecs.lookup(enc).name[:6]
    if wide in ("utf-16", "utf-32"):   # either byte order (the mark, if any, is at the start)
        return tail.endswith(tuple(c.encode(wide + order) for c in "\n\r" for order in ("-le", "-be")))
    return tail.endswith((b"\n", b"\r"))


def _sniff_delimiter(first_line: str, path: Path) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        return "\t" if path.suffix.lower() == ".tsv" else ","
    return best


def _first_line(head: bytes, enc: str) -> tuple[str, str]:
    """The sample decoded (bad bytes replaced), and its first line that is not blank."""
    sample = codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)
    return sample, next((line for line in sample.splitlines() if line.strip()), "")


def _open_xls_text(path: Path, head: bytes, enc: str, delimiter: str | None, overrides: dict[str, str],
                   utf8_lines: bool) -> Source:
    """An .xls that is really delimited text, read as the text it is, with a note saying so; text whose
    first line has no separator is not an extract, and gets the sentence any other non-workbook gets."""
    if not delimiter and not any(d in _first_line(head, enc)[1] for d in _DELIMITERS):
        raise _not_a_workbook(path.name)
    source = _open_text(path, head, enc, delimiter, overrides, utf8_lines)
    source.notes.append(_text_note(source.delimiter).format(name=path.name, delimiter=source.delimiter))
    return source


def _text_note(delimiter: str) -> str:
    """The note for an .xls that is delimited text, naming its separator (placeholders name, delimiter)."""
    named = {"\t": _("{name} is tab-separated text, not a workbook; read as text"),
             ",": _("{name} is comma-separated text, not a workbook; read as text"),
             ";": _("{name} is semicolon-separated text, not a workbook; read as text"),
             "|": _("{name} is pipe-separated text, not a workbook; read as text")}
    return named.get(delimiter) or _("{name} is {delimiter!r}-separated text, not a workbook; read as text")


def _open_text(path: Path, head: bytes, enc: str, delimiter: str | None, overrides: dict[str, str],
               utf8_lines: bool = False) -> Source:
    """A CSV/TSV text; utf8_lines: refuse a line that reads as UTF-8 (two_encodings.Utf8Watch)."""
    name = path.name
    sample, first_line = _first_line(head, enc)
    if delimiter:
        delim = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
        if len(delim) != 1:
            raise WorkbenchError(_("--delimiter must be one character (or 'tab'), not {delimiter!r}.").format(
                delimiter=delimiter))
    else:
        delim = _sniff_delimiter(first_line, path)
    raw = io.BufferedReader(Utf8Watch(path)) if utf8_lines else path.open("rb")
    text = io.TextIOWrapper(raw, encoding=enc, newline="", errors="strict")
    # A last line that is no record (END_MARK) tells a file that ends inside a quoted cell: csv takes it into the cell.
    reader = csv.reader(chain(text, [END_MARK]), delimiter=delim)
    size = os.fstat(raw.fileno()).st_size
    ends_in_break = _ends_in_line_break(path, enc)
    width: list[int] = []   # the header's, once found

    def records() -> Iterator[tuple[int, list]]:
        """Each record with its row as a spreadsheet numbers it, which a line break in a quoted cell does not move
        on (a reject report names the row the manager finds in Excel). Once the header is found (width), a file
        that does not end in a line break is read a record ahead, and its last record refused if it is cut short."""
        try:
            held = None   # the record read ahead
            at = 0        # the physical lines read
            for row, cells in enumerate(reader, 1):
                if cells == [END_MARK]:   # the end of the file, outside any quoted cell
                    break
                in_quote = bool(cells) and cells[-1].endswith(END_MARK)
                if in_quote:
                    cells[-1] = cells[-1][:-len(END_MARK)]
                    if not ends_in_break and width and is_cut(cells, width[0], True):
                        raise cut_short_error(name, row)
                if reader.line_num - at > 1 and width:   # a record over several lines (see blocks.mark_unclosed)
                    cells = mark_unclosed(cells, row, delim, width[0])
                at = reader.line_num
                if EXCEL_TEXT in delim.join(cells):
                    cells = [excel_text(cell) for cell in cells]
                if ends_in_break or not width:
                    yield row, cells
                    continue
                if held is not None:
                    yield held
                held = row, cells
            if held is not None:
                if is_cut(held[1], width[0], False):
                    raise cut_short_error(name, held[0])
                yield held
        except UnicodeDecodeError:
            raise first_decode_error(path, enc) from None
        except csv.Error as exc:
            raise csv_error(name, reader.line_num, exc) from None

    stream = records()
    try:
        mapping, header_row, skipped = _find_header(stream, overrides, name)
    except BaseException:
        raw.close()
        raise
    width.append(len(mapping.header))
    kind = "tsv" if delim == "\t" else "csv"
    # close holds the text wrapper: once the rows run out it would otherwise be collected, closing the file.
    return Source(path, kind, enc, delim, mapping, header_row, stream, size, raw.tell, skipped,
                  in_blocks=can_read_in_blocks(enc, sample), close=text.close, utf8_lines=utf8_lines,
                  header_lines=reader.line_num)


# Merged ranges of a sheet, (first row, first column index, last row, last column index), rows from 1: asked for
# only when a header looks merged (see _merged_down).
Merges = Callable[[], "list[tuple[int, int, int, int]]"]


class HeaderRefused(WorkbenchError):
    """A header found but not to be read as it stands (a unit a title line names in words not read as one, or what
    --map must settle): the file is refused, not another sheet or table of it read in its place."""


def _find_header(stream: Iterator[tuple[int, list]], overrides: dict[str, str], name: str,
                 above: tuple[str, ...] = (), merges: Merges | None = None):
    """The first row (of the first few non-empty ones) that names customer_id and name; above: title
    lines read before the stream (in a web page, a table above the one read); merges: a workbook sheet's
    merged ranges, for a header cell merged down from the row above (see _merged_down)."""
    first: ColumnMap | None = None
    skipped = 0
    titles: list[str] = list(above)
    rows_above: list[tuple[int, list]] = []
    for row_number, cells in stream:
        if not any(str(c).strip() for c in cells):
            continue
        mapping = map_columns([_header_text(c) for c in cells], overrides)
        if mapping.complete:
            if merges is not None and (below := _under_group_titles(stream, row_number, cells, rows_above, merges,
                                                                    overrides)):
                rows_above.append((row_number, cells))
                titles.append(" ".join(_header_text(c) for c in cells))
                skipped += 1
                (row_number, cells), mapping = below
            if merges is not None and (widened := _merged_down(row_number, cells, rows_above, merges)):
                mapping = map_columns([_header_text(c) for c in widened[0]], overrides)
                mapping.notes += widened[1]
            if merges is not None:
                _merged_across(mapping, row_number, merges)
            if name and len(problems := header_problems(mapping, overrides)) > 1:   # one alone: run.py says it
                raise HeaderRefused(_header_refused(name, problems, mapping.header))
            _title_unit(mapping, titles, name)
            return mapping, row_number, skipped
        rows_above.append((row_number, cells))
        titles.append(" ".join(_header_text(c) for c in cells))
        first = first or mapping
        skipped += 1
        if skipped >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise _no_rows_at_all(name)
    missing = join_list((_("{field} (e.g. {header})").format(field=f, header=_EXAMPLE_HEADER[f])
                         for f in REQUIRED if f not in first.columns), last=AND)
    if problems := header_problems(first, overrides):
        raise WorkbenchError(_header_refused(name, [_("no column for {fields}").format(fields=missing), *problems],
                                             first.header))
    raise WorkbenchError(_("{name} has no usable header: no column for {fields} among {found}; name the columns with "
                           "--map 'SOURCE=field'.").format(name=name, fields=missing, found=_columns_found(first.header)))


def _columns_found(header: list[str]) -> str:
    """A header's titles on one line, for a sentence (no terminal escapes, at most 200 characters)."""
    found = ", ".join(h for h in header if h) or _("(none)")
    return "".join(c if c.isprintable() else " " for c in found[:200])


def _header_refused(name: str, problems: list[str], header: list[str]) -> str:
    """One sentence naming every problem of a header (see headers.header_problems), so that one run tells them all."""
    listed = _("; ").join(f"({number}) {problem}" for number, problem in enumerate(problems, 1))
    return _("{name} has {n} problems with its header: {problems}; say which column is which with --map 'SOURCE=field' "
             "(its columns are {found}).").format(name=name, n=len(problems), problems=listed,
                                                 found=_columns_found(header))


class _Again:
    """Rows into which the one read after a header can be put back: _find_header reads the row below a row of group
    titles to tell whether the header is there (see _under_group_titles)."""

    def __init__(self, rows: Iterator[tuple[int, list]]) -> None:
        self.rows = rows
        self.back: list[tuple[int, list]] = []

    def __iter__(self) -> _Again:
        return self

    def __next__(self) -> tuple[int, list]:
        return self.back.pop() if self.back else next(self.rows)

    def again(self, row: tuple[int, list]) -> None:
        self.back.append(row)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()


def _under_group_titles(stream, row_number: int, cells: list, rows_above: list[tuple[int, list]], merges: Merges,
                        overrides: dict[str, str]) -> tuple[tuple[int, list], ColumnMap] | None:
    """A header over two rows whose upper row holds group titles merged across columns (联系方式 over 手机号 and
    固定电话, 资产情况 over 资产余额 and 峰值资产) names customer_id and name too when those are merged down over both
    rows (客户号 in A1:A2): the header is the row below, when under a group title it holds a column title the
    headers know and, completed by the cells merged down (_merged_down), names customer_id and name. ((its number,
    its cells), its mapping), or None, and the row read below put back. Only a stream that can put a row back
    (_Again) is looked ahead in."""
    if not hasattr(stream, "again"):
        return None
    across = [(left, right) for top, left, _bottom, right in merges() if top == row_number and right > left]
    if not across:
        return None
    below = next(stream, None)
    if below is None:
        return None
    number, row = below
    titled = any(map_columns([_header_text(row[j])], overrides).columns
                 for left, right in across for j in range(left, min(right + 1, len(row))) if str(row[j]).strip())
    if titled:
        widened = _merged_down(number, row, [*rows_above, (row_number, cells)], merges)
        mapping = map_columns([_header_text(c) for c in (widened[0] if widened else row)], overrides)
        if mapping.complete:
            return below, map_columns([_header_text(c) for c in row], overrides)
    stream.again(below)
    return None


def _merged_across(mapping: ColumnMap, row_number: int, merges: Merges) -> None:
    """A header cell merged across columns (联系电话 over C1:D1) names its first column only, as Excel keeps the
    text there: the summary names the others as under it; under a phone header, the first such column is the
    second phone column (phone_2) when there is none, as a mobile and a landline under 联系电话 are."""
    for top, left, bottom, right in merges():
        if not top <= row_number <= bottom or right <= left or left >= len(mapping.header):
            continue
        title = mapping.header[left]
        field = next((f for f, j in mapping.columns.items() if j == left), None)
        if not title or field is None:
            continue
        under = [j for j in range(left + 1, right + 1) if j >= len(mapping.header) or not mapping.header[j]]
        if field == "phone" and under and "phone_2" not in mapping.columns:
            mapping.columns["phone_2"] = under.pop(0)
            mapping.header += [""] * (mapping.columns["phone_2"] + 1 - len(mapping.header))
            mapping.header[mapping.columns["phone_2"]] = title   # a column with a header: not "no header"
            mapping.notes.append(_("column {column}, under the merged header {header} ({cells}), is read as the "
                                   "second phone column").format(column=column_letter(mapping.columns["phone_2"]),
                                                                  header=title, cells=_cells(top, left, bottom, right)))
        if under:
            mapping.notes.append(ngettext(
                "column {columns}, under the merged header {header} ({cells}), is not imported: the header names its "
                "first column ({column}) only; give the column a header of its own to import it",
                "columns {columns}, under the merged header {header} ({cells}), are not imported: the header names its "
                "first column ({column}) only; give each column a header of its own to import it", len(under)).format(
                    columns=join_list((column_letter(j) for j in under), last=AND), header=title,
                    cells=_cells(top, left, bottom, right), column=column_letter(left)))


def _cells(top: int, left: int, bottom: int, right: int) -> str:
    return f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"


def _merged_down(row_number: int, cells: list, rows_above: list[tuple[int, list]],
                 merges: Merges) -> tuple[list, list[str]] | None:
    """A header over two rows (客户信息 over 客户号, 客户姓名 ...) whose cell for one column is merged down over
    both (客户经理 in G2:G3) leaves the header row empty there, and Excel keeps the text in the top cell only:
    the header takes it, with a note saying so. (the header's cells so completed, the notes), or None. The
    merged ranges are asked for only when a cell above has text where the header has none."""
    texts = {(number, j): _header_text(c).strip() for number, row in rows_above for j, c in enumerate(row)
             if str(c).strip()}
    empty = {j for _number, j in texts if j >= len(cells) or not str(cells[j]).strip()}
    if not empty:
        return None
    filled = list(cells)
    notes = []
    for top, left, bottom, right in merges():
        if left == right and left in empty and top < row_number <= bottom and (top, left) in texts:
            filled += [""] * (left + 1 - len(filled))
            filled[left] = texts[top, left]
            empty.discard(left)
            notes.append(_("the header of column {column} is {header}, from a cell merged down over the header's "
                           "rows ({cells})").format(column=column_letter(left), header=texts[top, left],
                                                    cells=f"{column_letter(left)}{top}:{column_letter(left)}{bottom}"))
    return (filled, notes) if notes else None


def column_letter(index: int) -> str:
    """A column's letters as Excel names it, from its index (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _no_rows_at_all(name: str) -> WorkbenchError:
    return WorkbenchError(_("{name} has no rows at all.").format(name=name))


# A title line's unit of amounts: 单位：万元, 金额单位:人民币千元, (单位:元), 单位（万元）, 单位/万元, 注：资产余额单位为万元.
_TITLE_UNIT = re.compile(r"单位\s*(?:[:：/／(（]|为|是)?\s*(?:人民币)?\s*([十百千]?[万亿]?元|[万亿])[)）]?")
# A title line naming a large unit in words the pattern above does not read (客户明细 万元): not an amount (5万元以上,
# 五十万元), which a number before it makes, nor a threshold the list is drawn by (资产万元以上客户名单, 万元户).
_UNIT_WORD = re.compile(r"(?<![0-9０-９.,，零〇一二三四五六七八九十百千两])[千万亿]元(?!\s*(?:以上|以下|及以上|及以下|以内|起|户))")


def _title_unit(mapping: ColumnMap, titles: list[str], name: str = "") -> None:
    """Amount columns whose header gives no unit take the one a title line above the header gives
    (单位：万元): read as yuan, every amount would be off ten thousand times. A title line that names a
    unit (万元) in a form not read so is refused, naming the line, when an amount column gives no unit of
    its own (name: the file's, for the sentence; a later sheet's header, looked at without one, is not)."""
    taken = [f for f in AMOUNT_FIELDS if f in mapping.columns and not has_unit(mapping.header[mapping.columns[f]])]
    found = next((m for m in map(_TITLE_UNIT.search, titles) if m), None)
    if found is None:
        unsure = next((line for line in titles if _UNIT_WORD.search(line)), None)
        if unsure is not None and taken and name:
            line = " ".join(unsure.split())[:80]
            raise HeaderRefused(_(
                "{name}: the line above the header {line!r} names a unit ({unit}) but not as the import reads a "
                "unit of amounts, so {column} could be in yuan or in it; write it as 单位：{unit} on that line, or in "
                "the column's header ({column}({unit})), or 单位：元 if the amounts are in yuan.").format(
                name=name, line=line, unit=_UNIT_WORD.search(unsure)[0],
                column=mapping.header[mapping.columns[taken[0]]]))
        return
    scale = amount_scale(f"({found[1]})")
    for f in taken:
        mapping.scales[f] = scale
    if taken and scale != 1:
        mapping.notes.append(_("amounts read in {unit}, as the line above the header says ({line})").format(
            unit=found[1], line=found[0]))


_EXAMPLE_HEADER = {"customer_id": "客户号", "name": "姓名"}   # a header each required field is known by


def _header_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _once(close: Callable[[], None]) -> Callable[[], None]:
    """close that may be called again (calamine raises on a second close)."""
    done = []

    def once() -> None:
        if not done:
            done.append(True)
            close()
    return once


# A workbook part unpacking to more than PACKED_RATIO times its packed size (and past PACKED_FLOOR) is refused before
# anything reads it: real extracts' sheets unpack 7-8 times (300,000 rows as openpyxl and as xlsxwriter write them),
# a sheet of 100,000 identical rows 16 times, of styled blank cells 12; deflate's most is about 1,030, which a
# 1.5 MB file holding 1.5 GB of spaces reaches, and reading that would take minutes without a word.
PACKED_RATIO = 200
PACKED_FLOOR = 4 << 20   # a smaller part reads in a few seconds whatever it holds (spaces are the slowest, 1.4 MB/s)


def _refuse_packed(path: Path) -> None:
    """One sentence naming the first part of the zip at path that would unpack far beyond what a sheet's rows need, by
    the sizes the zip declares (which Python's reader holds each part to: more fails its check); a file that is not a
    readable zip is left to the readers to say so."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    for part in parts:
        if part.file_size > PACKED_FLOOR and part.file_size > PACKED_RATIO * max(part.compress_size, 1):
            raise WorkbenchError(_(
                "{name} cannot be imported: its part {part} would unpack from {packed} MB to {size} MB, {ratio} times"
                " as much, far more than any sheet's rows need (a damaged or hostile file); ask for the file again.")
                .format(name=path.name, part=part.filename, packed=f"{part.compress_size / 1e6:,.1f}",
                        size=f"{part.file_size / 1e6:,.0f}", ratio=f"{part.file_size // max(part.compress_size, 1):,}"))


def _open_excel(path: Path, overrides: dict[str, str]) -> Source:
    """A workbook's first sheet with a header, then each later sheet under a like header; .xlsx/.xlsm
    streamed, anything else read by calamine. A part that would unpack far beyond its rows is refused first."""
    _refuse_packed(path)
    try:
        book = XlsxBook(path)
    except XlsxError:   # not an XML workbook: .xls, .xlsb, .ods, or damaged (calamine then says so)
        return _open_calamine(path, overrides)
    name = path.name
    problem = None
    progress = [0]   # XML read so far, over every sheet read (each sheet's rows add to it)

    def open_rows(sheet_name: str, hidden: HiddenRows) -> Iterator[tuple[int, list]]:
        return _streamed(book.rows(sheet_name, progress, hidden), _on_sheet(name, sheet_name))

    # A hidden sheet is not read (what Excel shows is the extract), but one that lists customers is named.
    visible = [n for n in book.sheet_names if n not in book.hidden]
    hidden = _listing([n for n in book.sheet_names if n in book.hidden], overrides, book.rows)
    unreadable_before: list[str] = []
    for at, sheet_name in enumerate(visible):
        hidden_rows = HiddenRows()
        raw = _Again(book.rows(sheet_name, progress, hidden_rows))
        try:
            mapping, header_row, skipped = _find_header(raw, overrides, _on_sheet(name, sheet_name),
                                                        merges=_xlsx_merges(book, sheet_name))
        except (WorkbenchError, XlsxError) as exc:   # no header, or damaged before one is found
            raw.close()
            if isinstance(exc, HeaderRefused):
                book.close()
                raise
            progress[0] = 0
            if isinstance(exc, XlsxError):
                unreadable_before.append(sheet_name)
            else:
                problem = problem or exc
            continue
        except BaseException:
            raw.close()
            book.close()
            raise
        hidden_rows.count = 0   # the header and the title lines above it are no customers
        later, other, unreadable = _later_sheets(visible[at + 1:], mapping, overrides, book.rows,
                                                 lambda n: _xlsx_merges(book, n))
        later_hidden = {sheet.name: HiddenRows(after=sheet.header_row) for sheet in later}
        stream = _streamed(raw, _on_sheet(name, sheet_name), header_row)
        unheaded: set[int] = set()
        rows = _chained(stream, later, lambda n: open_rows(n, later_hidden[n]), len(mapping.header), unheaded)
        size = sum(book.sheet_size(n) for n in [sheet_name, *(sheet.name for sheet in later)])
        source = Source(path, "xlsx", None, None, mapping, header_row, rows, size, lambda: progress[0],
                        skipped + sum(sheet.skipped for sheet in later), unheaded=unheaded)
        _name_sheets(source, [sheet_name, *(sheet.name for sheet in later)], other, unreadable_before + unreadable,
                     hidden)
        source.hidden_rows = [hidden_rows, *later_hidden.values()]
        source.hidden_columns = _hidden_mapped(book, sheet_name, later, mapping)
        source.close = _once(lambda: (rows.close(), book.close()))
        return source
    book.close()
    _only_hidden(name, hidden)
    if unreadable_before:
        raise WorkbenchError(_("{name} (sheet {sheet}) is damaged; ask for the file again.").format(
            name=name, sheet=unreadable_before[0]))
    raise problem or _no_sheet_with_data(name)


@dataclass
class _LaterSheet:
    """A sheet read after the first: where its header is, and where each of the first sheet's columns
    sits in it (take is None when its header is the first's, column for column)."""

    name: str
    header_row: int
    skipped: int
    take: list[int | None] | None


def _xlsx_merges(book: XlsxBook, sheet_name: str) -> Merges:
    """The sheet's merged ranges, read when asked; none when the sheet is too damaged to give them (its rows
    then say so as they are read)."""
    def merges() -> list[tuple[int, int, int, int]]:
        try:
            return book.merged_ranges(sheet_name)
        except XlsxError:
            return []
    return merges


def _calamine_merges(sheet_of: Callable[[], object]) -> Merges:
    """The merged ranges of the sheet sheet_of gives, as calamine reads them (rows from 0); none for a kind of
    workbook it reads none of, or a sheet it cannot read."""
    def merges() -> list[tuple[int, int, int, int]]:
        try:
            ranges = sheet_of().merged_cell_ranges or []
        except Exception:   # calamine's own errors, of several kinds
            return []
        return [(top + 1, left, bottom + 1, right) for (top, left), (bottom, right) in ranges]
    return merges


def _later_sheets(names: list[str], first: ColumnMap, overrides: dict[str, str],
                  look: Callable[[str], Iterator[tuple[int, list]]],
                  merges_of: Callable[[str], Merges] | None = None) -> tuple[list[_LaterSheet], list[str], list[str]]:
    """The later sheets to read after the first (their header maps the same fields, in any order: an
    extract split by sub-branch or at Excel's row limit); those that list customers under another
    header, which are not read (a holdings sheet, say, is not more customers); and those that cannot
    be read (look gives a sheet's rows, and XlsxError for a sheet it cannot read). The columns of
    the sheets read that map to nothing are added to first's unmapped, to be reported once."""
    read, other, unreadable = [], [], []
    for sheet_name in names:
        try:
            found = _header_in(sheet_name, overrides, look, merges_of(sheet_name) if merges_of else None)
        except XlsxError:
            unreadable.append(sheet_name)
            continue
        if found is None:   # no header naming customers: notes, a summary, an empty sheet
            continue
        mapping, header_row, skipped = found
        if _same_fields(first, mapping):
            read.append(_LaterSheet(sheet_name, header_row, skipped, _columns_taken(first, mapping)))
            first.unmapped += [title for title in mapping.unmapped if title not in first.unmapped]
            for rival_field, headers in mapping.rivals.items():
                first.rivals.setdefault(rival_field, headers)
        else:
            other.append(sheet_name)
    return read, other, unreadable


def _header_in(sheet_name: str, overrides: dict[str, str], look: Callable[[str], Iterator[tuple[int, list]]],
               merges: Merges | None = None):
    """A sheet's header as _find_header gives it, from its first rows (read no further); None when it
    names no customer number and name; XlsxError when the sheet cannot be read."""
    rows = None
    try:
        rows = _Again(look(sheet_name))
        return _find_header(rows, overrides, "", merges=merges)
    except WorkbenchError:
        return None
    finally:
        if rows is not None:
            rows.close()


def _listing(names: list[str], overrides: dict[str, str], look: Callable[[str], Iterator[tuple[int, list]]]) -> list[str]:
    """Those of the sheets named whose header names customers (one that cannot be read names none)."""
    listing = []
    for sheet_name in names:
        try:
            if _header_in(sheet_name, overrides, look) is not None:
                listing.append(sheet_name)
        except XlsxError:
            pass
    return listing


def _only_hidden(name: str, hidden: list[str]) -> None:
    """When no visible sheet lists customers but hidden ones do, one sentence that says so."""
    if hidden:
        raise WorkbenchError(_("{name} lists customers only on hidden sheets ({sheets}); unhide them in Excel "
                               "(right-click a sheet tab, Unhide) and save the workbook, then import it again.").format(
            name=name, sheets=", ".join(hidden)))


def _same_fields(first: ColumnMap, other: ColumnMap) -> bool:
    """Whether two headers name the same fields, the same ones sharing a cell, in the same units."""
    def shape(mapping: ColumnMap) -> list[list[str]]:
        by_column: dict[int, list[str]] = {}
        for field_name, index in mapping.columns.items():
            by_column.setdefault(index, []).append(field_name)
        return sorted(sorted(fields) for fields in by_column.values())

    return shape(first) == shape(other) and first.scales == other.scales


def _hidden_mapped(book: XlsxBook, first: str, later: list[_LaterSheet], mapping: ColumnMap) -> list[str]:
    """The headers of the mapped columns Excel hides on any sheet read (a later sheet's by the first's header)."""
    mapped = sorted(set(mapping.columns.values()))
    hidden: set[int] = set()
    for sheet_name, take in [(first, None), *((sheet.name, sheet.take) for sheet in later)]:
        columns = book.hidden_columns(sheet_name)
        hidden.update(i for i in mapped if (i if take is None else take[i]) in columns)
    return [mapping.header[i] for i in sorted(hidden)]


def _columns_taken(first: ColumnMap, other: ColumnMap) -> list[int | None] | None:
    """For each of the first header's columns, the other header's column for the same field (or of the
    same title, for a column mapped to nothing); None for the whole when the headers are the same."""
    if other.header == first.header:
        return None
    field_at = {index: field_name for field_name, index in first.columns.items()}
    titles = {title: index for index, title in reversed(list(enumerate(other.header)))}
    return [other.columns[field_at[index]] if index in field_at else titles.get(title)
            for index, title in enumerate(first.header)]


def _chained(first: Iterator[tuple[int, list]], later: list[_LaterSheet],
             open_rows: Callable[[str], Iterator[tuple[int, list]]], width: int,
             beyond: set[int] | None = None) -> Iterator[tuple[int, list]]:
    """The first sheet's rows, then each later sheet's rows below its header, laid out in the first
    sheet's columns (beyond: see _fitted); the k-th later sheet's row r is numbered k * SHEET_ROWS + r
    (see sheet_row)."""
    yield from _fitted(first, width, beyond)
    for k, sheet in enumerate(later, 1):
        offset, rows = k * SHEET_ROWS, open_rows(sheet.name)
        try:
            below = ((number, cells) for number, cells in rows if number > sheet.header_row)
            for number, cells in _laid_out(below, sheet.take, width, beyond):
                yield offset + number, cells
        finally:
            rows.close()


def _laid_out(rows: Iterator[tuple[int, list]], take: list[int | None] | None,
              width: int, beyond: set[int] | None = None) -> Iterator[tuple[int, list]]:
    """Rows under a later header laid out in the first header's columns: each the first header's width
    (take None: the headers are the same; beyond: see _fitted), or each column taken from where it stands
    (see _columns_taken)."""
    if take is None:
        yield from _fitted(rows, width, beyond)
        return
    for number, cells in rows:
        size = len(cells)
        yield number, [cells[i] if i is not None and i < size else "" for i in take]


def sheet_row(number: int, sheets: list[str]) -> tuple[str, int]:
    """The sheet and its own row number for a row number of a workbook read over several sheets."""
    return sheets[min(number // SHEET_ROWS, len(sheets) - 1)], number % SHEET_ROWS


def _name_sheets(source: Source, read: list[str], other: list[str], unreadable: list[str], hidden: list[str]) -> None:
    source.sheets, source.other_sheets, source.unreadable_sheets, source.hidden_sheets = read, other, unreadable, hidden
    source.notes.append(ngettext("sheet {sheets}", "sheets {sheets}", len(read)).format(sheets=", ".join(read)))


def _on_sheet(name: str, sheet: str) -> str:
    """A file's name with one of its sheets', as the sentences about that sheet name the place."""
    return _("{name} (sheet {sheet})").format(name=name, sheet=sheet)


def _no_sheet_with_data(name: str) -> WorkbenchError:
    return WorkbenchError(_("{name} has no sheet with data.").format(name=name))


def _calamine_rows(book, sheet_name: str, name: str | None = None,
                   heights: dict[str, int] | None = None) -> Iterator[tuple[int, list]]:
    """A sheet's rows as calamine gives them, one at a time, numbered from row 1 (iter_rows starts
    there whatever the used range); heights, if given, is told how many that makes (for progress,
    without loading the sheet again). A sheet calamine cannot read, even part-way, raises XlsxError
    when only its header is looked for (name None), and one sentence when it is imported."""
    try:
        sheet = book.get_sheet_by_name(sheet_name)
        if heights is not None:
            heights[sheet_name] = sheet.end[0] + 1 if sheet.end else 0
        yield from merged_down(enumerate(sheet.iter_rows(), 1), _calamine_merges(lambda: sheet)())
    except Exception:   # calamine's own errors, of several kinds
        if name is None:
            raise XlsxError("calamine cannot read it") from None
        raise WorkbenchError(_("{name} (sheet {sheet}) cannot be read; ask for the file again.").format(
            name=name, sheet=sheet_name)) from None


def _streamed(rows: Iterator[tuple[int, list]], name: str, number: int = 0) -> Iterator[tuple[int, list]]:
    """The sheet's rows (after row number, read already); a sheet found damaged part-way ends the
    import with one sentence."""
    try:
        for number, cells in rows:
            yield number, cells
    except XlsxError as exc:
        raise WorkbenchError(_("{name} is damaged after row {row} ({reason}); ask for the file again.").format(
            name=name, row=number, reason=exc)) from None


def _fitted(rows: Iterator[tuple[int, list]], width: int, beyond: set[int] | None = None) -> Iterator[tuple[int, list]]:
    """Each row as wide as the header, as calamine gives a sheet's rows (it pads every row to the
    sheet's width; cells past the header are under no name, so they are read by no field); beyond, if
    given, is told the columns past the header that hold data (for the summary to name)."""
    for number, cells in rows:
        size = len(cells)
        if size > width and beyond is not None:
            beyond.update(i for i in range(width, size) if i not in beyond and str(cells[i]).strip())
        yield number, cells + [""] * (width - size) if size < width else cells[:width] if size > width else cells


def _open_calamine(path: Path, overrides: dict[str, str]) -> Source:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    name = path.name
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:
        raise WorkbenchError(_("{name} cannot be opened as an Excel workbook (it may be damaged or another kind of "
                               "file).").format(name=name)) from None
    problem = None
    done = [0]   # rows read so far, over every sheet read
    shown = {sheet.name: sheet.visible == SheetVisibleEnum.Visible for sheet in book.sheets_metadata}
    visible = [n for n in book.sheet_names if shown.get(n, True)]
    hidden = _listing([n for n in book.sheet_names if not shown.get(n, True)], overrides,
                      lambda n: _calamine_rows(book, n))

    def counted(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
        for row in rows:
            done[0] += 1
            yield row

    for at, sheet_name in enumerate(visible):
        try:
            sheet = book.get_sheet_by_name(sheet_name)
        except Exception:
            continue
        first = sheet.start[0] if sheet.start else 0
        rows = sheet.to_python(skip_empty_area=True)   # from the first used row (iter_rows starts at row 1)
        stream = _Again(counted(merged_down(((first + index + 1, cells) for index, cells in enumerate(rows)),
                                            _calamine_merges(lambda: sheet)())))
        try:
            mapping, header_row, skipped = _find_header(stream, overrides, _on_sheet(name, sheet_name),
                                                        merges=_calamine_merges(lambda: sheet))
        except HeaderRefused:
            book.close()
            raise
        except WorkbenchError as exc:
            done[0] = 0
            problem = problem or exc
            continue
        heights: dict[str, int] = {}   # each later sheet's rows, noted as its header is looked for
        later, other, unreadable = _later_sheets(visible[at + 1:], mapping, overrides,
                                                 lambda n: _calamine_rows(book, n, heights=heights),
                                                 lambda n: _calamine_merges(lambda: book.get_sheet_by_name(n)))
        total = len(rows) + sum(heights[sheet.name] for sheet in later)
        unheaded: set[int] = set()
        chained = _chained(stream, later, lambda n: counted(_calamine_rows(book, n, name)), len(mapping.header),
                           unheaded)
        source = Source(path, "xlsx", None, None, mapping, header_row, chained, total, lambda: done[0],
                        skipped + sum(sheet.skipped for sheet in later), whole=True, unheaded=unheaded)
        _name_sheets(source, [sheet_name, *(sheet.name for sheet in later)], other, unreadable, hidden)
        source.close = _once(lambda: (chained.close(), book.close()))
        return source
    book.close()
    _only_hidden(name, hidden)
    raise problem or _no_sheet_with_data(name)


# An .xls that is really a web page: a bank system's "Excel" export is often an HTML <table>.
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)


def _is_html(head: bytes) -> bool:
    """Whether head starts a web page holding a table (not Excel 2003's XML workbook, whose <Table> holds
    no <td>: it is refused as any other non-workbook is)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<table" in text and b"<workbook" not in text


def _open_html(path: Path, head: bytes, encoding: str | None, overrides: dict[str, str]) -> Source:
    """The rows of the first <table> with a header among its first rows, as a CSV's is found: a title or
    search-criteria table above it (查询条件, dates, the branch), however long, is skipped like title
    lines (a unit it gives, 单位：万元, included), as is any other table without one. Then, as the page
    streams on, each later table whose header names the same fields (a table per sub-branch), laid out
    in the first one's columns; the later tables not read are listed in source.tables. Text cells, with
    a note saying what the file is."""
    name = path.name
    enc = _html_encoding(head, encoding, name)
    at, read, unit = [0], [0, 0], []   # bytes read; rows with text, and all rows, read; the first unit line
    rows = html_rows(path, enc, at)
    tables = groupby(_counted(rows, read, unit), key=lambda row: row[1][0])
    likeliest = None      # when no table has a header: (how like one its first row is, the sentence for it)
    try:
        for table_number, table in tables:
            first = _read_table(table_number, table, overrides, name, unit)
            if first is None:
                continue   # a table of empty rows
            if first.mapping is not None:
                break
            likeness = _header_likeness(first.cells, overrides)
            if likeliest is None or likeness > likeliest[0]:
                likeliest = (likeness, first.problem)
        else:
            # No table rows at all is not a page of customers; table rows without a header get the usual sentence.
            raise likeliest[1] if likeliest else _no_rows(name, read)
    except BaseException:
        rows.close()
        raise
    page = PageTables(first.number)
    unheaded: set[int] = set()
    data = _page_rows(first, tables, overrides, name, unit, page, unheaded)
    source = Source(path, "html", enc, None, first.mapping, first.header_row, data, path.stat().st_size,
                    lambda: at[0], read[0] - 1, tables=page, unheaded=unheaded)
    source.notes.append(_("{name} is an HTML web page, not a workbook; its table read as rows").format(name=name))
    source.close = _once(lambda: (data.close(), rows.close()))
    return source


@dataclass
class PageTables:
    """A web page's tables after the first one read, sorted out as the page streams past (each named by
    its number on the page and, when not read, its first row)."""

    first: int                                          # the table read first
    read: list[int] = field(default_factory=list)       # later tables under a header naming the same fields
    no_header: list[str] = field(default_factory=list)  # later tables naming no customers (totals, notes)
    other: list[str] = field(default_factory=list)      # later tables listing customers under another header


@dataclass
class _Table:
    """A table of a page, its header looked for: its number, its first row with text, and either its
    header (mapping, row number) and the rows after it, or the sentence saying why it has none."""

    number: int
    cells: list[str]
    rows: Iterator[tuple[int, list]]
    mapping: ColumnMap | None = None
    header_row: int = 0
    problem: WorkbenchError | None = None


def _read_table(number: int, table: Iterator, overrides: dict[str, str], name: str,
                unit: list[tuple[int, str]]) -> _Table | None:
    """A table's header, found as a CSV's is among its first rows, the page's unit of amounts applying
    when a table above gives it; None for a table of empty rows."""
    cells = ((row_number, row) for row_number, (_, row) in table)
    first = next(((row_number, row) for row_number, row in cells if any(c.strip() for c in row)), None)
    if first is None:
        return None
    above = tuple(line for at_table, line in unit if at_table < number)   # a unit in a table above
    try:
        mapping, header_row, _skipped = _find_header(chain([first], cells), overrides, name, above)
    except HeaderRefused:
        raise
    except WorkbenchError as exc:
        return _Table(number, first[1], cells, problem=exc)
    return _Table(number, first[1], cells, mapping, header_row)


def _page_rows(first: _Table, tables: Iterator, overrides: dict[str, str], name: str,
               unit: list[tuple[int, str]], page: PageTables, beyond: set[int]) -> Iterator[tuple[int, list]]:
    """The first table's rows below its header, then those of each later table whose header names the
    same fields, in the same units (its columns in any order), in the first one's columns (beyond: see
    _fitted); the other later tables are noted in page. Rows keep their numbers over the page."""
    width = len(first.mapping.header)
    yield from _fitted(first.rows, width, beyond)
    for table_number, table in tables:
        later = _read_table(table_number, table, overrides, name, unit)
        if later is None:
            continue
        label = f"{table_number} ({_shown(later.cells)})"
        if later.mapping is None:
            page.no_header.append(label)
        elif not _same_fields(first.mapping, later.mapping) or set(later.mapping.rivals) - set(first.mapping.rivals):
            page.other.append(label)   # two columns that could be one field would need --map first
        else:
            page.read.append(table_number)
            yield from _laid_out(later.rows, _columns_taken(first.mapping, later.mapping), width, beyond)


def _shown(cells: list[str], limit: int = 40) -> str:
    """A row's cells with text, on one line and shortened, to name the table it begins."""
    text = ", ".join(c.strip() for c in cells if c.strip())
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _counted(rows: Iterator[tuple[int, tuple[int, list]]], read: list[int],
             unit: list[tuple[int, str]]) -> Iterator[tuple[int, tuple[int, list]]]:
    """html_rows' rows, counting in read[0] those with text and in read[1] all of them, and putting the
    first that gives a unit of amounts (see _title_unit) in `unit`, as (its table, its text)."""
    for row in rows:
        read[1] += 1
        table_number, cells = row[1]
        if any(c.strip() for c in cells):
            read[0] += 1
            if not unit and "单位" in (line := " ".join(cells)) and _TITLE_UNIT.search(line):
                unit.append((table_number, line))
        yield row


def _no_rows(name: str, read: list[int]) -> WorkbenchError:
    """The sentence for a page none of whose tables has a row with text (_find_header's for empty rows)."""
    return _no_rows_at_all(name) if read[1] else _not_a_workbook(name)


def _header_likeness(cells: list[str], overrides: dict[str, str]) -> tuple[int, int]:
    """How like a header a table's first row is (the fields it names, then its cells with text), so that
    a page without one is refused naming the columns of its likeliest table, not of a title above it."""
    return len(map_columns(cells, overrides).columns), sum(1 for c in cells if c.strip())


def _html_encoding(head: bytes, encoding: str | None, name: str) -> str:
    """--encoding, else a byte-order mark, else the charset the page declares when its text decodes so
    (what Excel would show), else detected as for a CSV."""
    if encoding:
        return _check_encoding(encoding)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    found = _CHARSET.search(head)
    try:
        declared = codecs.lookup(found.group(1).decode("ascii")).name if found else None
    except LookupError:
        declared = None
    if declared in _GB_FAMILY or (declared or "").replace("-", "") in _GB_FAMILY:
        declared = "gb18030"   # GBK and GB2312 pages, as GB18030 reads them (a superset)
    if declared and not declared.startswith(("utf-16", "utf-32")) and _decodes(head, declared, len(head) < SAMPLE_BYTES):
        return declared
    return _detect_encoding(head, name)
