"""Turning extract rows into the customer columns: the mapping is settled once into a row function
(the reference, used for workbooks, odd text blocks and the wording of every rejection) and a block
function that converts a polars frame of text a column at a time with the same answers."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Callable

from workbench.i18n import _
from workbench.importing import values as v
from workbench.importing.blocks import UnclosedQuote
from workbench.importing.columns import (Distinct, completed, parsed, phone_columns, plain_amounts, plain_dates,
                                         rows_frame, schema, strip)
from workbench.importing.headers import ColumnMap
from workbench.importing.known import POOL_WORDS, Known
from workbench.importing.numformats import PaddedNumber
from workbench.importing.xlsx import UnsavedFormula
from workbench.phones import MOBILE_RANGE_DIGITS, normalise_phone, phone_cell_numbers
from workbench.text_wrap import HIDDEN_MARK

# What a spreadsheet report puts under its rows where a customer number or name would be: a totals
# line (合计, 总计：, 小计(3户), Total ...), or a label and a colon (制表人：张三, 导出时间：2026-11-20, 注：...).
# An English label stands alone or before a number or a colon, never before a word: "Sum Ka Yan" (岑) is a name.
# No lookaround: polars' regex reads the same pattern.
_TOTALS = r"(?i)^\s*(?:[合总小共]\s*计|汇\s*总|(?:grand\s+)?(?:totals?|sum)(?:\s*$|\s*[^\sa-z]))"
_NOT_CUSTOMERS = (
    (re.compile(_TOTALS), "totals"),
    (re.compile(r"^\s*[\u4e00-\u9fff]{1,10}\s*[:：]"), "note"),
)
# The characters a totals label may begin with: a row's first look at a cell, before the pattern.
_TOTALS_START = frozenset("合总小共汇GgTtSs \t\u3000")
# A number Excel has shown or saved in its rounded form: 1.23457E+17 (a CSV saved by Excel), or a
# number cell of 16 digits or more (Excel keeps 15 significant digits, the rest become zeros).
_ROUNDED_BY_EXCEL = re.compile(r"^[1-9](?:\.[0-9]+)?E\+[0-9]{2}$")   # Excel's form only: not a code like 3E0001
EXCEL_DIGITS_LIMIT = 1e15
PHONE_COLUMNS = ("phone_raw", "phone_e164", "phone_valid", "phone_kind", "phone_problem", "phone_ext")
# The text of the other number the file gives: with a second phone column, the cell not chosen (see _either_phone);
# with one, the other callable number of a cell holding two (_phone_cell). The import switches to that number when a
# call has found the chosen one bad (store._phone_rules), and parses it only then.
ALT_PHONE_COLUMNS = ("phone_alt_raw",)
# A phone cell that may hold two numbers (phones.phone_cell_numbers): a separator, or a space between two characters.
_MAY_HOLD_TWO = re.compile(r"[/;；,，、|\n\r]|\S\s+\S")
# A code (a staff or branch number: ASCII letters and digits) beside a name in one cell: '张伟(M001)',
# '上海分行营业部（310001）', 'M001 张伟', 'M002-李娜', '李娜/M002', '310001上海分行营业部'.
# Without a separator only a code of four or more characters counts ('1号支行' is a name).
_CODE = r"[A-Za-z0-9](?:[A-Za-z0-9_.\-]*[A-Za-z0-9])?"
_SEPARATOR = r"\s*[-/／|｜]\s*|\s+"
_CODE_THEN_NAME = re.compile(rf"({_CODE})(?:{_SEPARATOR}|(?<=[A-Za-z0-9]{{4}})(?=[^\x00-\x7f]))(.*\S)")
_NAME_THEN_CODE = re.compile(rf"(.*?\S)(?:\s*[(（]\s*({_CODE})\s*[)）]|(?:{_SEPARATOR})({_CODE}))")
_CODE_ALONE = re.compile(_CODE)   # a manager cell that is a code (ASCII with a space, 'Zhang Wei', is a name)
# A staff code beside a name in any script ('Wang Wei(M002)', 'M002-Wang Wei', 'M002 Wang Wei', '(M002)Lina'):
# in brackets, full- or half-width, or across a separator; a Latin name leaves the code to be told by a known
# staff id or by the id pattern (letters and digits, a digit among them: 'Wang' is no code, 'M002' is).
_BRACKETED = (re.compile(r"(.*?\S)\s*[(（]\s*([^\s()（）]+)\s*[)）]"), re.compile(r"[(（]\s*([^\s()（）]+)\s*[)）]\s*(.*\S)"))
_STAFF_SEPARATOR = re.compile(_SEPARATOR)
_LATIN_LETTER = re.compile("[A-Za-z]")
_STAFF_CODE = re.compile(r"(?=..)[A-Za-z_]*[0-9][A-Za-z0-9_]*")
# Excel's error values: a cell the import reads that shows one rejects its row (a CSV saved by Excel
# holds the text, and the workbook reader gives an error cell as its text). Compared in capitals, as
# Excel reads one typed in lower case.
EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
                          "#SPILL!", "#CALC!"})
# Cells that may show one, for the block way's first look (every such row is then worded by the row way).
_MAYBE_EXCEL_ERROR = r"(?i)#(?:N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)"
# Fields holding a code (or a phone number): an apostrophe typed before it, to keep Excel from
# dropping its leading zeros, is not part of it, and a number cell is read as its zero-padding format shows it.
_CODE_FIELDS = ("customer_id", "manager_id", "manager", "branch_id", "phone", "phone_2")
# Characters that show as nothing, which a copy from a web page, a chat or another system leaves in a code (zero-width
# space, non-joiner and joiner, word joiner, byte order mark): removed anywhere in a customer number or staff code.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# A code of digits a spreadsheet wrote as a float: 3100000002.0 (pandas, a number column with a gap in it) is 3100000002.
_FLOAT_DIGITS = re.compile(r"([0-9]+)\.0+")
# One it wrote in scientific notation (3.100000009E9, 3.1E+09), whose digits past the mantissa's may be lost: refused.
# Only with a decimal point, so codes like 3E0001 and 1E+5 stay codes (Excel's 6E+11: _ROUNDED_BY_EXCEL). No
# lookaround: polars reads it.
_SCIENTIFIC = r"^[0-9]\.[0-9]+[Ee][+-]?[0-9]{1,3}$"
_SCIENTIFIC_CODE = re.compile(_SCIENTIFIC)
PARTIAL_BIRTHDAY = v.PARTIAL_BIRTHDAY_LENGTH   # a birthday given as a year and month alone ('1980-01')


class RowError(Exception):
    """A row that cannot be imported; the message lists every reason."""


def _optional(parse):
    def step(cell):
        if isinstance(cell, str):
            cell = cell.strip()
            if cell.lower() in v.EMPTY:
                return None
        return parse(cell)
    return v.cached(step)


def _plain_text(cell):
    s = v.text(cell)
    return s if s and s.lower() not in v.EMPTY else None


def excel_error(cell) -> str | None:
    """The error value a cell shows (#N/A, #DIV/0!, ...: EXCEL_ERRORS), as written; None for any other cell."""
    if cell.__class__ is str and "#" in cell:
        s = cell.strip()
        if s.isascii() and s.upper() in EXCEL_ERRORS:
            return s
    return None


def _unquoted(s: str) -> str:
    """Stripped text without one leading apostrophe ('001004: typed so Excel keeps the zeros)."""
    return s[1:].strip() if s[:1] == "'" else s


def _code_text(cell) -> str:
    """A code cell as text, without a leading apostrophe (a zero-padded number cell has already been
    made the text Excel shows, by _screened, before any memo could take it for the plain number)."""
    return _unquoted(v.text(cell))


def _code_or_none(cell):
    s = _code_text(cell)
    return s if s and s.lower() not in v.EMPTY else None


def customer_number(cell) -> str:
    """A customer number as text (_code_text), full-width letters and digits (Ｃ００７) made ASCII by
    NFKC, so it matches the same customer in an extract that wrote it in ASCII, without invisible
    characters (_INVISIBLE) and without the '.0' of a float (_FLOAT_DIGITS)."""
    s = v.text(cell)
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s.translate(_INVISIBLE)).strip()
    return _digits(_unquoted(s))


