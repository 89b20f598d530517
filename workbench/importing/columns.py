"""Converting a block of cells a column at a time, into polars columns: polars for the plain shapes,
Python for the rest, once per distinct cell.

Each helper gives exactly what the row converter's parser gives for the same cell (property tests in
tests/test_import_blocks.py): the plain shapes (amounts like 1,234.56, dates like 2025-03-01,
mainland mobiles) are converted in polars, every other cell by the row's own parser, once per
distinct cell, and the answers are put in place by polars. No Python object is made per cell.
"""

from __future__ import annotations

from typing import Callable

from workbench.importing.values import MAX_FEN, PLACEHOLDER_DATES

# Customer columns holding whole numbers; every other one holds text.
INT_COLUMNS = frozenset({"aum_fen", "aum_peak_fen", "activity_count_12m", "do_not_call", "consent", "phone_valid"})
# Exactly the characters str.strip() removes (str.isspace), which include \x1c-\x1f that Rust's
# whitespace does not; a test checks the list against every code point.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

_FAILED = object()


def schema(columns: list[str]) -> dict:
    """The polars types of converted rows: the row number, the customer columns, the two names."""
    import polars as pl

    names = ["line", *columns, "manager_name", "branch_name"]
    return {c: pl.Int64 if c == "line" or c in INT_COLUMNS else pl.String for c in names}


def rows_frame(columns: list[str], rows: list[tuple]):
    """A frame of converted rows, each (row number, values..., manager name, branch name)."""
    import polars as pl

    types = schema(columns)
    values = zip(*rows) if rows else [[]] * len(types)   # column by column: a third faster than by row
    return pl.DataFrame([pl.Series(name, column, dtype) for (name, dtype), column in zip(types.items(), values)])


class Distinct:
    """A parser applied once per distinct cell; answers are kept across blocks until limit distinct
    cells (0: within one block only), so repeated dates and codes cost a lookup."""

    def __init__(self, parse: Callable, limit: int = 20_000):
        self.parse, self.limit = getattr(parse, "uncached", parse), limit   # one memo is enough
        self.known: dict = {}

    def answers(self, cells: list) -> tuple[list, list]:
        """Each distinct cell's parsed value (None where the parse raised ValueError), and those cells."""
        known = self.known
        if len(known) + len(cells) > self.limit:
            known.clear()
        for cell in cells:
            if cell not in known:
                try:
                    known[cell] = self.parse(cell)
                except ValueError:
                    known[cell] = _FAILED
        values = [known[cell] for cell in cells]
        return [None if value is _FAILED else value for value in values], \
            [cell for cell, value in zip(cells, values) if value is _FAILED]


def strip(series):
    """The cells as str.strip() leaves them."""
    return series.str.strip_chars(PY_WHITESPACE)


def parsed(series, parse: Distinct, dtype, only=None, parts: int = 0):
    """(values, failed) for the cells of series, parsed once per distinct cell (only: just where this
    mask is true, null elsewhere); failed is a mask of the cells whose parse failed, or None.
    With parts, parse gives tuples, dtype is a tuple of as many types and values a list of columns."""
    keys = (series if only is None else series.filter(only)).unique().to_list()
    answers, failing = parse.answers(keys)
    if parts:
        spread = list(zip(*(a if a is not None else (None,) * parts for a in answers))) or [[]] * parts
        values = [_replaced(series, keys, list(column), kind) for column, kind in zip(spread, dtype)]
    else:
        values = _replaced(series, keys, answers, dtype)
    failed = series.is_in(failing) if failing else None
    return values, failed


def _replaced(series, keys: list, answers: list, dtype):
    import polars as pl

    if not keys:
        return pl.Series(series.name, [None] * series.len(), dtype)
    return series.replace_strict(keys, answers, default=None, return_dtype=dtype)


def completed(fast, series, parse: Distinct, dtype):
    """(values, failed): fast's values, its gaps (null) parsed from the cells once per distinct cell."""
    gaps = fast.is_null()
    if not gaps.any():
        return fast, None
    slow, failed = parsed(series, parse, dtype, only=gaps)
    return fast.fill_null(slow), failed


