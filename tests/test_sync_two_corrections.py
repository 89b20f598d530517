"""One entry corrected on two desks before they exchanged bundles: exactly one correction is in effect, the later by
recorded time (then terminal id, then outcome id), the same on every desk whatever order the bundles arrive in; the
other reads as corrected by it, and the import names the clash once. Two real database files, real bundles."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

import sync_data
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.errors import WorkbenchError
from workbench.rules import CORRECTED_BY, EFFECTIVE_OUTCOME
from workbench.sync.bundle import export_bundle, import_bundle
from workbench.sync.report import build_report

CALL = datetime(2026, 11, 20, 9, 0)
NOW = datetime(2026, 11, 20, 16, 0)


def _log(path, *, outcome, recorded, supersedes=None):
    db = open_db(path)
    try:
        return log_outcome(db.conn, customer_id="C000", manager_id="M1", line_result="reached", at=CALL,
                           business_outcome=outcome, supersedes=supersedes, recorded_at=recorded).outcome_id
    finally:
        db.close()


def _bundle(path, out, since=None):
    db = open_db(path)
    try:
        export_bundle(db.conn, out, now=NOW, since=since)
    finally:
        db.close()
    return out


def _import(path, bundle):
    db = open_db(path)
    try:
        return import_bundle(db.conn, bundle, now=NOW).corrections_clashed
    finally:
        db.close()


def _state(path):
    """(the entries in effect for C000, what corrects each entry, the month's reached/interested/reactivated)."""
    db = open_db(path)
    try:
        conn = db.conn
        effective = sorted(r[0] for r in conn.execute(
            f"SELECT o.outcome_id FROM outcomes o WHERE o.customer_id = 'C000' AND {EFFECTIVE_OUTCOME}"))
        corrected = dict(conn.execute(f"SELECT o.outcome_id, {CORRECTED_BY} FROM outcomes o WHERE o.customer_id = 'C000'"))
        total = build_report(conn, today=date(2026, 11, 30), since="2026-11-01", until="2026-11-30").total
        return effective, corrected, (total.reached, total.interested, total.reactivated)
    finally:
        db.close()


@pytest.fixture
def clash(tmp_path):
    """Desk a logs a call and sends it to desk b; each then corrects it, b later by recorded time; each sends its
    correction. A third desk c (a copy of b from before the corrections) receives both."""
    a, b = sync_data.two_terminals(tmp_path)
    first = _log(a, outcome="appointment", recorded=CALL)
    _import(b, _bundle(a, tmp_path / "a0.wbundle"))
    c = tmp_path / "c.sqlite"
    shutil.copy(b, c)
    with open_db(c) as db:
        db.conn.execute("UPDATE meta SET value = 'c-terminal' WHERE key = 'terminal_id'")
    on_a = _log(a, outcome="reactivated", recorded=datetime(2026, 11, 20, 11, 0), supersedes=first)
    on_b = _log(b, outcome="interested", recorded=datetime(2026, 11, 20, 12, 0), supersedes=first)
    return tmp_path, a, b, c, first, on_a, on_b


def test_the_later_correction_counts_once_on_both_desks(clash):
    tmp, a, b, _c, first, on_a, on_b = clash
    from_a, from_b = _bundle(a, tmp / "a1.wbundle"), _bundle(b, tmp / "b1.wbundle")
    assert _import(a, from_b) == [(first, on_b, (on_a,))]   # named once, on each desk
    assert _import(b, from_a) == [(first, on_b, (on_a,))]
    assert _import(b, from_a) == []   # nothing new: not named again
    for desk in (a, b):
        effective, corrected, counts = _state(desk)
        assert effective == [on_b]
        assert corrected == {first: on_b, on_a: on_b, on_b: None}
        assert counts == (1, 1, 0)   # B's 'interested', not A's 'reactivated' as well


@pytest.mark.parametrize("order", ["a then b", "b then a"])
def test_a_third_desk_agrees_whatever_order_the_bundles_arrive(clash, order):
    tmp, a, b, c, first, on_a, on_b = clash
    bundles = [_bundle(a, tmp / "a1.wbundle"), _bundle(b, tmp / "b1.wbundle")]
    if order == "b then a":
        bundles.reverse()
    assert _import(c, bundles[0]) == []
    assert _import(c, bundles[1]) == [(first, on_b, (on_a,))]
    assert _state(c)[0] == [on_b] and _state(c)[2] == (1, 1, 0)


def test_a_further_correction_is_refused_naming_the_one_in_effect(clash):
    tmp, a, b, _c, first, on_a, on_b = clash
    _import(a, _bundle(b, tmp / "b1.wbundle"))
    with pytest.raises(WorkbenchError, match=f"already corrected by {on_b}"):
        _log(a, outcome="interested", recorded=datetime(2026, 11, 20, 13, 0), supersedes=first)
    with pytest.raises(WorkbenchError, match=f"already corrected by {on_b}"):
        _log(a, outcome="interested", recorded=datetime(2026, 11, 20, 13, 0), supersedes=on_a)


def test_the_import_names_the_clash_in_one_sentence(clash, cli):
    tmp, a, b, _c, first, on_a, on_b = clash
    done = cli("--db", a, "--user", "S1", "--lang", "en", "--now", "2026-11-20T17:00", "import", "bundle",
               _bundle(b, tmp / "b1.wbundle"))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (f"Entry {first} was corrected on two desks: {on_b}, recorded later, is in"
                                            f" effect; {on_a} reads as corrected by it.")