def _digits(s: str) -> str:
    """A code without the '.0' a float export adds to its digits (3100000002.0 is 3100000002)."""
    if "." in s and (m := _FLOAT_DIGITS.fullmatch(s)):
        return m[1]
    return s


def _staff_code(cell) -> str | None:
    """A staff code cell (_code_or_none) without invisible characters or a float's '.0'; ValueError for one a
    spreadsheet wrote in scientific notation."""
    s = _code_or_none(cell)
    if s is None:
        return None
    if not s.isascii():
        s = s.translate(_INVISIBLE).strip()
    return _no_scientific(_digits(s)) or None


def _no_scientific(s: str) -> str:
    """s, or ValueError when it is a number in scientific notation (_SCIENTIFIC)."""
    if ("E" in s or "e" in s) and _SCIENTIFIC_CODE.match(s):
        raise ValueError(_("{number} was written by the spreadsheet as a number in scientific notation, so digits "
                           "may be lost; format the column as text and export again").format(number=s))
    return s


def split_code(s: str) -> tuple[str, str] | None:
    """(code, name) for a cell holding a code and a name with a non-ASCII character in it (see
    _CODE_THEN_NAME), else None: '浦东支行（自贸区）' holds no code, so it is a name as it stands."""
    if (m := _CODE_THEN_NAME.fullmatch(s)) and not m[2].isascii():
        return m[1], m[2]
    if (m := _NAME_THEN_CODE.fullmatch(s)) and not m[1].isascii():
        return m[2] or m[3], m[1]
    return None