def plain_amounts(series, scale: int):
    """Fen for cells like '1,234.56' or '1234' in the header's unit (scale), null for others and for
    amounts past MAX_FEN (parse_amount gives the same for these, and says why for the rest)."""
    import polars as pl

    # Commas only between groups of three, as parse_amount takes them.
    digits = series.str.extract_groups(r"^([0-9]{1,3}(?:,[0-9]{3})*|[0-9]{1,10})(?:\.([0-9]{2}))?$")
    whole = digits.struct.field("1").str.replace_all(",", "", literal=True).cast(pl.Int64)
    cents = digits.struct.field("2").cast(pl.Int64).fill_null(0)
    fen = whole * 100 + cents
    # Nulled before the multiplication, which past MAX_FEN could pass Int64's range (亿元 headers).
    return pl.select(pl.when(fen <= MAX_FEN // scale).then(fen)).to_series() * scale


_DATE_FORMATS = ((r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", "%Y-%m-%d"), (r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$", "%Y/%m/%d"),
                 (r"^[0-9]{8}$", "%Y%m%d"))


def plain_dates(series, latest: str):
    """ISO dates for cells like 2025-03-01, 2025/3/1 or 20250301 in the years parse_date takes and up
    to latest (an ISO date: values.past_date's), null for others and for placeholders like 1900-01-01
    (past_date gives the same for these, and says why for the rest)."""
    import polars as pl

    parsed_day = pl.coalesce(*[pl.when(pl.col("t").str.contains(shape)).then(pl.col("t").str.strptime(
        pl.Date, form, strict=False)) for shape, form in _DATE_FORMATS])
    day = pl.DataFrame({"t": series.str.strip_chars()}).select(parsed_day.alias("d")).to_series()
    iso = day.dt.to_string("%Y-%m-%d")
    in_range = day.dt.year().is_between(1900, 2100) & ~day.is_in(list(PLACEHOLDER_DATES)) & (iso <= latest)
    return pl.select(pl.when(in_range).then(iso)).to_series()


def phone_columns(series, parse: Distinct) -> tuple[list, object]:
    """(the six phone columns, failed): plain mainland mobiles, and mobiles written as +86 138 0013 8000,
    at once in polars, the rest by parse (the row's), once per distinct cell."""
    import polars as pl

    from workbench.phones import MOBILE_PATTERN, MOBILE_RANGES

    mobile = series.str.contains(MOBILE_PATTERN)
    n = series.len()
    if mobile.all():   # the usual block
        none = pl.Series([None] * n, dtype=pl.String)
        return [series, "+86" + series, pl.Series([1] * n, dtype=pl.Int64), pl.Series(["mobile"] * n), none, none], None
    # The parse strips the spaces and +86 and finds a plain mobile: its E.164 is the cell without its spaces.
    spaced = series.str.contains(rf"^\+86 1{MOBILE_RANGES} [0-9]{{4}} [0-9]{{4}}$")
    fast = mobile | spaced
    e164_fast = pl.when(mobile).then(pl.lit("+86") + series).otherwise(series.str.replace_all(" ", "", literal=True))
    if fast.all():
        none = pl.Series([None] * n, dtype=pl.String)
        return [series, pl.select(e164_fast).to_series(), pl.Series([1] * n, dtype=pl.Int64), pl.Series(["mobile"] * n),
                none, none], None
    (raw, e164, valid, kind, problem, ext), failed = parsed(
        series, parse, (pl.String, pl.String, pl.Int64, pl.String, pl.String, pl.String), only=~fast, parts=6)
    columns = pl.select(
        pl.when(fast).then(series).otherwise(raw).alias("raw"),
        pl.when(fast).then(e164_fast).otherwise(e164).alias("e164"),
        pl.when(fast).then(pl.lit(1, pl.Int64)).otherwise(valid).alias("valid"),
        pl.when(fast).then(pl.lit("mobile")).otherwise(kind).alias("kind"),
        pl.when(fast).then(pl.lit(None, pl.String)).otherwise(problem).alias("problem"),
        pl.when(fast).then(pl.lit(None, pl.String)).otherwise(ext).alias("ext"),
    )
    return columns.get_columns(), failed
