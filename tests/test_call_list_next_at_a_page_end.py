"""The next customer after one saved on the last row of a page whose next page is not yet read (the anchor then holds
them alone): a call that took them off the list moved the rows below up one, so the next is the one now on their
row, not the one a row further down."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime

from tui_fixtures import sample_copy
from workbench.calllist import CallListFilter, call_list
from workbench.db import connect
from workbench.outcomes import log_outcome
from workbench.screens.call_list import PAGE_SIZE, Anchor, next_customer
from workbench.settings import load_settings

NOW = datetime(2026, 11, 20, 10, 0)


def test_a_customer_who_left_the_list_from_a_page_end_is_followed_by_the_one_now_on_their_row(tmp_path):
    path = sample_copy(tmp_path)
    with closing(connect(path)) as conn:
        settings = load_settings(conn, "B100")
        before = [e.customer_id for e in call_list(conn, "M001", NOW, limit=PAGE_SIZE + 2, explain=False,
                                                   settings=settings)]
        row, saved = PAGE_SIZE - 1, before[PAGE_SIZE - 1]
        log_outcome(conn, customer_id=saved, manager_id="M001", line_result="no_answer", at=NOW)   # rests: leaves
        after = [e.customer_id for e in call_list(conn, "M001", NOW, limit=PAGE_SIZE + 2, explain=False,
                                                  settings=settings)]
        assert saved not in after and after[row] == before[row + 1]
        _placed, found = next_customer(conn, "M001", NOW, CallListFilter(), settings, Anchor((saved,), row), {saved})
    assert found == (row, before[row + 1])