def split_manager(cell: str, known: Known) -> tuple[str | None, str | None]:
    """A manager cell as (id, name): a code ('M001'), a code beside a name in any script ('张伟(M001)',
    'M001 张伟': split_code; 'Wang Wei(M001)', 'M001-Wang Wei': _beside_name), or a name, which is the id of
    the only staff member so named (Known.staff_named: a name several share is a ValueError). A name no
    staff member has gives (None, the name): no manager, and the import says so (store.CustomerWriter); the
    pool's words give (None, None). One leading apostrophe is dropped."""
    s = _unquoted(cell.strip())
    if not s.isascii():
        s = s.translate(_INVISIBLE).strip()
    if not s or s.lower() in v.EMPTY:
        return None, None
    s = _no_scientific(_digits(s))
    if s.isascii() and _CODE_ALONE.fullmatch(s):
        # A code, unless it is no staff member's and a staff member's name ('Lina', 'WangWei'), or a staff
        # member's code beside a name ('M002-Lina').
        if known.is_staff(s):
            return known.staff_id(s), None
        if (named := known.staff_named(s)) is not None:
            return named, s
        found = _beside_name(s, known.is_staff)
        return (known.staff_id(s), None) if found is None else (known.staff_id(found[0]), found[1])
    # A code beside a name in another script than the code's; else a known staff id, else the id pattern.
    found = split_code(s)
    if found is None or _has_latin_letter(found[1]):
        found = _beside_name(s, known.is_staff) or _beside_name(s, _STAFF_CODE.fullmatch)
    if found:
        return known.staff_id(found[0]), found[1]
    if s.lower() in POOL_WORDS:
        return None, None
    return known.staff_named(s), s


def _beside_name(s: str, is_code: Callable[[str], object]) -> tuple[str, str] | None:
    """(code, name) for a manager cell holding a code that is_code takes beside a name with a letter in it:
    the code in brackets after the name or before it, else across a separator, before the name, then after
    it, the longest code first (a known 'SH-01' before 'SH')."""
    splits = [(m[2], m[1]) for m in [_BRACKETED[0].fullmatch(s)] if m] + \
             [m.groups() for m in [_BRACKETED[1].fullmatch(s)] if m]
    cuts = [(m.start(), m.end()) for m in _STAFF_SEPARATOR.finditer(s) if 0 < m.start() and m.end() < len(s)]
    splits += [(s[:start], s[end:]) for start, end in reversed(cuts)]
    splits += [(s[end:], s[:start]) for start, end in cuts]
    for code, name in splits:
        if _CODE_ALONE.fullmatch(code) and is_code(code) and any(c.isalpha() for c in name):
            return code, name
    return None


def _has_latin_letter(s: str) -> bool:
    return _LATIN_LETTER.search(s) is not None


def split_branch(cell, known: Known | None = None) -> tuple[str | None, str | None]:
    """A branch cell as (id, name): '310001', '上海分行营业部(310001)', '310001 上海分行营业部'
    (split_code), or a name: the id of the only known branch so named, else its own; one leading
    apostrophe is dropped."""
    s = _code_or_none(cell)
    if s is None or s.isascii():
        return s, None
    if found := split_code(s):
        return found
    return (known.branch_named(s) if known is not None else s), None


@dataclass(frozen=True)
class Converter:
    """The customer columns a file sets, and two ways to fill them that give the same answers.

    row(cells) returns one row's column values, then the manager's and the branch's names (used only
    to create staff and branches), and raises RowError for a bad row. block(frame, row numbers) does
    a whole polars frame of full-width rows at once, parsing each distinct cell once, and gives
    (converted, rejected): a frame of the rows that converted (columns.schema: the row number, the
    values, the two names; exactly what row gives) and {index in the frame: what convert_rows gives}
    for the others (the reason the row is rejected, or None for a blank row).
    """

    columns: list[str]
    row: Callable[[list], tuple]
    block: Callable[..., tuple]


