"""Benchmark: the Chinese line breaker (workbench.text_wrap) on long unbroken runs and on ordinary text.

Baseline: the standard library's textwrap.wrap of the same text at the same width, measured in the same
run; each time is also given as a ratio to it. The runs are the pathological cases: one word of N letters
or digits (no space anywhere), N closing marks (。) or opening brackets (（), where every line holds one
character; ordinary Chinese text and a call list's reasons are there to show the common case did not slow.

    python bench/bench_text_wrap.py [--chars 20000] [--widths 40 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import textwrap

from rich.cells import cell_len
from rich.text import Text

from bench_report import timed
from workbench.text_wrap import line_starts, wrap

PROSE = "您好，我是您的客户经理李娜。您在我行的定期存款将于2026-12-01到期，金额29,624.32元；我们有一款新产品，年化2.35%，起存5万元，您看方便来网点聊聊吗？"
REASONS = "约定跟进已逾期3天（应于2026-11-17）；降级客户：52天前有交易（沉睡分41）；50万档；3天前最后联系；从600万降至50万；近7天已尝试1次；"


def texts(n: int) -> dict[str, tuple[str, bool]]:
    """name: (text of n characters, clauses)."""
    def repeat(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]
    return {
        "one word of letters": (repeat("a"), False),
        "one number": (repeat("3100019718"), False),
        "run of 。": (repeat("。"), False),
        "run of （": (repeat("（"), False),
        "Chinese prose": (repeat(PROSE), False),
        "reasons, clauses": (repeat(REASONS), True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000, help="length of each text")
    parser.add_argument("--widths", type=int, nargs="+", default=[40, 200], help="line widths in cells")
    parser.add_argument("--runs", type=int, default=5, help="median of this many runs")
    args = parser.parse_args()
    print(f"{args.chars:,} characters each; median of {args.runs}; baseline textwrap.wrap of the same text and width")
    print(f"{'text':<22}{'width':>6}{'lines':>8}{'baseline':>11}{'line_starts':>13}{'ratio':>8}{'wrap(Text)':>12}{'ratio':>8}")
    for name, (plain, clauses) in texts(args.chars).items():
        for width in args.widths:
            base = timed(lambda: textwrap.wrap(plain, width), args.runs)
            starts = timed(lambda: line_starts(plain, width, clauses), args.runs)
            whole = timed(lambda: wrap(Text(plain), width, clauses), args.runs)
            lines = len(line_starts(plain, width, clauses)) + 1
            print(f"{name}{' ' * (22 - cell_len(name))}{width:>6}{lines:>8,}{base * 1000:>9.1f}ms{starts * 1000:>11.1f}ms{starts / base:>7.1f}x"
                  f"{whole * 1000:>10.1f}ms{whole / base:>7.1f}x")


if __name__ == "__main__":
    main()
