"""The resting counts on the call list's filters line, too long for one line: broken after the resting sentence's
parenthesis where the booked clause then fits a line of its own, else between reasons only."""

from __future__ import annotations

from rich.cells import cell_len

from workbench.calllist import BOOKED
from workbench.screens.call_list import resting_lines

COUNTS = {"budget": 7, "cooloff_not_interested": 58, "cooloff_complaint": 1, BOOKED: 23}


def test_the_booked_clause_goes_on_a_line_of_its_own_rather_than_a_reason_breaking_the_parenthesis():
    assert resting_lines(COUNTS, 78) == [
        "66 resting (7 at the attempt limit, 58 not interested, 1 complained);",
        "23 more booked for a later day"]


def test_too_narrow_for_the_resting_sentence_whole_it_breaks_between_reasons():
    lines = resting_lines(COUNTS, 60)
    assert lines == ["66 resting (7 at the attempt limit, 58 not interested,",
                     "1 complained); 23 more booked for a later day"]
    assert all(cell_len(line) <= 60 for line in lines)


def test_without_anyone_booked_the_reasons_alone_are_broken():
    counts = {k: n for k, n in COUNTS.items() if k != BOOKED}
    assert resting_lines(counts, 40) == ["66 resting (7 at the attempt limit,", "58 not interested, 1 complained)"]