def build_converter(mapping: ColumnMap, known: Known | dict[str, str], today: date) -> Converter:
    """The converter for a file with this mapping; known resolves staff and branches given by name
    (a dict: staff ids by name); today is the import's day, after which no date of the past may fall."""
    if not isinstance(known, Known):
        known = Known.of_names(known)
    cols = mapping.columns
    header = mapping.header
    width = len(header)
    steps: list[tuple[int, str, Callable]] = []   # (cell index, label, parse) for single-value columns
    columns: list[str] = []

    def add(field: str, column: str, parse: Callable) -> None:
        if field in cols:
            steps.append((cols[field], header[cols[field]], parse))
            columns.append(column)

    add("customer_id", "customer_id", customer_number)
    add("name", "name", v.name_text)
    branch_of = v.cached(lambda c: split_branch(c, known))
    add("branch_id", "branch_id", v.cached(lambda c: branch_of(c)[0]))
    add("risk_level", "risk_level", v.cached(_plain_text))
    past_date = v.past_date(today)   # every date a customer extract holds is a fact about the past
    add("opened_on", "opened_on", _optional(past_date))
    add("first_activity_on", "first_activity_on", _optional(past_date))
    add("last_activity_on", "last_activity_on", _optional(past_date))
    add("last_login_on", "last_login_on", _optional(past_date))
    add("activity_count_12m", "activity_count_12m", v.parse_count)
    aum_scale, peak_scale = mapping.scales.get("aum", 1), mapping.scales.get("aum_peak", 1)
    add("aum", "aum_fen", lambda c: v.parse_amount(c, aum_scale) or 0)
    add("aum_peak", "aum_peak_fen", lambda c: v.parse_amount(c, peak_scale))
    add("do_not_call", "do_not_call", v.cached(lambda c: v.parse_do_not_call(c) or 0))
    # A blank consent cell stays None here, counted as it is staged (stage.Stager) and stored as consent (store).
    add("consent", "consent", v.cached(v.parse_consent))
    add("tags", "tags", v.cached(v.parse_tags))

    # Columns that need more than one cell or give more than one value.
    i_gender, i_birthday, i_idno = cols.get("gender"), cols.get("birthday"), cols.get("id_number")
    has_person = i_gender is not None or i_birthday is not None or i_idno is not None
    if has_person:
        columns += ["gender", "birthday"]
    i_phone, i_phone2 = cols.get("phone"), cols.get("phone_2")
    if i_phone is not None:
        columns += [*PHONE_COLUMNS, *ALT_PHONE_COLUMNS]
    i_mid, i_mgr, i_mname = cols.get("manager_id"), cols.get("manager"), cols.get("manager_name")
    has_manager = i_mid is not None or i_mgr is not None
    if has_manager:
        columns.append("manager_id")
    i_branch, i_bname = cols.get("branch_id"), cols.get("branch_name")
    birthday_of = _optional(v.past_birthday(today))   # a year and month alone: 'YYYY-MM', stored as no birthday
    id_number = v.id_number_reader(today)
    gender_of = v.cached(v.parse_gender)
    manager_of = v.cached(lambda c: None if (s := _staff_code(c)) is None else known.staff_id(s))
    manager_split = v.cached(lambda s: split_manager(s, known))   # by the cell's text
    # Memo hits read inline: most cells repeat a value seen before, and a call costs more than the lookup.
    gender_memo, birthday_memo, manager_memo = gender_of.memo, birthday_of.memo, manager_of.memo

    simple = _compile(steps)
    # The header's own titles in a data row: files joined into one, each with its header line.
    id_title, name_title = customer_number(header[cols["customer_id"]]), v.text(header[cols["name"]])
    i_id, i_name = cols["customer_id"], cols["name"]
    first = 0 if i_id != 0 else None   # the row's first cell, where a report puts its totals label, if not the number
    mapped = sorted(set(cols.values()))   # the cells read: an Excel error in any rejects the row
    codes = {cols[f] for f in _CODE_FIELDS if f in cols}
    suspect = _compile_suspect(mapped, codes)
    # A row may lack the header's trailing untitled columns (a header line ending in commas).
    titled = width
    while titled and not header[titled - 1].strip():
        titled -= 1

    def convert(cells: list) -> tuple:
        if len(cells) != width:
            cells = _fit(cells, width, titled)
        errors = None
        if suspect(cells):   # Excel's errors out before any parser reads them, padded codes as Excel shows them
            cells, errors = _screened(cells, mapped, codes)
        out, problems = simple(cells)
        if out[0] == id_title and out[1] == name_title:
            raise RowError(_("the header again (files joined into one?), not a customer"))
        # A totals label in the customer number or the first cell (合计 | 1200户 | …) whatever the name cell holds.
        if out[0] >= "G" and out[0][:1] in _TOTALS_START:   # (a number's digits sort before G: one comparison)
            _refuse_totals(out[0], v.text(cells[i_id]))
        if first is not None and (x := cells[first]).__class__ is str and x[:1] in _TOTALS_START:
            _refuse_totals(v.text(x), v.text(x))
        if not out[0] or not out[1]:
            # The label where the number or the name should be; with neither, the row's first text.
            said = out[0] or out[1] or ("" if errors else _first_text(cells))
            # Quoted as written, not as the customer number reads it (NFKC).
            _refuse_not_customer(said, v.text(cells[i_id]) if out[0] else said)
            at = 0
            if not out[0] and not (errors and i_id in errors):
                problems.insert(0, _missing(cells[i_id], header[i_id]) or _("no customer number"))
                at = 1
            if not out[1] and not (errors and i_name in errors):
                problems.insert(at, _missing(cells[i_name], header[i_name]) or _("no name"))
        if errors:
            shows = _("{column} shows Excel's error {error}: fix the formula in the extract")
            problems[:0] = [shows.format(column=header[i], error=error) for i, error in errors.items()]
        if cells[i_id].__class__ in (float, int) and abs(cells[i_id]) >= EXCEL_DIGITS_LIMIT:
            problems.append(_("{column} {number} was saved as a number, of which Excel keeps only 15 digits; "
                              "format the column as text and export again").format(column=id_title, number=out[0]))
        elif "E+" in out[0] and _ROUNDED_BY_EXCEL.match(out[0]):
            problems.append(_("{column} {number} is how Excel shows a long number, not the number itself; "
                              "format the column as text and export again").format(column=id_title, number=out[0]))
        elif "E" in out[0] or "e" in out[0]:
            try:
                _no_scientific(out[0])
            except ValueError as exc:
                problems.append(cell_problem(id_title, exc))
        if "\x00" in out[0] or "\x00" in out[1]:   # SQL would see the text cut short at the NUL
            problems.append(_("a NUL character in the customer number or name, shown here as {mark} (is the file"
                              " damaged?)").format(mark=HIDDEN_MARK))
        if "\n" in out[1] or "\r" in out[1]:       # most often an unbalanced quote that swallowed rows
            problems.append(_("a line break in the name (an unbalanced quote mark?)"))
        if has_person:
            gender = birthday = None
            if i_gender is not None and (gender := gender_memo.get(x := cells[i_gender], _MISS)) is _MISS:
                gender = _parse_noting(gender_of, x, header[i_gender], problems)
            if i_birthday is not None and (birthday := birthday_memo.get(x := cells[i_birthday], _MISS)) is _MISS:
                birthday = _parse_noting(birthday_of, x, header[i_birthday], problems)
            # The row's own cells win over the ID number, which only fills in what they leave empty (or give as a
            # year and month): a birthday head office keeps may differ from the ID's on purpose (corrected at the
            # customer's word).
            if i_idno is not None and (gender is None or birthday is None or len(birthday) == PARTIAL_BIRTHDAY):
                from_id = _parse_noting(id_number, cells[i_idno], header[i_idno], problems)
                id_birthday, id_gender = from_id or (None, None)
                gender, birthday = gender or id_gender, _full_birthday(birthday, id_birthday)
            out += (gender, birthday)
        if i_phone is not None:
            out += _phone_cell(cells[i_phone]) if i_phone2 is None else _either_phone(cells[i_phone], cells[i_phone2])
        manager_name = _name_or_none(cells[i_mname]) if i_mname is not None else None
        if has_manager:
            if i_mid is not None:
                manager_id = manager_memo.get(x := cells[i_mid], _MISS)
                if manager_id is _MISS:
                    manager_id = _parse_noting(manager_of, x, header[i_mid], problems)
            else:
                try:
                    manager_id, name = manager_split(v.text(cells[i_mgr]))
                except ValueError as exc:   # a name several staff share
                    problems.append(str(exc))
                    manager_id = name = None
                manager_name = manager_name or name
            out.append(manager_id)
        if problems:
            raise RowError(_("; ").join(problems))
        if i_bname is not None:
            branch_name = v.text(cells[i_bname]) or None
        else:
            branch_name = branch_of(cells[i_branch])[1] if i_branch is not None else None
        out += (manager_name, branch_name)
        return tuple(out)

    amount_scales = {cols[f]: mapping.scales.get(f, 1) for f in ("aum", "aum_peak") if f in cols}
    date_cells = {cols[f] for f in ("opened_on", "first_activity_on", "last_activity_on", "last_login_on") if f in cols}
    # The block's parsers fail on an Excel error, so its row goes to the row function, which words it.
    each = {index: _distinct(parse) for index, _label, parse in steps if parse not in (v.name_text, customer_number)}
    ids_of = Distinct(customer_number, 0)
    two_numbers: dict = {}   # the phone cells of a block holding two numbers -> the alternate, as phones_of reads them

    def phone_of(cell) -> tuple:
        *values, other = _phone_cell(cell)
        if other is not None:
            two_numbers[cell] = other
        return tuple(values)
    genders_of, birthdays_of, phones_of = _distinct(gender_of), _distinct(birthday_of), _distinct(phone_of, 0)
    names_of, managers_of = _distinct(_name_or_none), _distinct(manager_of)
    split_of = _distinct(lambda c: manager_split.uncached(v.text(c)))
    branch_names_of = _distinct(lambda c: branch_of(c)[1])
    # The cells read that no parser above sees in every row: the number, the name, the ID number,
    # and the second phone (converted only where the first phone has no callable number).
    unparsed = [i for i in (i_id, i_name, i_idno, i_phone2) if i is not None]
    types = schema(columns)

    def block(frame, numbers: list[int]) -> tuple:
        """(converted, rejected) for a polars frame of text cells (one column per header column)."""
        import polars as pl

        cell = frame.to_series
        out: dict = {"line": pl.Series(numbers, dtype=pl.Int64)}
        failures: list = []

        def keep(result):
            values, failed = result
            if failed is not None:
                failures.append(failed)
            return values

        for (index, _label, parse), name in zip(steps, columns):
            if parse is v.name_text:
                out[name] = strip(cell(index)).str.replace(r"^'([=+\-@])", "${1}")
            elif parse is customer_number:
                out[name] = _customer_numbers(cell(index), ids_of)
            elif index in amount_scales:
                out[name] = keep(completed(plain_amounts(cell(index), amount_scales[index]), cell(index), each[index],
                                           types[name]))
            elif index in date_cells:
                out[name] = keep(completed(plain_dates(cell(index), past_date.latest), cell(index), each[index],
                                           types[name]))
            else:
                out[name] = keep(parsed(cell(index), each[index], types[name]))
        ids, names = out["customer_id"], out["name"]
        failures.append(pl.select(ids.eq("") | names.eq("") | ids.str.contains("\x00", literal=True)
                                  | names.str.contains("[\x00\n\r]") | (ids.eq(id_title) & names.eq(name_title))
                                  | ids.str.contains(_ROUNDED_BY_EXCEL.pattern) | ids.str.contains(_SCIENTIFIC)
                                  | ids.str.contains(_TOTALS))
                        .to_series())
        if first is not None:
            failures.append(cell(first).str.contains(_TOTALS).fill_null(False))
        failures.append(pl.select(pl.any_horizontal([cell(i).str.contains(_MAYBE_EXCEL_ERROR) for i in unparsed]))
                        .to_series())
        nothing = pl.Series([None] * frame.height, dtype=pl.String)
        if has_person:
            gender = keep(parsed(cell(i_gender), genders_of, pl.String)) if i_gender is not None else nothing
            birthday = (keep(completed(plain_dates(cell(i_birthday), past_date.latest), cell(i_birthday), birthdays_of,
                                       pl.String))
                        if i_birthday is not None else nothing)
            if i_idno is not None:
                gender, birthday = keep(_from_id_numbers(gender, birthday, cell(i_idno), id_number))
            out["gender"], out["birthday"] = gender, birthday
        if i_phone is not None:
            two_numbers.clear()   # (phones_of reads every cell of the block it does not take as it stands)
            phones = keep(phone_columns(cell(i_phone), phones_of))
            if i_phone2 is None:
                alternate = [_cell_alternates(cell(i_phone), two_numbers)]
            else:
                phones, alternate = _either_phones(phones, cell(i_phone2), lambda cells: keep(phone_columns(cells, phones_of)))
            out.update(zip([*PHONE_COLUMNS, *ALT_PHONE_COLUMNS], [*phones, *alternate]))
        manager_names = keep(parsed(cell(i_mname), names_of, pl.String)) if i_mname is not None else nothing
        if has_manager:
            if i_mid is not None:
                out["manager_id"] = keep(parsed(cell(i_mid), managers_of, pl.String))
            else:
                out["manager_id"], split_names = keep(parsed(cell(i_mgr), split_of, (pl.String, pl.String), parts=2))
                manager_names = manager_names.fill_null(split_names)
        out["manager_name"] = manager_names
        if i_bname is not None:
            out["branch_name"] = keep(parsed(cell(i_bname), names_of, pl.String))
        else:
            out["branch_name"] = keep(parsed(cell(i_branch), branch_names_of, pl.String)) if i_branch is not None else nothing
        converted = pl.DataFrame([series.alias(name) for name, series in out.items()]).cast(types)
        bad = pl.select(pl.any_horizontal(failures)).to_series()
        if not bad.any():
            return converted, {}
        # The row function words the reasons, so both ways reject alike.
        rejected, again = {}, []
        for i in bad.arg_true().to_list():
            result = convert_rows(convert, [list(frame.row(i))])[0]
            if result.__class__ is tuple:
                again.append((numbers[i], *result))
            else:
                rejected[i] = result
        converted = converted.filter(~bad)
        if again:
            converted = pl.concat([converted, rows_frame(columns, again)]).sort("line")
        return converted, rejected

    return Converter(columns, convert, block)


