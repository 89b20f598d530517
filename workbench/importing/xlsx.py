"""Reading an Excel .xlsx/.xlsm workbook's sheets as they stream out of the zip, in memory that does
not grow with the sheet.

python-calamine loads a whole sheet before giving its first row (about 1.4 KB a row: a 300,000-row
extract needed over 400 MB); this reads the sheet's XML a megabyte at a time. Each cell comes out as
python-calamine gives it (text, float, bool, date, datetime, time or timedelta; "" when empty), so
the rest of the import cannot tell the two readers apart, and the tests hold the two to that; but
for what calamine loses: an error cell is its error's text (#N/A, not ""), a whole number in a
zero-padding format (000000) a numformats.PaddedNumber, equal to calamine's float but carrying the
text Excel shows (001002), and a formula the file holds no value for an UnsavedFormula, equal to
calamine's "".

Cells in the plain shape (<c r="A2" s="1" t="s"><v>5</v></c>, or an inline string: what xlsxwriter
and openpyxl write) are matched by one regular expression; any other cell (a formula, rich text, an
entity, a namespace prefix, CDATA) is parsed by ElementTree, so an unusual cell costs time, never
correctness. Shared strings are kept as one UTF-8
buffer and an array of offsets: a few bytes a string, not a Python object each.

A cell merged down over rows (a branch or a manager merged over its customers, as grouped reports are
laid out) has its value in its top row only; each row it spans below is given that value, in the range's
first column, as a web page's rowspan is (the rest of a range spanning columns stays empty, as a
colspan's). Excel writes the merged ranges after the rows, so a sheet's part is unpacked once more (not
parsed) before its rows are read: 0.4-0.5 s for 84 MB of XML (100,000 rows), read once per sheet.
Memory grows with the merged ranges, never with the rows. A merged cell whose text is a column title
(客户经理 merged down over a header's two rows) is left to the header's reading, which names it.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from datetime import date, datetime, time
from pathlib import PurePosixPath
from xml.etree import ElementTree

from workbench.i18n import _
from workbench.importing.headers import map_columns
from workbench.importing.numformats import (BUILTIN_FORMATS, OTHER, excel_datetime, number_format_kind, padded,
                                            zero_padding)

CHUNK_BYTES = 1 << 20   # XML decompressed and matched at a time
PEEK_BYTES = 1 << 16    # XML read before a sheet's rows for its hidden columns, and after them for its filter
EXCEL_COLUMNS = 16_384  # the most columns a sheet can have

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DATES_KEPT = 50_000   # date cells remembered while reading a sheet
_MISS = object()

_P = r"(?:[\w.-]+:)?"   # an optional namespace prefix
# One cell in a common shape: 1 column letters, 2 style, 3 type, 4 <v>'s text, 5 preserve and 6 the
# inline text; or any other cell (7); or a row's start or end tag (8; 9 a start's number, when it gives
# one). An empty <v></v> or <is><t></t></is> is the same empty cell as none, so no group tells them apart.
_TOKENS = re.compile(
    r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?'
    r'\s*(?:/>|>(?:<v>([^<&]*)</v>|<is><t( xml:space="preserve")?>([^<&]*)</t></is>)?</c>)'
    rf"|(<{_P}c\b[^>]*?(?:/>|>.*?</{_P}c>))"
    rf'|(</{_P}row>|<{_P}row\b[^>]*?(?:\br="(\d+)"[^>]*)?>)',
    re.S,
)
_SHARED = re.compile(rf"<si><t( xml:space=\"preserve\")?>([^<&]*)</t></si>|(<{_P}si\b[^>]*?(?:/>|>.*?</{_P}si>))", re.S)
_CLOSE_OPENING = re.compile(rf"</{_P}\Z")   # what comes before a closing tag's name
_ROOT = re.compile(r"<(?![?!])[^>]*>")
_TAG_NAME = re.compile(r"<([^\s/>]+)")
_NAMESPACES = re.compile(r'xmlns(?::[\w.-]+)?="[^"]*"')
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")
_HIDDEN = re.compile(r"""\bhidden=["'](?:1|true)["']""")   # in a <row> or <col> start tag
_COLUMNS = re.compile(rf"<{_P}col\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w:]+)\s*=\s*["']([^"']*)["']""")
# The sheet's own filter, which comes before any custom view's (which would hide no rows of the sheet's).
_FILTER = re.compile(rf"<{_P}autoFilter\b[^>]*?(?:/>|>(.*?)</{_P}autoFilter>)|<{_P}customSheetViews\b", re.S)
_CRITERIA = re.compile(rf"<{_P}(?:filters|customFilters|top10|dynamicFilter|colorFilter|iconFilter)\b")
# A merged range, in the <mergeCells> that follow a sheet's rows: 1 and 3 its corners' column letters, 2 and 4 rows.
_MERGED = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


