"""Each outcome entry keeps the segment its customer was in when the contact was logged (migration 123), and the
report's funnel per segment counts by it: a rescore between two reports of a closed period changes nothing, a
correction stays under the segment of the entry it corrects, a bundle carries the segment to the other desks, and a
bundle from before (format version 2) still imports, its entries taking the segment their customers are in there.
Real database files, the real CLI, the sample branch."""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing

import pytest

from sync_data import as_version_2
from test_sync_assignments import _attempt, _desks, _export, _import, _resigned, _run
from tui_fixtures import sample_copy
from workbench.db import open_db

LATER = "2026-11-27T10:00:00"   # a week after the sample's day


def _segments(path) -> dict[str, str | None]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT customer_id, segment FROM customers"))


def _kept(path) -> dict[str, str | None]:
    """Each outcome entry's segment, by its id."""
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT outcome_id, segment FROM outcomes"))


def _set_segment(path, customer: str, segment: str) -> None:
    """The customer's segment as a rescore on this desk would leave it."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET segment = ? WHERE customer_id = ?", (segment, customer))


def _funnel(cli, path, *, now: str = "2026-11-20T18:00:00", since: str = "2026-11-01",
            until: str = "2026-11-20") -> dict[str, tuple[int, int, int]]:
    """The report's funnel per segment as `report --json` gives it: key -> (calls, dialled, reached)."""
    done = cli("--db", path, "--lang", "en", "--now", now, "--user", "S1", "report", "--since", since, "--until",
               until, "--json")
    assert done.exit_code == 0, done.stderr
    return {f["key"]: (f["calls"], f["dialled"], f["reached"]) for f in json.loads(done.stdout)["by_segment"]}


def test_a_rescore_between_two_reports_of_a_closed_period_changes_nothing(tmp_path, cli):
    path = sample_copy(tmp_path)

    def report(fmt: str) -> str:
        done = cli("--db", path, "--lang", "en", "--now", LATER, "--user", "S001", "report", "--since", "2026-11-01",
                   "--until", "2026-11-20", *fmt.split())
        assert done.exit_code == 0, done.stderr
        return done.stdout

    text, data = report(""), json.loads(report("--json"))
    segments = _segments(path)
    scored = cli("--db", path, "--now", LATER, "score")
    assert scored.exit_code == 0, scored.stderr
    moved = sum(segments[c] != s for c, s in _segments(path).items())
    assert moved > 100   # a week later many customers are in another segment (maturities, birthdays, new ones)
    assert report("") == text
    assert json.loads(report("--json")) == data
    by_segment = {f["label"]: f["calls"] for f in data["by_segment"]}
    # As the sample's day scored them, before the rescore and still after it (727 and 65 since the sample's calls fall
    # on the statutory calendar's working days, 0443815; 794 and 54 before).
    assert (by_segment["Not dormant"], by_segment["Product maturing soon"]) == (727, 65)


def test_an_entry_keeps_the_segment_of_when_it_was_logged_and_a_correction_that_of_its_entry(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _set_segment(s, "C000", "maturing_soon")   # no holding matures: the rescore the log makes takes it out of it
    first = _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome",
                 "interested").stdout.strip()
    assert _segments(s)["C000"] != "maturing_soon"
    assert _kept(s) == {first: "maturing_soon"}
    _set_segment(s, "C000", "birthday_soon")
    fixed = _run(cli, s, "11:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome",
                 "appointment", "--supersedes", first).stdout.strip()
    now = _segments(s)["C000"]
    later = _run(cli, s, "11:05", "M1", "log", "--customer", "C000", "--result", "no_answer").stdout.strip()
    assert _kept(s) == {first: "maturing_soon", fixed: "maturing_soon", later: now}
    assert now != "maturing_soon"
    # The correction counts where its entry was logged; the later call where it was made.
    assert _funnel(cli, s) == {"maturing_soon": (1, 1, 1), now: (1, 1, 0)}


def test_a_bundle_carries_each_entry_s_segment_to_a_desk_that_scores_the_customer_otherwise(tmp_path, cli):
    s, a = _desks(tmp_path)
    logged = _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome",
                  "interested").stdout.strip()
    assert _kept(s) == {logged: "high_value_dormant"}   # as seed_branch has C000
    _set_segment(a, "C000", "birthday_soon")
    bundle = _export(cli, s, "10:05")
    rows = [json.loads(line) for line in bundle.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["format_version"] >= 3   # version 3 gave outcome entries their segment
    assert [r["row"]["segment"] for r in rows[1:] if r["table"] == "outcomes"] == ["high_value_dormant"]
    _import(cli, a, "10:10", bundle)
    assert _kept(a) == {logged: "high_value_dormant"}
    assert _funnel(cli, a) == _funnel(cli, s) == {"high_value_dormant": (1, 1, 1)}
    # Exported again from a, the entry travels on with the segment it came with.
    again = [json.loads(line) for line in _export(cli, a, "10:15").read_text(encoding="utf-8").splitlines()]
    assert [r["row"]["segment"] for r in again[1:] if r["table"] == "outcomes"] == ["high_value_dormant"]


def test_a_version_2_bundle_imports_its_entries_under_the_segment_their_customers_are_in_here(tmp_path, cli):
    s, a = _desks(tmp_path)
    logged = _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome",
                  "interested").stdout.strip()
    _set_segment(a, "C000", "birthday_soon")
    data = _export(cli, s, "10:05").read_bytes()
    assert _attempt(a, _resigned(data, as_version_2), tmp_path) is None
    assert _kept(a) == {logged: "birthday_soon"}   # the receiving desk's, at the import
    assert _funnel(cli, a) == {"birthday_soon": (1, 1, 1)}