def _phone_values(raw) -> tuple:
    """The phone columns for one cell: a plain mainland mobile at once, anything else by phonenumbers; of a cell
    holding two numbers, those of the one called, its text as the raw number (_phone_cell)."""
    if raw.__class__ is str and len(raw) == 11 and raw.isdigit() and raw.isascii() and raw[0] == "1" \
            and raw[1:3] in MOBILE_RANGE_DIGITS:   # phones.plain_mobile, inline: most cells are one
        return raw, "+86" + raw, 1, "mobile", None, None
    return _phone_cell(raw)[:-1]


def _phone_cell(raw) -> tuple:
    """The phone columns for one cell and the text of the alternate (ALT_PHONE_COLUMNS): a cell holding two numbers
    (13985122056/13900139000, 13800138000 021-62345678) is read as two phone columns are, the number called
    (phones.phone_cell_numbers) as the cell and the other callable one as the alternate, so a call finding the one
    called bad switches the customer to it; the alternate None for a cell of one number (a cell without a separator
    costs one regular-expression search more, a plain mobile nothing)."""
    if raw.__class__ is str and len(raw) == 11 and raw.isdigit() and raw.isascii() and raw[0] == "1" \
            and raw[1:3] in MOBILE_RANGE_DIGITS:
        return raw, "+86" + raw, 1, "mobile", None, None, None
    raw = _phone_text(raw)
    if _MAY_HOLD_TWO.search(raw):
        called, other = phone_cell_numbers(raw)
        if other is not None:
            return (called, *normalise_phone(called), other)
    return (raw or None, *normalise_phone(raw), None)


