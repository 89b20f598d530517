"""Converting a block of cells a column at a time: polars for the plain shapes, Python for the rest.

Each helper gives exactly what the row converter's parser gives for the same cell (property tests in
tests/test_import_blocks.py): the plain shapes (amounts like 1,234.56, dates like 2025-03-01,
mainland mobiles) are converted in polars, every other cell by the row's own parser, once per
distinct cell.
"""

from __future__ import annotations

from typing import Callable

_FAILED = object()


class Distinct:
    """A parser applied to a column of cells, once per distinct cell; answers are kept across blocks
    until limit distinct cells (0: within one block only), so repeated dates and codes cost a lookup."""

    def __init__(self, parse: Callable, limit: int = 20_000):
        self.parse, self.limit = getattr(parse, "uncached", parse), limit   # one memo is enough
        self.known: dict = {}
        self.failing: set = set()   # cells whose parse raised ValueError

    def __call__(self, cells: list, bad: set[int]) -> list:
        distinct = dict.fromkeys(cells).keys()
        known = self.known
        if len(known) + len(distinct) > self.limit:
            known.clear()
            self.failing.clear()
        for cell in distinct - known.keys():
            try:
                known[cell] = self.parse(cell)
            except ValueError:
                known[cell] = _FAILED
                self.failing.add(cell)
        parsed = list(map(known.__getitem__, cells))
        if self.failing and not self.failing.isdisjoint(distinct):
            bad.update(i for i, value in enumerate(parsed) if value is _FAILED)
        return parsed


def plain_amounts(series, scale: int) -> list:
    """Fen for cells like '1,234.56' or '1234' (what parse_amount's first branch takes), None for others."""
    import polars as pl

    digits = series.str.replace_all(",", "", literal=True).str.extract_groups(r"^([0-9]{1,10})(?:\.([0-9]{2}))?$")
    whole = digits.struct.field("1").cast(pl.Int64)
    cents = digits.struct.field("2").cast(pl.Int64).fill_null(0)
    return ((whole * 100 + cents) * scale).to_list()


_DATE_FORMATS = ((r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", "%Y-%m-%d"), (r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$", "%Y/%m/%d"),
                 (r"^[0-9]{8}$", "%Y%m%d"))


def plain_dates(series) -> list:
    """ISO dates for cells like 2025-03-01, 2025/3/1 or 20250301 in the years parse_date takes, None
    for others (parse_date gives the same for these, and says why for the rest)."""
    import polars as pl

    parsed = pl.coalesce(*[pl.when(pl.col("t").str.contains(shape)).then(pl.col("t").str.strptime(pl.Date, form,
                                                                                                   strict=False))
                           for shape, form in _DATE_FORMATS])
    day = pl.DataFrame({"t": series.str.strip_chars()}).select(parsed.alias("d")).to_series()
    in_range = day.dt.year().is_between(1900, 2100)
    return pl.select(pl.when(in_range).then(day.dt.to_string("%Y-%m-%d"))).to_series().to_list()


def phone_columns(series, cells: list, parse: "Distinct", bad: set[int]) -> list[list]:
    """The five phone columns: plain mainland mobiles at once in polars, the rest by parse (the row's)."""
    import polars as pl

    mobile = series.str.contains(r"^1[3-9][0-9]{9}$")
    e164 = pl.select(pl.when(mobile).then(pl.lit("+86") + series)).to_series().to_list()
    gaps = [i for i, number in enumerate(e164) if number is None]
    columns = [list(cells), e164, [1] * len(cells), ["mobile"] * len(cells), [None] * len(cells)]
    if gaps:
        failed: set[int] = set()
        for i, phone in zip(gaps, parse([cells[i] for i in gaps], failed)):
            for column, value in zip(columns, phone):
                column[i] = value
        bad.update(gaps[j] for j in failed)
    return columns


def fill(fast: list, cells: list, parse: "Distinct", bad: set[int]) -> list:
    """fast with its gaps (None) parsed from the cells."""
    gaps = [i for i, value in enumerate(fast) if value is None]
    if gaps:
        failed: set[int] = set()
        for i, value in zip(gaps, parse([cells[i] for i in gaps], failed)):
            fast[i] = value
        bad.update(gaps[j] for j in failed)
    return fast
