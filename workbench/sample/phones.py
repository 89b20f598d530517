"""Phone numbers as customers really give them: mostly mobiles in messy forms, some broken.

Each draw returns the phone columns an import of the raw text would store: the cell as the importer reads
it, then what its normaliser makes of it (E.164, validity, kind, the reason the number cannot be called and
the extension). The sample holds nothing an extract could not have given it, so re-importing the sample's
own customers unchanged changes none of them.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from workbench.importing.values import text as cell_text
from workbench.phones import normalise_phone

# Mobile prefixes in service, weighted by their rough share of subscribers.
MOBILE_PREFIXES: tuple[tuple[str, int], ...] = (
    ("139", 9), ("138", 9), ("137", 6), ("136", 6), ("135", 6), ("134", 3), ("133", 4), ("132", 3),
    ("131", 3), ("130", 3), ("159", 5), ("158", 5), ("157", 2), ("156", 3), ("155", 2), ("153", 3),
    ("152", 4), ("151", 4), ("150", 5), ("189", 4), ("188", 4), ("187", 4), ("186", 5), ("185", 3),
    ("183", 3), ("182", 3), ("181", 3), ("180", 3), ("177", 2), ("176", 2), ("175", 1), ("173", 2),
    ("166", 1), ("147", 1), ("199", 2), ("198", 2), ("195", 1), ("191", 1),
)
# Prefixes never allocated to a network: such a number is 空号 whatever its length.
UNALLOCATED_PREFIXES = ("140", "141", "144", "146", "148", "149", "154", "160", "179", "194")
# Shanghai fixed lines: area code 021 and eight digits.
LANDLINE_AREA = "21"

# (kind of draw, weight in 1/1000)
_KINDS = (("mobile", 938), ("landline", 30), ("short", 12), ("unallocated", 8), ("missing", 8), ("long", 4))

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# How a mobile is written, by cumulative share; the rest come in full-width digits.
_MOBILE_FORMS = (
    (0.72, "{d}"), (0.80, "{a} {b} {c}"), (0.86, "{a}-{b}-{c}"), (0.91, "+86 {d}"), (0.94, "+86{d}"),
    (0.96, "0086 {a} {b} {c}"), (0.98, " {d} "),
)


class PhonePicker:
    """Draws (phone_raw, phone_e164, phone_valid, phone_kind, phone_problem, phone_ext) tuples."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._prefixes = [p for p, _ in MOBILE_PREFIXES]
        self._prefix_cum = list(accumulate(w for _, w in MOBILE_PREFIXES))
        self._kinds = [k for k, _ in _KINDS]
        self._kind_cum = list(accumulate(w for _, w in _KINDS))
        self._recent: list[str] = []   # numbers a family shares (a parent gives a child's mobile)

    def draw(self) -> tuple[str | None, str | None, int, str | None, str | None, str | None]:
        return as_imported(self._raw())

    def _raw(self) -> str | None:
        """A phone cell as an extract gives it (empty, or None, when it gives no number)."""
        rng = self._rng
        rand = rng.random
        kind = self._kinds[bisect(self._kind_cum, rand() * self._kind_cum[-1])]
        if kind == "mobile":
            if self._recent and rand() < 0.01:
                digits = self._recent[int(rand() * len(self._recent))]
            else:
                digits = self._mobile()
                if len(self._recent) < 64:
                    self._recent.append(digits)
                else:
                    self._recent[int(rand() * 64)] = digits
            return self._messy_mobile(digits)
        if kind == "landline":
            local = str(rng.choice("3456")) + f"{int(rand() * 10_000_000):07d}"
            style = rand()
            if style < 0.6:
                raw = f"0{LANDLINE_AREA}-{local}"
            elif style < 0.85:
                raw = f"0{LANDLINE_AREA} {local[:4]} {local[4:]}"
            else:
                raw = f"(0{LANDLINE_AREA}){local}"
            # One in five reach the customer through a switchboard; decided from the digits already
            # drawn, so the rest of the sample is the same draw for draw.
            ext = str(800 + int(local[-2:])) if local[-1] in "05" else None
            if ext is not None:
                raw += f"-{ext}" if style < 0.6 else f"转{ext}"
            return raw
        if kind == "short":
            return self._mobile()[: 7 + int(rand() * 4)]
        if kind == "long":
            return self._mobile() + str(int(rand() * 10))
        if kind == "unallocated":
            return rng.choice(UNALLOCATED_PREFIXES) + f"{int(rand() * 100_000_000):08d}"
        return "" if rand() < 0.5 else None

    def _mobile(self) -> str:
        rand = self._rng.random
        prefix = self._prefixes[bisect(self._prefix_cum, rand() * self._prefix_cum[-1])]
        return prefix + f"{int(rand() * 100_000_000):08d}"

    def _messy_mobile(self, d: str) -> str:
        """The forms found in real extracts: spaces, dashes, country prefixes, full-width digits."""
        r = self._rng.random()
        for upto, form in _MOBILE_FORMS:
            if r < upto:
                return form.format(d=d, a=d[:3], b=d[3:7], c=d[7:])
        return d.translate(_FULL_WIDTH)


def as_imported(raw: str | None) -> tuple[str | None, str | None, int, str | None, str | None, str | None]:
    """(phone_raw, phone_e164, phone_valid, phone_kind, phone_problem, phone_ext) as an import of a cell holding
    raw stores them: the cell's text as the importer reads it (trimmed; None when empty), and normalise_phone's
    verdict on it."""
    cell = cell_text(raw)
    return (cell or None, *normalise_phone(cell))