def _cell_alternates(cells, two_numbers: dict):
    """The alternate of each phone cell of a block (_phone_cell), from the cells holding two numbers its phone parse
    found: a block without any costs nothing."""
    import polars as pl

    if not two_numbers:
        return pl.Series(ALT_PHONE_COLUMNS[0], [None] * cells.len(), dtype=pl.String)
    return cells.replace_strict(list(two_numbers), list(two_numbers.values()), default=None,
                                return_dtype=pl.String).alias(ALT_PHONE_COLUMNS[0])


def alternate_part(text: str | None, part: str):
    """One of PHONE_COLUMNS (named without 'phone_') for an alternate's text (ALT_PHONE_COLUMNS), for the
    import, which parses an alternate only where it may switch to it (store.switch_to_alternates)."""
    return None if text is None else _alternate_values(text)[PHONE_COLUMNS.index(f"phone_{part}")]


@functools.lru_cache(maxsize=1024)
def _alternate_values(text: str) -> tuple:
    """_phone_values of an alternate's text, once for all its parts."""
    return _phone_values(text)


def _phone_text(cell) -> str:
    """A phone cell as text (_code_text), without the '.0' a float export adds to its digits
    (13800138000.0, as pandas writes a number column with a gap in it)."""
    s = _code_text(cell)
    if s.endswith(".0") and s[:-2].isdigit() and s[:-2].isascii():
        return s[:-2]
    return s