class XlsxError(Exception):
    """The workbook's parts cannot be read (not a zip, a part missing, XML that does not parse)."""


class UnsavedFormula(str):
    """A formula cell the file holds no value for (openpyxl writes formulas so; Excel saves each one's value):
    empty, as calamine gives it, and telling the import why (a name that is such a formula is not missing)."""

    def __new__(cls):
        return super().__new__(cls, "")

    def __reduce__(self):   # a reader process sends rejected rows' cells pickled
        return UnsavedFormula, ()


@dataclass
class HiddenRows:
    """A sheet's rows hidden in Excel (by a filter or by hand), as XlsxBook.rows reads them: how many
    of those numbered after `after` hold a value, and whether the sheet's filter has criteria (so hides
    rows), known once the last row is read."""

    after: int = 0
    count: int = 0
    filtered: bool = False


class SharedStrings:
    """The workbook's shared strings as one UTF-8 buffer (data) and where each starts in it (starts,
    one more than there are strings read): string i is data[starts[i]:starts[i + 1]].decode(). A few
    bytes a string, where a list would hold a Python object of 50-80 bytes for each.

    The first cell that needs one reads the first batch (about 40,000 strings from a megabyte of XML):
    enough to find a header, so an importing process that leaves the rows to a reader process does not
    read 1.2 million strings (0.9 s) for nothing. The first cell that needs more reads all the rest."""

    def __init__(self, batches: Iterable[list[str]] = ()) -> None:
        self._batches = iter(batches)
        self.starts = array("q", [0])
        self.data = bytearray()   # grown in place: no copy of it all for each batch

    def __getitem__(self, index: int) -> str:
        if index >= len(self.starts) - 1:
            self._read(rest=len(self.starts) > 1)
        if not 0 <= index < len(self.starts) - 1:
            raise XlsxError(_("a cell names a shared string the workbook does not have"))
        return self.data[self.starts[index]:self.starts[index + 1]].decode()

    def _read(self, rest: bool) -> None:
        """Read the next batch, or every batch left."""
        for texts in self._batches:
            encoded = [text.encode() for text in texts]
            self.starts.extend(accumulate(map(len, encoded), initial=self.starts[-1]))
            del self.starts[-len(encoded) - 1]   # the batch's first start: the last end, already there
            self.data += b"".join(encoded)
            if not rest:
                break

    def close(self) -> None:
        close = getattr(self._batches, "close", None)
        if close is not None:
            close()