def test_an_outcome_entry_not_of_its_version_s_shape_refuses_the_bundle_whole(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "interested")
    data = _export(cli, s, "10:05").read_bytes()

    def outcomes(entries):
        return [e["row"] for e in entries if e["table"] == "outcomes"]

    def without_segment(manifest, entries):   # version 3 says each entry's segment
        del outcomes(entries)[0]["segment"]

    def version_2_with_segment(manifest, entries):
        manifest["format_version"] = 2

    def unknown_segment(manifest, entries):
        outcomes(entries)[0]["segment"] = "vip"

    for spoil in (without_segment, version_2_with_segment, unknown_segment):
        assert "line 2 is not an outcome, follow-up, assignment or erasure entry" in _attempt(
            a, _resigned(data, spoil), tmp_path), spoil.__name__
    assert _kept(a) == {}


def test_desks_that_filled_in_an_entry_s_segment_differently_do_not_call_it_other_content(tmp_path, cli):
    s, a = _desks(tmp_path)
    # An entry both desks held before migration 123, each of which then gave it its own customer's segment.
    for path, segment in ((s, "high_value_dormant"), (a, "birthday_soon")):
        with closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result,"
                         " business_outcome, recorded_at, segment) VALUES ('e1', 'C002', 'M1', 'T-old',"
                         " '2026-11-19T09:00:00', 'reached', 'interested', '2026-11-19T09:00:00', ?)", (segment,))
    bundle = _export(cli, s, "10:05")
    said = _run(cli, a, "10:10", "S1", "import", "bundle", bundle).stdout
    assert "Imported " in said and "different content" not in said, said
    assert _kept(a) == {"e1": "birthday_soon"}   # kept as here
    with closing(sqlite3.connect(a)) as conn:
        differing = conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0]
    assert json.loads(differing)["differing"] == 0


def test_the_outcome_export_gives_the_segment_of_when_the_contact_was_logged(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _set_segment(s, "C000", "maturing_soon")
    _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "interested")
    _set_segment(s, "C000", "new_customer")
    out = tmp_path / "week.csv"
    _run(cli, s, "10:05", "S1", "export", "outcomes", "--out", out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert (row["Segment code"], row["Segment"]) == ("maturing_soon", "Product maturing soon")
    _run(cli, s, "10:05", "S1", "export", "outcomes", "--out", out, lang=("--lang", "zh_CN"))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert row["客群代码"] == "maturing_soon" and row["客群"] not in ("", "maturing_soon", "Product maturing soon")
    jsonl = tmp_path / "week.jsonl"
    _run(cli, s, "10:05", "S1", "export", "outcomes", "--out", jsonl)
    entry = json.loads(jsonl.read_text(encoding="utf-8"))
    assert (entry["segment"], entry["segment_label"]) == ("maturing_soon", "Product maturing soon")


def test_the_migration_gives_each_entry_its_customer_s_segment_now(tmp_path, monkeypatch):
    from workbench.db import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m.version <= 122])
    path = tmp_path / "desk.sqlite"
    with open_db(path) as db:
        conn = db.conn
        conn.execute("INSERT INTO customers (customer_id, name, segment) VALUES ('C1', 'a', 'downgraded'),"
                     " ('C2', 'b', NULL)")
        conn.executemany(
            "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, recorded_at)"
            " VALUES (?, ?, 'M1', 'T1', '2026-11-19T09:00:00', 'no_answer', '2026-11-19T09:00:00')",
            [("o1", "C1"), ("o2", "C2"), ("o3", "C9")])   # C9: another desk's customer, not held here
    monkeypatch.undo()
    open_db(path).close()
    assert _kept(path) == {"o1": "downgraded", "o2": None, "o3": None}
    # The log is append-only: a segment kept is never rewritten; one nobody noted may be filled in.
    with closing(sqlite3.connect(path)) as conn, conn:
        with pytest.raises(sqlite3.IntegrityError, match="the outcome log is append-only"):
            conn.execute("UPDATE outcomes SET segment = 'active' WHERE outcome_id = 'o1'")
        conn.execute("UPDATE outcomes SET segment = 'active' WHERE outcome_id = 'o2'")
    assert _kept(path) == {"o1": "downgraded", "o2": "active", "o3": None}