def _distinct(parse: Callable, limit: int = 20_000) -> Distinct:
    """Distinct(parse), failing on a cell that shows an Excel error (the row way screens those first)."""
    inner = getattr(parse, "uncached", parse)

    def step(cell):
        if excel_error(cell) is not None:
            raise ValueError("an Excel error")
        return inner(cell)
    return Distinct(step, limit)


def _customer_numbers(series, parse: Distinct):
    """customer_number for a column of text: ASCII cells in polars, the others by parse."""
    import polars as pl

    s = strip(series)
    quoted = s.str.starts_with("'")
    if quoted.any():
        s = pl.select(pl.when(quoted).then(strip(s.str.slice(1))).otherwise(s)).to_series()
    if s.str.contains(".", literal=True).any():   # a float's '.0' after digits (_digits)
        s = s.str.replace(r"^([0-9]+)\.0+$", "${1}")
    ascii_only = series.str.len_bytes() == series.str.len_chars()
    if ascii_only.all():
        return s
    others, _failed = parsed(series, parse, pl.String, only=~ascii_only)
    return pl.select(pl.when(ascii_only).then(s).otherwise(others)).to_series()


def _either_phone(first, second) -> tuple:
    """The phone columns from the first phone cell, or from the second where it is the better number
    to call: callable where the first is not, or a mobile where the first is a landline (a manager
    calls the mobile). Where neither is callable the first's reason stands, unless the first is empty.
    Then the other cell's text (ALT_PHONE_COLUMNS), None for an empty cell."""
    used, other_text = _phone_values(first), v.text(second)
    if used[3] == "mobile" or other_text == "":
        return (*used, other_text or None)
    other = _phone_values(second)
    if (other[3] == "mobile") if used[2] else (other[2] or used[0] is None):
        return (*other, used[0])
    return (*used, other_text)


def _either_phones(first: list, second_cells, convert: Callable) -> tuple[list, list]:
    """_either_phone for a block: (the phone columns, the other cell's text); the second cells are
    converted only where the first are not a callable mobile."""
    import polars as pl

    texts = strip(second_cells)
    other = pl.select(pl.when(texts != "").then(texts)).to_series().alias(ALT_PHONE_COLUMNS[0])
    need = (first[3] != "mobile").fill_null(True)
    if not need.any():
        return first, [other]
    second = convert(pl.select(pl.when(need).then(second_cells).otherwise(pl.lit(""))).to_series())
    better = pl.select(pl.when(first[2] == 1).then(second[3] == "mobile").otherwise(second[2] == 1)).to_series()
    use = need & (texts != "") & (better.fill_null(False) | first[0].is_null())
    return ([pl.select(pl.when(use).then(b).otherwise(a)).to_series().alias(a.name) for a, b in zip(first, second)],
            [pl.select(pl.when(use).then(first[0]).otherwise(other)).to_series().alias(other.name)])


def _from_id_numbers(gender, birthday, id_numbers, read: Callable) -> tuple:
    """Gender and birthday completed from the ID number where either is missing (as the row does), and
    the rows whose ID number read refuses (None for none), for the row function to word."""
    import polars as pl

    missing = (gender.is_null() | birthday.is_null() | birthday.str.len_chars().eq(PARTIAL_BIRTHDAY)).arg_true().to_list()
    if not missing:
        return (gender, birthday), None
    genders, birthdays, cells = gender.to_list(), birthday.to_list(), id_numbers.to_list()
    refused = []
    for i in missing:
        try:
            id_birthday, id_gender = read(cells[i])
        except ValueError:
            refused.append(i)
            continue
        genders[i], birthdays[i] = genders[i] or id_gender, _full_birthday(birthdays[i], id_birthday)
    failed = pl.Series([False] * len(cells)).scatter(refused, True) if refused else None
    return (pl.Series(genders, dtype=pl.String), pl.Series(birthdays, dtype=pl.String)), failed


def _full_birthday(birthday: str | None, id_birthday: str | None) -> str | None:
    """The row's birthday, or the ID number's where the row gives none or a year and month alone."""
    return id_birthday or birthday if birthday is None or len(birthday) == PARTIAL_BIRTHDAY else birthday


def _name_or_none(cell) -> str | None:
    return v.text(cell) or None


def convert_rows(convert: Callable[[list], tuple], batch: list[list]) -> list:
    """Each row converted: its values, or the reason it is rejected (str), or None for a blank row."""
    results: list = []
    add = results.append
    for cells in batch:
        if UnclosedQuote in map(type, cells):   # a stray quote took in the rows after it: that alone is said
            add(unclosed_quote(cells))
            continue
        try:
            add(convert(cells))
        except RowError as exc:
            add(str(exc) if any(v.text(c) for c in cells) else None)
    return results


def unclosed_quote(cells: list) -> str | None:
    """Why the row is rejected when a cell of it opens a quote never closed where the row ends (blocks.UnclosedQuote):
    the rows it took in, named; None for a row without such a cell."""
    return next((cell.reason for cell in cells if cell.__class__ is UnclosedQuote), None)


_MISS = object()


def _parse_noting(parse: Callable, cell, label: str, problems: list[str]):
    """parse(cell), or None with the reason added to problems."""
    try:
        return parse(cell)
    except ValueError as exc:
        problems.append(cell_problem(label, exc))
        return None


def cell_problem(label: str, exc: ValueError) -> str:
    """A cell's problem as a rejected row's reason gives it: the column's header, then why."""
    return _("{column}: {reason}").format(column=label, reason=exc)