class XlsxBook:
    """An opened workbook: its sheet names, and each sheet's rows as they stream."""

    def __init__(self, path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise XlsxError(_("not a readable zip ({reason})").format(reason=exc)) from None
        try:
            self._names = set(self._zip.namelist())
            self.sheets, self.hidden, self._is_1904, self._parts = self._read_workbook()
            self._formats, self._padding = self._read_formats(self._parts.get("styles"))
            self._strings: SharedStrings | None = None
            self._merged: dict[str, list[tuple[int, int, int, int]]] = {}   # by sheet, read once
        except BaseException:
            self._zip.close()
            raise

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def sheet_size(self, name: str) -> int:
        """The sheet's XML in bytes, as rows() counts its progress."""
        return self._zip.getinfo(self.sheets[name]).file_size

    def rows(self, name: str, progress: list[int] | None = None,
             hidden: HiddenRows | None = None) -> Iterator[tuple[int, list]]:
        """(row number, cells from column A) for each row from the first with a value to the last;
        rows between with no value come as []. progress[0] follows the XML read, in bytes; hidden, if
        given, counts the rows hidden in Excel."""
        if self._strings is None:
            member = self._parts.get("sharedStrings")
            self._strings = SharedStrings(() if member is None else self._string_texts(member))
        return _sheet_rows(self._open(self.sheets[name]), self._strings, self._formats, self._is_1904,
                           progress if progress is not None else [0], self._padding, hidden,
                           lambda: self._merged_down(name))

    def hidden_columns(self, name: str) -> set[int]:
        """The indexes of the columns Excel hides on the sheet (its <cols>, which come before its rows)."""
        head = ""
        with self._open(self.sheets[name]) as stream:
            while "sheetData" not in head and (chunk := _read(stream, PEEK_BYTES)):
                head += chunk.decode("utf-8", "replace")
        hidden: set[int] = set()
        for attributes in _COLUMNS.findall(head.partition("sheetData")[0]):
            found = dict(_ATTRIBUTE.findall(attributes))
            first, last = found.get("min", ""), found.get("max", "")
            if _HIDDEN.search(attributes) and first.isdigit() and last.isdigit():
                hidden.update(range(int(first) - 1, min(int(last), EXCEL_COLUMNS)))
        return hidden

    def merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """The sheet's merged ranges as (first row, first column index, last row, last column index), rows
        numbered from 1, in the order of their first rows. Excel writes them after the rows, so the whole part
        is unpacked (not parsed), once for the sheet: rows() needs them before the first row."""
        found = self._merged.get(name)
        if found is None:
            found = self._merged[name] = self._read_merged(name)
        return found

    def _merged_down(self, name: str) -> list[tuple[int, int, int, int]]:
        """The sheet's ranges merged over more than one row; none when its part cannot be unpacked (reading
        its rows then says where it is damaged)."""
        try:
            return [merge for merge in self.merged_ranges(name) if merge[2] > merge[0]]
        except XlsxError:
            return []

    def _read_merged(self, name: str) -> list[tuple[int, int, int, int]]:
        found: set[tuple[int, int, int, int]] = set()
        held = b""
        with self._open(self.sheets[name]) as stream:
            while chunk := _read(stream, CHUNK_BYTES):
                window = held + chunk
                if b"mergeCell" in window:   # a search of the bytes: the rows before hold none
                    found.update((int(top), _column_index(left.decode()), int(bottom), _column_index(right.decode()))
                                 for left, top, right, bottom in _MERGED.findall(window))
                held = window[-256:]   # a tag cut by the chunk's end is whole in the next window
        return sorted(found)

    def close(self) -> None:
        if self._strings is not None:
            self._strings.close()
            self._strings = None   # tens of MB for a large workbook; an import goes on long after
        self._zip.close()

    # -- the workbook's parts

    def _open(self, member: str):
        try:
            return self._zip.open(member)
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise XlsxError(_("part {part} cannot be read ({reason})").format(part=member, reason=exc)) from None

    def _xml(self, member: str) -> ElementTree.Element:
        try:
            with self._open(member) as stream:
                return ElementTree.parse(stream).getroot()
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise XlsxError(_("part {part} is not well-formed XML ({reason})").format(
                part=member, reason=exc)) from None

    def _read_workbook(self) -> tuple[dict[str, str], set[str], bool, dict[str, str]]:
        """{sheet name: its part} in the workbook's order, the names of the hidden sheets, the 1904
        date system flag, and the shared strings' and styles' parts."""
        book = "xl/workbook.xml"
        if "_rels/.rels" in self._names:
            for rel in self._xml("_rels/.rels"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    book = _resolve("", rel.get("Target", book))
        if book not in self._names:
            raise XlsxError(_("it has no workbook part"))
        root = self._xml(book)
        folder = str(PurePosixPath(book).parent)
        rels_path = f"{folder}/_rels/{PurePosixPath(book).name}.rels"
        targets, parts = {}, {}
        if rels_path in self._names:
            for rel in self._xml(rels_path):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                target = _resolve(folder, rel.get("Target", ""))
                targets[rel.get("Id")] = (kind, target)
                if kind in ("sharedStrings", "styles"):
                    parts[kind] = target
        for kind, default in (("sharedStrings", f"{folder}/sharedStrings.xml"), ("styles", f"{folder}/styles.xml")):
            if kind not in parts and default in self._names:
                parts[kind] = default
        sheets, hidden, is_1904 = {}, set(), False
        for element in root.iter():
            if _local(element.tag) == "workbookPr":
                is_1904 = element.get("date1904", "false").lower() in ("1", "true")
            elif _local(element.tag) == "sheet":
                kind, target = targets.get(element.get(f"{{{_REL}}}id"), (None, None))
                if kind == "worksheet" and target in self._names:
                    sheets[element.get("name", "")] = target
                    if element.get("state") in ("hidden", "veryHidden"):
                        hidden.add(element.get("name", ""))
        return sheets, hidden, is_1904, parts

    def _read_formats(self, member: str | None) -> tuple[list[int], dict[int, int]]:
        """What each cell style (by index) makes of a number: another number, a date-time or a duration;
        and the styles whose format pads whole numbers with zeros, with the width (see zero_padding)."""
        if member is None:
            return [], {}
        root = self._xml(member)
        custom, widths = {}, {}
        formats: list[int] = []
        padding: dict[int, int] = {}
        for element in root:
            if _local(element.tag) == "numFmts":
                for fmt in element:
                    code = fmt.get("formatCode", "")
                    custom[fmt.get("numFmtId")] = number_format_kind(code)
                    widths[fmt.get("numFmtId")] = zero_padding(code)
            elif _local(element.tag) == "cellXfs":
                for xf in element:
                    ident = xf.get("numFmtId")
                    if ident is None:
                        formats.append(OTHER)
                    elif ident in custom:
                        if widths[ident]:
                            padding[len(formats)] = widths[ident]
                        formats.append(custom[ident])
                    else:
                        formats.append(BUILTIN_FORMATS.get(int(ident) if ident.isdigit() else -1, OTHER))
        return formats, padding

    def _string_texts(self, member: str) -> Iterator[list[str]]:
        """The strings, a piece of the part's XML at a time."""
        for text, wrap in _pieces(self._open(member), "si", [0]):
            yield [_rich_text(_parse(wrap, odd)) if odd
                   else _cell_text(plain, bool(preserve)) if "\r" in plain or "_x00" in plain
                   else plain if preserve else plain.strip(" \t\r\n")
                   for preserve, plain, odd in _SHARED.findall(text)]


def _sheet_rows(stream, strings: SharedStrings, formats: list[int], is_1904: bool, progress: list[int],
                padding: dict[int, int] | None = None, hidden: HiddenRows | None = None,
                down: Callable[[], list[tuple[int, int, int, int]]] | None = None) -> Iterator[tuple[int, list]]:
    """The rows of a sheet's part (see XlsxBook.rows); down gives its ranges merged over more than one row, in
    the order of their first rows, whose value is repeated in each row they span (see _MergedDown): asked when
    the first row is, not before."""
    columns: dict[str, int] = {}   # column letters -> index
    shown = 0                      # the last row number given out
    number = 0                     # the row being read
    row: list = []
    filled = False                 # whether the row has a value
    hides = False                  # whether the row is hidden in Excel
    column = 0                     # where a cell with no reference goes
    data, starts = strings.data, strings.starts
    numbers = _Numbers(formats, is_1904, padding or {})
    hidden = hidden or HiddenRows()
    spans = down() if down is not None else []
    merged = _MergedDown(spans) if spans else None
    tail: list[str] = []
    for text, wrap in _pieces(stream, "row", progress, start="sheetData", stop="sheetData", tail=tail):
        for letters, style, kind, value, preserve, inline, odd, row_tag, row_number in _TOKENS.findall(text):
            if letters:
                index = columns.get(letters)
                if index is None:
                    index = columns[letters] = _column_index(letters)
                if value:
                    if kind == "s":
                        at = int(value)
                        try:
                            cell = data[starts[at]:starts[at + 1]].decode()
                        except IndexError:   # not read yet (or not there: then XlsxError)
                            cell = strings[at]
                            data = strings.data
                    elif not kind or kind == "n":
                        cell = numbers.value(value, style, kind)
                    else:
                        cell = _typed(kind, value)
                elif inline:
                    if "\r" in inline or "_x00" in inline:
                        cell = _cell_text(inline, bool(preserve))
                    else:
                        cell = inline if preserve else inline.strip(" \t\r\n")
                else:
                    cell = ""
            elif odd:
                index, found, cell = _odd_cell(_parse(wrap, odd), column, strings, numbers)
                if found:
                    number = found
            elif row_tag[1] == "/":   # a row's end
                if filled:
                    if shown:   # rows with no value between two that have one come as [], as calamine gives them
                        for blank in range(shown + 1, number):
                            yield blank, []
                    shown = number
                    if hides and number > hidden.after:
                        hidden.count += 1
                    if merged is not None:
                        merged.fill(number, row)
                    yield number, row
                    filled = False
                row, column = [], 0
                continue
            else:
                # A row's start. A row that gives no number follows the one before (the cells in the
                # common shape are not asked theirs: reading it costs an eighth of the matching).
                number = int(row_number) if row_number else number + 1
                hides = "hidden" in row_tag and _HIDDEN.search(row_tag) is not None
                row, column = [], 0
                continue
            column = index + 1
            if cell != "":
                filled = True
            size = len(row)
            if index == size:
                row.append(cell)
            elif index > size:
                row.extend([""] * (index - size))
                row.append(cell)
            else:
                row[index] = cell
    hidden.filtered = bool(tail) and _filters_rows(tail[0])


class _MergedDown:
    """The ranges merged over rows of a sheet as its rows stream: a range's value, from its first row's cell,
    is put into its first column in each later row it spans that holds a value of its own (a blank row stays
    blank, as it would in Excel's copy of the data). A range whose value is a column title is skipped: a header
    cell merged down over a two-row header is the header reading's (see sources._merged_down)."""

    def __init__(self, down: list[tuple[int, int, int, int]]) -> None:
        self.down = down
        self.next = 0                              # the first range whose first row is not reached yet
        self.open: dict[int, tuple[int, object]] = {}   # column -> (last row spanned, value)

    def fill(self, number: int, row: list) -> None:
        """Fill row (numbered number) from the ranges open over it, then open those that start on it."""
        if self.open:
            for column, (last, value) in list(self.open.items()):
                if last < number:
                    del self.open[column]
                    continue
                if column >= len(row):
                    row.extend([""] * (column + 1 - len(row)))
                row[column] = value
        down = self.down
        while self.next < len(down) and down[self.next][0] <= number:
            top, left, bottom, _right = down[self.next]
            self.next += 1
            value = row[left] if top == number and left < len(row) else ""
            if value != "" and not (isinstance(value, str) and _is_title(value)):
                self.open[left] = (bottom, value)


def merged_down(rows: Iterable[tuple[int, list]], ranges: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, list]]:
    """rows ((number from 1, cells), as python-calamine reads a workbook the stream does not) with each of ranges
    (as XlsxBook.merged_ranges gives them) merged over more than one row repeated down it, as XlsxBook.rows does."""
    down = sorted(merge for merge in ranges if merge[2] > merge[0])
    merged = _MergedDown(down) if down else None
    for number, cells in rows:
        if merged is not None and any(cell != "" for cell in cells):
            merged.fill(number, cells)
        yield number, cells


@lru_cache(maxsize=4096)
def _is_title(text: str) -> bool:
    """Whether a cell's text names a field as a column title does."""
    return bool(map_columns([text], {}).columns)


def _filters_rows(tail: str) -> bool:
    """Whether the sheet's filter, in the XML after its rows, has criteria (a filter with none hides nothing)."""
    found = _FILTER.search(tail)
    return found is not None and _CRITERIA.search(found.group(1) or "") is not None


def _pieces(stream, element: str, progress: list[int], *, start: str | None = None,
            stop: str | None = None, tail: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """(text, wrapper) pieces of a part that each end after a closing </element>, so no element is cut;
    from after the start tag named start (when given) up to the closing tag named stop, after which
    tail, if given, is told the text that follows (up to PEEK_BYTES more). wrapper is a start tag with
    the part's namespace declarations, for parsing a piece's odd elements alone."""
    stopping = re.compile(rf"</{_P}{stop}>") if stop else None
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    held = ""
    wrap = None
    begun = start is None
    with stream:
        while True:
            chunk = _read(stream, CHUNK_BYTES)
            progress[0] += len(chunk)
            try:
                text = held + decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                raise XlsxError(_("its XML is not UTF-8 text")) from None
            held = ""
            if wrap is None:
                found = _ROOT.search(text)
                if found is None:
                    if not chunk:
                        if text.strip():   # a part cut short before its root element's tag ends
                            raise XlsxError(_("its XML ends before it begins"))
                        return
                    held = text
                    continue
                wrap = "<w " + " ".join(_NAMESPACES.findall(found.group(0))) + ">"
                root = found.group(0)
                root_end = root if root.endswith("/>") else "</" + _TAG_NAME.match(root).group(1) + ">"
            if not begun:
                found = re.search(rf"<{_P}{start}\b[^>]*?(/?)>", text)
                if found is None:
                    if not chunk:
                        if root_end not in text:   # cut short before the start tag
                            raise XlsxError(_("its XML ends before <{tag}>").format(tag=start))
                        return
                    held = text[-200:]   # a start tag may be cut by the chunk's end
                    continue
                if found.group(1):   # <sheetData/>: no rows
                    return
                text = text[found.end():]
                begun = True
            finished = not chunk
            if stopping is not None and f"{stop}>" in text and (found := stopping.search(text)):
                if tail is not None:
                    tail.append(text[found.end():] + _more(stream))
                text, finished = text[:found.start()], True
            elif finished and stopping is not None:   # written short: the rows after the cut are gone
                raise XlsxError(_("its XML ends before </{tag}>").format(tag=stop))
            if not finished:
                cut = _after_last(text, element)
                if cut < 0:
                    held = text
                    continue
                text, held = text[:cut], text[cut:]
            yield text, wrap
            if finished:
                return


def _read(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise XlsxError(_("its data cannot be unpacked")) from None


def _more(stream) -> str:
    """Up to PEEK_BYTES more of a part's text; "" when they cannot be read, as what follows the rows
    only colours what the summary says."""
    try:
        return _read(stream, PEEK_BYTES).decode("utf-8", "replace")
    except XlsxError:
        return ""


def _after_last(text: str, element: str) -> int:
    """Where the last closing tag of element in text ends, or -1."""
    end = len(text)
    tail = f"{element}>"
    while (at := text.rfind(tail, 0, end)) >= 0:
        if _CLOSE_OPENING.search(text, max(at - 40, 0), at):
            return at + len(tail)
        end = at
    return -1


def _parse(wrap: str, fragment: str) -> ElementTree.Element:
    """One element on its own, with the part's namespace declarations."""
    try:
        return ElementTree.fromstring(f"{wrap}{fragment}</w>")[0]
    except ElementTree.ParseError:
        raise XlsxError(_("its XML is broken")) from None


def _odd_cell(element, column: int, strings: SharedStrings, numbers: _Numbers) -> tuple[int, int, object]:
    """(column index, the row number it names or 0, value) of a cell in a shape the fast pattern
    does not take."""
    ref = element.get("r")
    row = 0
    if ref:
        found = _CELL_REF.match(ref)
        if found is None:
            raise XlsxError(_("a cell's reference is not a cell's"))
        column, row = _column_index(found.group(1)), int(found.group(2))
    kind, style = element.get("t"), element.get("s")
    cell = ""
    formula = saved = False   # a formula, and its value (an empty <v> is one only for a text formula, t="str")
    for child in element:
        name = _local(child.tag)
        if name == "f":
            formula = True
        elif name == "is":
            cell = _rich_text(child)
        elif name == "v":
            value = child.text or ""
            saved = bool(value) or kind == "str"
            if not value or kind in ("inlineStr", "is"):
                cell = ""
            elif kind == "s":
                cell = strings[int(value) if value.strip().isdigit() else 0]
            elif not kind or kind == "n":
                cell = numbers.value(value, style, kind or "")
            else:
                cell = _typed(kind, value)
    if formula and not saved and cell == "":
        cell = UnsavedFormula()
    return column, row, cell


def _rich_text(element) -> str:
    """The text of an <si> or <is>: its <t>s, or its runs' <t>s, joined; phonetic runs left out."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(_cell_text(child.text or "", child.get(_XML_SPACE) == "preserve"))
        elif name != "rPh":
            parts.append(_rich_text(child))
    return "".join(parts)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


class _Numbers:
    """A sheet's number cells by their style: a float, or a date, time or duration when the style's
    format says so (remembered by value: a sheet repeats the same few thousand dates), or a
    PaddedNumber when it pads whole numbers with zeros (000000: a code Excel shows as 001002)."""

    def __init__(self, formats: list[int], is_1904: bool, padding: dict[int, int]):
        self.kinds = {str(style): fmt for style, fmt in enumerate(formats) if fmt != OTHER}   # date styles only
        # A zero-padding style's kind is minus its width, so one lookup serves both.
        self.kinds.update((str(style), -width) for style, width in padding.items())
        self.is_1904 = is_1904
        self.dates: dict[tuple[int, str], object] = {}

    def value(self, text: str, style: str | None, kind: str):
        fmt = self.kinds.get(style) if style else None
        cell = _MISS if fmt is None else self.dates.get((fmt, text), _MISS)
        if cell is _MISS:
            try:
                cell = float(text)
            except ValueError:
                return _not_a_number(text, kind)
            if fmt is not None:
                if len(self.dates) > _DATES_KEPT:
                    self.dates.clear()
                cell = self.dates[fmt, text] = (excel_datetime(cell, fmt, self.is_1904) if fmt > 0
                                                else padded(cell, -fmt))
        return cell


def _not_a_number(value: str, kind: str) -> str:
    if kind:
        raise XlsxError(_("a number cell holds something else"))
    return value   # no type and not a number: calamine keeps the text


def _typed(kind: str, value: str):
    """A <v> cell of type b, e, str, d, or an inline string's (whose <v> calamine ignores). An error
    cell is its error's text (#N/A), as a CSV saved by Excel has it, where calamine gives ""; the
    import rejects a row with one in a column it reads."""
    if kind == "b":
        return value != "0"
    if kind == "e":
        return value.strip()
    if kind in ("inlineStr", "is"):
        return ""
    if kind == "str":
        return _newlines(value)
    if kind == "d":
        return _iso(value)
    raise XlsxError(_("a cell has a type Excel does not write"))


def _iso(value: str):
    """A t="d" cell: datetime with a T, time with a colon, else date; the text when none fits."""
    try:
        if "T" in value:
            parsed = datetime.fromisoformat(value)
            return value if parsed.tzinfo else parsed
        if ":" in value:
            return time.fromisoformat(value)
        return date.fromisoformat(value)
    except ValueError:
        return value


def _cell_text(text: str, preserve: bool) -> str:
    """One <t>'s text: trimmed of ASCII white space unless xml:space="preserve", then _x00HH_ read."""
    text = _newlines(text)
    if not preserve:
        text = text.strip(" \t\r\n")
    if "_x00" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _newlines(text: str) -> str:
    """Line ends as an XML parser reads them (ElementTree has already done so for odd cells)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)