def _compile(steps: list[tuple[int, str, Callable]]) -> Callable[[list], tuple[list, list]]:
    """One straight-line function for the single-cell columns: no loop, memo hits inlined.

    Generated once per import from the mapping; it only indexes cells and calls the parsers given.
    """
    lines = ["def simple(cells):", "    problems = []"]
    names: dict = {"MISS": _MISS, "said": cell_problem}
    for n, (index, label, parse) in enumerate(steps):
        names[f"f{n}"], names[f"l{n}"] = parse, label
        memo = getattr(parse, "memo", None)
        if parse is v.name_text:   # never fails: strip a str in place, call for an apostrophe or Excel's other types
            lines += [f"    x = cells[{index}]", f"    a{n} = x.strip() if x.__class__ is str else f{n}(x)",
                      f"    if a{n}[:1] == \"'\":", f"        a{n} = f{n}(a{n})"]
        elif parse is customer_number:   # the same, and called for text with an apostrophe or not ASCII
            lines += [f"    x = cells[{index}]", "    if x.__class__ is str:", f"        a{n} = x.strip()",
                      f"        if a{n}[:1] == \"'\" or not a{n}.isascii() or \".\" in a{n}:", f"            a{n} = f{n}(a{n})",
                      "    else:", f"        a{n} = f{n}(x)"]
        elif memo is not None:
            names[f"m{n}"] = memo
            lines += [f"    x = cells[{index}]", f"    a{n} = m{n}.get(x, MISS)", f"    if a{n} is MISS:",
                      "        try:", f"            a{n} = f{n}(x)", "        except ValueError as exc:",
                      f"            a{n} = None", f"            problems.append(said(l{n}, exc))"]
        else:
            lines += ["    try:", f"        a{n} = f{n}(cells[{index}])", "    except ValueError as exc:",
                      f"        a{n} = None", f"        problems.append(said(l{n}, exc))"]
    lines.append(f"    return [{', '.join(f'a{n}' for n in range(len(steps)))}], problems")
    exec(compile("\n".join(lines), "<import row>", "exec"), names)  # noqa: S102 (code built above, no data)
    return names["simple"]


def _fit(cells: list, width: int, titled: int) -> list:
    """Trailing empty cells are tolerated, and so is a row short of only the header's trailing
    untitled columns (from titled on); otherwise a row must have as many cells as the header. A
    note or totals line under the table is named so whatever its width."""
    size = len(cells)
    if size > width and not any(v.text(c) for c in cells[width:]):
        return cells[:width]
    if titled <= size < width:
        return cells + [""] * (width - size)
    said = _first_text(cells)
    _refuse_not_customer(said, said)
    raise RowError(_("the row has {cells} cells but the header has {width}").format(cells=size, width=width))


def _refuse_totals(said: str, quoted: str) -> None:
    """RowError when said is a totals row's label, quoting `quoted`."""
    if _NOT_CUSTOMERS[0][0].match(said):
        _refuse_not_customer(said, quoted)


def _refuse_not_customer(said: str, quoted: str) -> None:
    """RowError when said is a totals row's label or a note's (_NOT_CUSTOMERS), quoting `quoted`."""
    for label, kind in _NOT_CUSTOMERS:
        if label.match(said):
            reason = (_("a totals row ({cell}), not a customer") if kind == "totals"
                      else _("a note under the table ({cell}), not a customer"))
            raise RowError(reason.format(cell=quoted))


def _compile_suspect(mapped: list[int], codes: set[int]) -> Callable[[list], bool]:
    """One expression telling whether a row may hold an Excel error or a padded code (see _screened):
    a row costs a few lookups, not a loop, since nearly every row holds neither."""
    tests = [f'(x := c[{i}]).__class__ is str and "#" in x' + (" or x.__class__ is P" if i in codes else "")
             for i in mapped]
    names: dict = {"P": PaddedNumber}
    source = f"def suspect(c):\n    return {' or '.join(tests)}"
    exec(compile(source, "<import row>", "exec"), names)  # noqa: S102 (code built above, no data)
    return names["suspect"]


def _screened(cells: list, mapped: list[int], codes: set[int]) -> tuple[list, dict | None]:
    """The row with its Excel error cells empty and its padded code cells as Excel shows them, and
    {cell index: the error shown} (None for none)."""
    errors = fixed = None
    for i in mapped:
        x = cells[i]
        if x.__class__ is str:
            if (error := excel_error(x)) is None:
                continue
            errors = errors or {}
            errors[i] = error
            x = ""
        elif x.__class__ is PaddedNumber and i in codes:
            x = x.shown
        else:
            continue
        fixed = fixed or list(cells)
        fixed[i] = x
    return (cells if fixed is None else fixed), errors


def _missing(cell, label: str) -> str | None:
    """Why an empty customer number or name cell is empty, when the file says: a formula it holds no value for."""
    if cell.__class__ is UnsavedFormula:
        return _("{column}: a formula with no value saved in the file; open the file in Excel and save it again, "
                 "or paste the column as values").format(column=label)
    return None


def _first_text(cells: list) -> str:
    """The row's first cell with text in it, as text ("" for none)."""
    return next((s for s in map(v.text, cells) if s), "")
