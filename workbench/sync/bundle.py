"""Outcome bundles: one JSONL file of outcome entries, follow-up events, assignment entries and erasure entries that
terminals exchange.

Layout (UTF-8, one JSON object per line, '\\n' line ends):
  line 1   the manifest, serialised canonically (sorted keys, no spaces);
  line 2+  one entry per line: {"table": "outcomes" | "followup_events" | "assignments" | "erasures", "row": {...}}.
A line end made a Windows one (CR LF) and a byte-order mark before line 1, which an editor, a mail or git may add, are
read back as written (_as_written) before anything is checked.
The manifest's ``sha256`` covers the manifest's own other fields and every byte after line 1, so
changing, adding or removing any byte anywhere is detected before anything is written. Format version 1 had no
assignments and no erasures; it is still read. Erasure entries joined version 2 before it was released: a version 2
manifest without their count (written earlier) reads as holding none. Version 3 gives each outcome entry the segment
its customer was in when it was logged (migration 123); an outcome entry of an earlier version, which has none, takes
the segment its customer is in here when it arrives. Version 4 gives each assignment entry a cover's last day (until,
migration 131; None but on a cover's hand-over), so that a cover travels with the entries that move its customers; an
assignment entry of an earlier version has none. Later within version 4, a manifest names the head office's extract
imports whose moves of follow-ups the bundle carries ("extracts", only when it carries one), so that a desk that has
not imported the file names the move as the extract's; a workbench that does not know the key skips it (the checksum
covers it all the same), so the version stands. Version 5 gives each assignment entry of a hand-over with --leave the
time the leaver was marked as left (left_at, migration 135), a key only those entries have, so that a leave travels
with the entries that move the leaver's customers (assignments.mark_leavers); the other entries are as in version 4.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path

from workbench import assignments, audit, privacy, segments
from workbench.access import known_staff
from workbench.codes import BUSINESS_OUTCOMES, CHANNELS, DORMANCY_REASONS, LINE_RESULTS
from workbench.dates import to_the_minute
from workbench.db.followups import EVENT_KINDS, PENDING_SQL, Conflict, Held, append_event, replay
from workbench.db.meta import terminal_id
from workbench.errors import WorkbenchError
from workbench.followups import cancel_blocked, cancel_unsuited
from workbench.handover import keep_covers
from workbench.i18n import N_, gettext as _, join_list, ngettext
from workbench.outcomes import settled_by
from workbench.rules import EFFECTIVE_OUTCOME, WINNER_FIRST
from workbench.sync.files import atomic_path, first_line, may_replace
from workbench.sync.sent import SINCE_LAST, SentUpTo, last_bundle, sent_up_to
from workbench.sync.period import check_date

FORMAT = "workbench-outcome-bundle"
FORMAT_VERSION = 5

OUTCOME_COLUMNS = ("outcome_id", "customer_id", "manager_id", "terminal_id", "at", "channel", "line_result",
                   "business_outcome", "reason", "note", "script_id", "supersedes", "recorded_at", "segment")
# An outcome entry's columns in versions 1 and 2, before each carried its segment.
OUTCOME_COLUMNS_2 = OUTCOME_COLUMNS[:-1]
EVENT_COLUMNS = ("event_id", "followup_id", "customer_id", "kind", "owner_id", "due_on", "slot", "channel",
                 "purpose", "outcome_id", "at", "terminal_id", "by_id", "based_on")
# A follow-up event's kind, and who moved it where when (a 'reassigned' event's), as the manifest's "extracts" match them.
_KIND, _MOVE = EVENT_COLUMNS.index("kind"), itemgetter(*map(EVENT_COLUMNS.index, ("terminal_id", "by_id", "at")))
TABLES = {"outcomes": OUTCOME_COLUMNS, "followup_events": EVENT_COLUMNS, "assignments": assignments.COLUMNS,
          "erasures": privacy.ERASURE_COLUMNS}
# The tables each format version carries: version 1, before assignments and erasures travelled, is still read.
VERSION_TABLES = {1: ("outcomes", "followup_events"), 2: tuple(TABLES), 3: tuple(TABLES), 4: tuple(TABLES),
                  5: tuple(TABLES)}
# Tables a manifest of the version may leave out of its counts (none of them then): erasures joined version 2 before
# its release, after some version 2 bundles had been written.
OPTIONAL_COUNTS = {1: (), 2: ("erasures",), 3: (), 4: (), 5: ()}
REQUIRED = {
    "outcomes": ("outcome_id", "customer_id", "manager_id", "terminal_id", "at", "channel", "line_result",
                 "note", "recorded_at"),
    "followup_events": ("event_id", "followup_id", "customer_id", "kind", "at", "terminal_id"),
    "assignments": ("assignment_id", "customer_id", "at", "terminal_id", "by_id", "source"),
    "erasures": privacy.ERASURE_COLUMNS,
}
# What an erasure clears in an entry it keeps, and the value it leaves: an outcome's note, a follow-up event's purpose
# in a manager's own words (privacy.clear_erased_text).
CLEARED = {"outcomes": ("note", ""), "followup_events": ("purpose", None)}
# What an entry held here is not compared on with the bundle's: an outcome's segment, which each desk filled in for
# the entries it held before migration 123 (and fills in for those of a bundle before version 3) from its own
# customers' segments, so two desks may differ there with nothing logged differently.
NOT_COMPARED = {"outcomes": "segment"}
BOM = "\ufeff".encode("utf-8")   # what a Windows editor may put before the first line
# The longest a line may be, its line end included (one longer is refused once that much of it is read): a manifest
# is about 500 bytes (a few more for each further branch it names); the longest entry the workbench writes, an outcome whose
# 2,000-character note is all control characters (each written \\u0001), is 12,408 bytes, and a follow-up purpose is
# held to as many characters. So a file without line ends (a failed copy's zeros) is refused after reading 16 KB.
MANIFEST_MAX = 16 * 1024
LINE_MAX = 64 * 1024
# How far past the import's own time an entry may be dated: a desk whose clock is minutes or hours off, set to another
# time zone or to the afternoon for the morning still sends its day; one a day or more ahead is wrong, and its
# entries would rest a customer or decide their manager until that day comes.
CLOCK_SKEW = timedelta(days=1)
# Entries recorded this much past the import's own time are taken (within CLOCK_SKEW), but the import says one of the
# two clocks looks wrong: a desk a day behind files its calls under the day before, into last month at a month's end.
CLOCK_NOTICED = timedelta(hours=1)
# No entry is dated before it but by a clock reset (a flat battery's 1970, 1980 or 2000): the workbench did not exist.
# The same on every desk, so that the desks leave out the same entries.
EARLIEST = datetime(2020, 1, 1)
# The most head office's extract imports a manifest names (its "extracts", conflicts.EXTRACT_KEYS each, about 250
# bytes): the newest of those whose follow-up moves the bundle carries. Older desks skip the list (the checksum covers
# it all the same), so it stays under their MANIFEST_MAX too.
EXTRACTS_MAX = 20
# How many assignment entries an import keeps in memory before it stages them (a hand-over may bring 100,000).
ASSIGNMENTS_BATCH = 5000
# The importing connection's page cache (KiB) while it merges: a day's hand-overs move a hundred thousand customers,
# each rewriting its entries in indexes spread over the whole file, which SQLite's default 2 MB reads again and again.
IMPORT_CACHE_KIB = 65536


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: dict
    previous: SentUpTo | None = None   # how far this terminal's bundles had sent these entries before this one
    left_behind: int = 0   # entries made or received here since then (ever, with no previous) its since leaves out
    last_bundle: str | None = None   # without previous: the last bundle of these entries written here (None: none was)


@dataclass(frozen=True)
class LeftOut:
    """A new entry an import left out, dated where no right clock dates one (_out_of_time)."""
    table: str
    entry_id: str
    customer_id: str
    at: str            # the time out of range: the entry's own, or (an outcome's) when it was recorded
    terminal_id: str


@dataclass
class ImportResult:
    manifest: dict
    sha256: str
    outcomes_new: int = 0
    outcomes_known: int = 0
    events_new: int = 0
    events_known: int = 0
    already_imported_at: str | None = None     # when the same bundle was imported before
    differing: list[str] = field(default_factory=list)   # ids held here with other content; kept as here
    conflicts: list[Conflict] = field(default_factory=list)   # only those this bundle's new events are part of
    held: list[Held] = field(default_factory=list)   # reassignments not applied here (another manager has the customer)
    customers_refreshed: list[str] = field(default_factory=list)
    assignments_new: int = 0
    assignments_known: int = 0
    assignments_result: assignments.Applied | None = None   # what came of the new assignment entries (None: there were none)
    followups_moved: list[str] = field(default_factory=list)   # held here, moved along with their customers' entries
    # brought by the bundle, booked before their customer's latest entry here: moved along with it
    followups_arrived: list[str] = field(default_factory=list)
    # (follow-up, leaver, new owner): pending follow-ups owned by staff who have left here, given on as a hand-over
    # with --leave gives them (assignments.followups_to_move)
    followups_of_leavers: list[tuple[str, str, str]] = field(default_factory=list)
    # managers the new entries of a hand-over with --leave say left (assignments.mark_leavers): marked as left here,
    # but for those who still manage active customers here (customers > 0)
    staff_left: list[assignments.Left] = field(default_factory=list)
    erasures_new: int = 0
    erasures_known: int = 0
    erasures: list[privacy.ErasureApplied] = field(default_factory=list)   # what came of each new erasure entry
    notes_cleared: int = 0   # notes of customers erased here that this bundle brought, cleared on arrival
    purposes_cleared: int = 0   # follow-up events' purposes in a manager's words of such customers, cleared likewise
    unknown_customer_entries: int = 0   # new entries about customers this database does not hold
    # entries corrected on two desks, which a new entry of this bundle is one correction of: (the entry, the correction
    # in effect (rules.CORRECTION_RANK), the others, which read as corrected by it)
    corrections_clashed: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    unknown_owner_followups: int = 0    # follow-ups this bundle's events touched, owned by staff not on the staff here
    unknown_staff_outcomes: int = 0     # new outcome entries logged by staff not on the staff here
    # new outcome entries, follow-up events and assignment entries dated later than latest_time (the import's time and
    # CLOCK_SKEW) or before EARLIEST: left out, merged by a later import once their time is plausible
    left_out: list[LeftOut] = field(default_factory=list)
    latest_time: str | None = None
    # how far past the import's own time (this desk's clock) the latest new entry was recorded, when more than
    # CLOCK_NOTICED: this desk's clock or the sender's looks wrong
    clock_apart: timedelta | None = None
    # pending follow-ups of the bundle's customers that a block cancelled here: every one of an erased customer's, the
    # call, SMS and WeChat ones of a customer on do-not-call or without marketing consent (followups.cancel_blocked)
    followups_cancelled: list[str] = field(default_factory=list)
    # open campaign notices of the bundle's customers whose product does not suit them here (booked on a desk that did
    # not know the product's risk level yet, or before an extract here lowered theirs), cancelled on arrival
    # (followups.cancel_unsuited)
    notices_unsuited: list[str] = field(default_factory=list)
    # pending next steps of the bundle's customers settled here by a contact that reached the customer and booked the
    # next step (outcomes.settled_by), whichever of the two reached this desk first: follow-up id -> the contact
    followups_settled: dict[str, str] = field(default_factory=dict)
    # new outcome entries and follow-up events dated before the first of the month of the import (month_start), and
    # the earliest of them: a late bundle changes an earlier month's report
    before_month: int = 0
    earliest_before_month: str | None = None
    month_start: str | None = None


def _canonical(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# The time an entry counts from for --since: one made here by its own time, one a bundle brought by when it arrived here
# (arrived_at, migration 118), so that entries relayed from other desks travel on.
SINCE_TIME = {"outcomes": "coalesce(arrived_at, recorded_at)", "followup_events": "coalesce(arrived_at, at)",
              "assignments": "coalesce(arrived_at, at)", "erasures": "coalesce(arrived_at, at)"}
# A manager's entries (--manager): the calls they logged, the follow-up changes they made or that concern their
# follow-ups, the customers they gave up, took or assigned. Every erasure, whoever's customers --manager narrows the
# rest to: they hold no personal data, and a desk that misses one keeps a person's data it must not.
MANAGER_WHERE = {
    "outcomes": "manager_id = ?",
    "followup_events": "(by_id = ? OR owner_id = ? OR followup_id IN (SELECT followup_id FROM followups WHERE owner_id = ?))",
    "assignments": "(from_manager_id = ? OR to_manager_id = ? OR by_id = ?)",
}
# The order a bundle lists each table's entries in; assignments and erasures in the order they were held here, within
# a second too: a chain made in one second stays in order.
ORDER = {"outcomes": "at, outcome_id", "followup_events": "at, event_id", "assignments": "at, rowid",
         "erasures": "at, rowid"}


def _selections(since: str | None, manager_id: str | None, before: str | None = None) -> list[tuple[str, str, list]]:
    """(table, SELECT, arguments) of each table's entries made or received here from since (a day, or a time to the
    second) up to before, and manager_id's alone when given."""
    selections = []
    for table, columns in TABLES.items():
        where, args = ["1 = 1"], []
        for bound, test in ((since, ">="), (before, "<")):
            if bound:
                where.append(f"{SINCE_TIME[table]} {test} ?")
                args.append(bound)
        if manager_id and table in MANAGER_WHERE:
            where.append(MANAGER_WHERE[table])
            args += [manager_id] * MANAGER_WHERE[table].count("?")
        selections.append((table, f"SELECT {', '.join(columns)} FROM {table} WHERE {' AND '.join(where)}"
                                  f" ORDER BY {ORDER[table]}", args))
    return selections


def _select_rows(conn: sqlite3.Connection, since: str | None, manager_id: str | None) -> list[tuple[str, sqlite3.Cursor]]:
    return [(table, conn.execute(sql, args)) for table, sql, args in _selections(since, manager_id)]


def _left_behind(conn: sqlite3.Connection, previous: SentUpTo | None, since: str | None,
                 manager_id: str | None) -> int:
    """How many entries made or received here since the bundles written here left off (all of them before since when
    no bundle is known to have sent everything up to a time) a bundle from the later day since leaves out."""
    if since is None or (previous is not None and since <= previous.at):
        return 0
    return sum(conn.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0]
               for _table, sql, args in _selections(previous and previous.at, manager_id, before=since))


def _bundle_branch(conn: sqlite3.Connection, manager_id: str | None, customer_ids: set[str]) -> tuple[str | None, list[str]]:
    """The branch the bundle speaks for: the manager's, else the one branch its customers share."""
    branches = sorted({
        r[0] for cid in customer_ids
        for r in conn.execute("SELECT branch_id FROM customers WHERE customer_id = ? AND branch_id IS NOT NULL", (cid,))
    })
    if manager_id:
        row = conn.execute("SELECT branch_id FROM staff WHERE staff_id = ?", (manager_id,)).fetchone()
        if row and row[0]:
            return row[0], branches
    return (branches[0] if len(branches) == 1 else None), branches


def is_bundle(path: Path) -> bool:
    """The file starts with an outcome bundle's manifest line (of any version): an earlier bundle, to be replaced."""
    manifest = json.loads(_without_bom(first_line(path)).decode("utf-8"))
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT


def export_bundle(conn: sqlite3.Connection, out: str | Path, *, now: datetime, since: str | None = None,
                  manager_id: str | None = None, actor: str | None = None, force: bool = False) -> ExportResult:
    """Write the entries this desk made or received since a date (all without one) into one bundle file, atomically:
    an entry made here counts from its own time, one another desk's bundle brought from when it arrived here. since
    SINCE_LAST is where this terminal's bundles of the same entries left off (sent.sent_up_to; everything when it
    wrote none): an entry of that second goes twice, which an import takes as already held.

    Rows stream through a temporary body file, so memory stays flat however large the bundle. A file at out that is
    not an earlier bundle is refused unless force.
    """
    if since is not None and since != SINCE_LAST:
        check_date(since, "--since")
    if manager_id is not None:
        known_staff(conn, manager_id)   # a mistyped id is said as such, not sent as an empty bundle (a leaver's is fine)
    may_replace(out, ours=is_bundle, kind=N_("outcome bundle"), force=force)
    conn.execute("BEGIN IMMEDIATE")
    try:
        previous = sent_up_to(conn, manager_id)
        if since == SINCE_LAST:
            since = previous.at if previous else None
        left_behind = _left_behind(conn, previous, since, manager_id)
        # Where the next bundle's --since last starts: here, unless entries before since were left out, which it sends
        # (from where the bundles before left off, or from the start when none is known to have sent everything).
        sent = previous if left_behind else SentUpTo(now.isoformat(timespec="seconds"), Path(out).name)
        earlier = last_bundle(conn, manager_id) if previous is None else None
        with atomic_path(out) as tmp, tempfile.TemporaryFile(dir=tmp.parent) as body:
            counts, first, last, customers = dict.fromkeys(TABLES, 0), None, None, set()
            moves: set[tuple] = set()   # (terminal, by, at) of the follow-up moves the bundle carries
            for table, cursor in _select_rows(conn, since, manager_id):
                columns = TABLES[table]
                at_index, customer_index = columns.index("at"), columns.index("customer_id")
                moves_of = _MOVE if table == "followup_events" else None
                for r in cursor:
                    row = dict(zip(columns, r))
                    if table == "assignments" and row["left_at"] is None:   # a key only a leave's entries have
                        del row["left_at"]
                    body.write(_canonical({"table": table, "row": row}) + b"\n")
                    counts[table] += 1
                    first = r[at_index] if first is None or r[at_index] < first else first
                    last = r[at_index] if last is None or r[at_index] > last else last
                    customers.add(r[customer_index])
                    if moves_of is not None and r[_KIND] == "reassigned":
                        moves.add(moves_of(r))
            branch, branches = _bundle_branch(conn, manager_id, customers)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "terminal_id": terminal_id(conn),
                "branch": branch,
                "branches": branches,
                "manager": manager_id,
                "created_at": now.isoformat(timespec="seconds"),
                "since": since,
                "first_at": first,
                "last_at": last,
                "counts": counts,
                "audit_head": audit.chain_head(conn),
                **_extracts_sent(conn, moves),
            }
            body.seek(0)
            manifest["sha256"] = _digest(manifest, iter(lambda: body.read(1 << 20), b""))
            with open(tmp, "wb") as fh:
                fh.write(_canonical(manifest) + b"\n")
                body.seek(0)
                shutil.copyfileobj(body, fh, 1 << 20)
            audit.record(conn, "export", at=now, actor=actor, subject=Path(out).name,
                         detail={"kind": "bundle", "sha256": manifest["sha256"], **counts, "since": since,
                                 "manager": manager_id, "sent_up_to": sent.at if sent else None,
                                 "sent_in": sent.name if sent else None})
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ExportResult(Path(out), manifest, previous, left_behind, earlier)


def _extracts_sent(conn: sqlite3.Connection, moves: set[tuple]) -> dict:
    """The manifest's "extracts": the head office's extract imports known here (conflicts.known_extracts) whose moves
    of follow-ups are among the bundle's, the newest EXTRACTS_MAX, so that a desk that has not imported the file names
    the move as the extract's and says to import it; none (no key, the manifest as before) when it carries no such
    move."""
    from workbench.sync.conflicts import known_extracts

    if not moves:
        return {}
    known = known_extracts(conn, terminal_id(conn))
    # Only what an import takes: a file name no sentence may show (a control character) is left unnamed.
    sent = sorted((known[m] for m in moves if m in known and _extract_ok(known[m])),
                  key=itemgetter("at", "terminal_id"))[-EXTRACTS_MAX:]
    return {"extracts": sent} if sent else {}


def _digest(manifest: dict, body_chunks: bytes | Iterator[bytes]) -> str:
    """SHA-256 over the manifest without its sha256 field, a newline, then the body bytes."""
    h = hashlib.sha256(_canonical({k: v for k, v in manifest.items() if k != "sha256"}) + b"\n")
    if isinstance(body_chunks, bytes):
        h.update(body_chunks)
    else:
        for chunk in body_chunks:
            h.update(chunk)
    return h.hexdigest()


# --- reading -------------------------------------------------------------------------------------


def _refuse(path: Path, why: str) -> WorkbenchError:
    return WorkbenchError(_("Refused {name}: {why}; nothing was imported.").format(name=path.name, why=why))


def _read_manifest(path: Path, lines: Iterator[bytes]) -> dict:
    first = next(lines, b"")
    try:
        manifest = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(path, _("it is not an outcome bundle, or its first line is damaged")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, _("it is not an outcome bundle"))
    version = manifest.get("format_version")
    if type(version) is not int or version not in VERSION_TABLES:   # True is no version 1
        raise _refuse(path, _("its format version {version!r} is not one this workbench reads (it reads versions"
                              " {oldest} to {newest})").format(version=version, oldest=min(VERSION_TABLES),
                                                               newest=FORMAT_VERSION))
    if not first.endswith(b"\n") or _canonical(manifest) + b"\n" != first:
        raise _refuse(path, _("its manifest was altered (the file is damaged or tampered with)"))
    counts = manifest.get("counts")
    if (not isinstance(manifest.get("sha256"), str) or not isinstance(counts, dict)
            or not all(isinstance(counts.get(t, 0 if t in OPTIONAL_COUNTS[version] else None), int)
                       for t in VERSION_TABLES[version])):
        raise _refuse(path, _("its manifest is incomplete"))
    extracts = manifest.get("extracts", [])
    if not (isinstance(extracts, list) and len(extracts) <= EXTRACTS_MAX and all(map(_extract_ok, extracts))):
        raise _refuse(path, _("its manifest's list of head office's extracts is not as the workbench writes it (the"
                              " file is damaged or tampered with)"))
    return manifest


def _extract_ok(record: object) -> bool:
    """One of a manifest's "extracts" as _extracts_sent writes it: the keys, texts, a time to the second, a SHA-256, a
    file name a sentence may show (no control characters), ids that are not blank."""
    from workbench.sync.conflicts import EXTRACT_KEYS

    if not (isinstance(record, dict) and sorted(record) == list(EXTRACT_KEYS)
            and all(type(v) is str for v in record.values())):
        return False
    try:
        stamp = datetime.fromisoformat(record["at"])
    except ValueError:
        return False
    return (stamp.tzinfo is None and stamp.isoformat(timespec="seconds") == record["at"]
            and len(record["sha256"]) == 64 and set(record["sha256"]) <= set("0123456789abcdef")
            and 0 < len(record["file"]) <= 255 and record["file"].isprintable()
            and all(record[k].strip() == record[k] != "" for k in ("by_id", "terminal_id")))


def _columns(table: str, version: int) -> tuple[str, ...]:
    """The columns an entry of the table has in a bundle of the format version (an assignment entry of version 5 that
    carries no leave has those of version 4)."""
    if table == "outcomes" and version < 3:
        return OUTCOME_COLUMNS_2
    if table == "assignments" and version < 5:
        return assignments.COLUMNS_3 if version < 4 else assignments.COLUMNS_4
    return TABLES[table]


_ENTRY_KEYS = frozenset(("table", "row"))
_TEXT_TYPES = frozenset((str, type(None)))
# Each table's columns in each format version, as the sets a row's keys may be (compared once a line): an assignment
# entry of version 5 with a leave's left_at, or without it.
_COLUMN_SETS = {(table, version): (frozenset(_columns(table, version)),
                                   *((frozenset(assignments.COLUMNS_4),) if table == "assignments" and version >= 5
                                     else ()))
                for version, tables in VERSION_TABLES.items() for table in tables}


def _check_row(table: str, row: object, version: int) -> bool:
    if not isinstance(row, dict) or row.keys() not in _COLUMN_SETS[table, version]:
        return False
    # Texts or None (json.loads makes no subclass of str), and a value in each required column ("" is one).
    if not _TEXT_TYPES.issuperset(map(type, row.values())) or None in map(row.__getitem__, REQUIRED[table]):
        return False
    return _values_ok(table, row)


def _is_time(text: str | None, parse=datetime.fromisoformat) -> bool:
    try:
        return text is None or bool(parse(text))
    except ValueError:
        return False


def _is_day(text: str) -> bool:
    """A day as the workbench writes one: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _out_of_time(row: dict, latest: datetime) -> str | None:
    """The entry's time (its own, else when it was recorded) that no right clock gives: later than latest or before
    EARLIEST; None when both are plausible. A time with an offset is compared as the local time it is."""
    for text in (row["at"], row.get("recorded_at")):
        if text is None:
            continue
        when = _local(text)
        if when is None or not EARLIEST <= when <= latest:
            return text
    return None


def _local(text: str) -> datetime | None:
    """An entry's time as the local time it is (one with an offset converted); None past what a datetime holds."""
    when = datetime.fromisoformat(text)
    try:
        return when.astimezone().replace(tzinfo=None) if when.tzinfo is not None else when
    except OverflowError:   # the year 1 or 9999 and an offset
        return None


def _values_ok(table: str, row: dict) -> bool:
    """Times parse and codes are ones this workbench knows: the engine can rely on every merged row."""
    if table == "assignments":
        return _assignment_ok(row)
    if table == "erasures":
        return _erasure_ok(row)
    if not (_is_time(row["at"]) and _is_time(row.get("recorded_at"))):
        return False
    if row["channel"] is not None and row["channel"] not in CHANNELS:
        return False
    if table == "outcomes":
        return (row["line_result"] in LINE_RESULTS
                and row["business_outcome"] in (None, *BUSINESS_OUTCOMES)
                and row["reason"] in (None, *DORMANCY_REASONS)
                and row.get("segment") in (None, *segments.CODES))
    return (row["kind"] in EVENT_KINDS and _is_time(row["due_on"], date.fromisoformat)
            and (row["slot"] is None or _is_time(f"2000-01-01T{row['slot']}")))


_ASSIGNMENT_IDS = itemgetter("assignment_id", "customer_id", "terminal_id", "by_id", "from_manager_id", "to_manager_id")


def _assignment_ok(row: dict) -> bool:
    """A time as this workbench writes one (local, to the second), ids that are not blank, a known source, and
    a manager given up and one taken on that differ, the pool (None) only where the source can give it: a pool
    assignment takes from the pool, a hand-over takes from a staff member, and only a hand-over gives to the pool. A
    cover's last day (until) only on a hand-over to a manager, a day as the workbench writes one; a leave's time
    (left_at, a key only its entries have) only on a hand-over that is no cover, by another than the leaver, a time as
    the workbench writes one and not after the entry's own."""
    try:
        stamp = datetime.fromisoformat(row["at"])
    except ValueError:
        return False
    until = row.get("until")
    if until is not None and not (row["source"] == "hand_over" and row["to_manager_id"] is not None
                                  and _is_day(until)):
        return False
    if "left_at" in row and not (row["source"] == "hand_over" and until is None and _is_stamp(row["left_at"])
                                 and row["left_at"] <= row["at"] and row["by_id"] != row["from_manager_id"]):
        return False
    ids = [i for i in _ASSIGNMENT_IDS(row) if i is not None]
    was, to, source = row["from_manager_id"], row["to_manager_id"], row["source"]
    if not (stamp.tzinfo is None and stamp.isoformat(timespec="seconds") == row["at"]
            and "" not in ids and list(map(str.strip, ids)) == ids   # a hand-over brings 100,000: no loop of ours
            and source in assignments.SOURCES and was != to):
        return False
    if source == "pool":
        return was is None and to is not None
    if source == "hand_over":
        return was is not None
    return to is not None   # reassign: from a manager or the pool, to a manager


def _is_stamp(text: object) -> bool:
    """A time as this workbench writes one: local, to the second."""
    try:
        stamp = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return stamp.tzinfo is None and stamp.isoformat(timespec="seconds") == text


def _erasure_ok(row: dict) -> bool:
    """A time as this workbench writes one (local, to the second) and ids that are not blank."""
    try:
        stamp = datetime.fromisoformat(row["at"])
    except ValueError:
        return False
    return (stamp.tzinfo is None and stamp.isoformat(timespec="seconds") == row["at"]
            and all(row[k].strip() == row[k] != "" for k in ("erasure_id", "customer_id", "terminal_id", "by_id")))


def _entries(path: Path, fh, version: int) -> Iterator[tuple[str, dict, bytes]]:
    """Every entry after the manifest, checked for shape and to be of a table its version carries; yields
    (table, row, raw line)."""
    tables = VERSION_TABLES[version]
    for number, raw in enumerate(fh, start=2):
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _refuse(path, _("line {number} is not valid (the file is truncated or damaged)").format(number=number)) from None
        if not (isinstance(entry, dict) and entry.keys() == _ENTRY_KEYS and entry["table"] in tables
                and _check_row(entry["table"], entry["row"], version)):
            raise _refuse(path, _("line {number} is not an outcome, follow-up, assignment or erasure entry").format(
                number=number))
        yield entry["table"], entry["row"], raw


def _too_long(path: Path, number: int, cap: int) -> WorkbenchError:
    """A line longer than its cap: the first, no manifest; another, no entry the workbench writes."""
    if number == 1:
        return _refuse(path, _("its first line is longer than {kb} KB, far longer than a bundle's manifest (it is not"
                               " an outcome bundle, or it is damaged)").format(kb=cap // 1024))
    return _refuse(path, _("line {number} is longer than {kb} KB, and no entry the workbench writes is that long (the"
                           " file is damaged or tampered with)").format(number=number, kb=cap // 1024))


def _without_bom(first: bytes) -> bytes:
    """A bundle's first line without the UTF-8 byte-order mark a Windows editor may have put before it."""
    return first[len(BOM):] if first.startswith(BOM) else first


def _as_written(path: Path, fh, windows: list[bool]) -> Iterator[bytes]:
    """The file's lines as the workbench wrote them: a line end an editor, a mail or git made a Windows one (CR LF) is
    given back its LF, and a UTF-8 byte-order mark before the manifest is dropped (windows[0] says a line end was).
    That is safe: a bundle holds no CR of its own (JSON writes one in a text as \\r) and starts with its manifest's
    "{", so these are exactly the bytes exported, and the checksum still checks every one of them. A line is read up
    to its cap alone (MANIFEST_MAX, LINE_MAX), so memory stays flat whatever the file holds."""
    number, cap = 1, MANIFEST_MAX
    while raw := fh.readline(cap + 1):
        if len(raw) > cap:
            raise _too_long(path, number, cap)
        if number == 1:
            raw = _without_bom(raw)
        if raw.endswith(b"\r\n"):
            windows[0] = True
            raw = raw.rstrip(b"\r\n") + b"\n"
        yield raw
        number, cap = number + 1, LINE_MAX


def verify_bundle(path: str | Path) -> dict:
    """Check a bundle whole (manifest, every line, counts, checksum) without writing; returns its manifest."""
    path = Path(path)
    manifest, _counts = _scan(path, sink=None)
    return manifest


def _scan(path: Path, sink) -> tuple[dict, dict[str, int]]:
    """Read the bundle once, hashing and checking every line; rows go to sink(table, row) if given."""
    if path.is_dir():   # a folder given for a bundle is said as such, not as nothing there
        raise WorkbenchError(_("{path} is a folder, not a bundle file; give the path of the bundle file itself.").format(
            path=path))
    if not path.is_file():
        raise WorkbenchError(_("No bundle at {path}.").format(path=path))
    with open(path, "rb") as fh:
        lines = _as_written(path, fh, windows := [False])
        manifest = _read_manifest(path, lines)
        h = hashlib.sha256(_canonical({k: v for k, v in manifest.items() if k != "sha256"}) + b"\n")
        tables = VERSION_TABLES[manifest["format_version"]]
        counts = dict.fromkeys(tables, 0)
        last_complete = True
        for table, row, raw in _entries(path, lines, manifest["format_version"]):
            h.update(raw)
            counts[table] += 1
            last_complete = raw.endswith(b"\n")
            if sink is not None:
                sink(table, row)
    if h.hexdigest() != manifest["sha256"] or not last_complete:
        if windows[0]:   # the line ends alone would have checked out: something else changed too
            raise _refuse(path, _("its line ends were changed to Windows ones (as an editor, mail or git may do) and"
                                  " its content was changed besides, so its checksum does not match; import the"
                                  " original file as it was exported"))
        raise _refuse(path, _("its checksum does not match its content (the file is truncated, damaged or tampered with)"))
    if counts != {t: manifest["counts"].get(t, 0) for t in tables}:
        raise _refuse(path, _("its row counts do not match its manifest"))
    return manifest, counts


def _clashed_corrections(conn: sqlite3.Connection, new_outcomes: list[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The entries corrected more than once that a new entry corrects (two desks corrected one call before they
    exchanged bundles): each with the correction in effect, then the others, as the rules rank them."""
    clashed = []
    for (corrected,) in conn.execute(
            "SELECT DISTINCT supersedes FROM outcomes WHERE outcome_id IN (SELECT value FROM json_each(?))"
            " AND supersedes IS NOT NULL ORDER BY supersedes", (json.dumps(new_outcomes),)).fetchall():
        ids = [r[0] for r in conn.execute(
            f"SELECT s.outcome_id FROM outcomes s WHERE s.supersedes = ? ORDER BY {WINNER_FIRST}", (corrected,))]
        if len(ids) > 1:
            clashed.append((corrected, ids[0], tuple(ids[1:])))
    return clashed


def import_bundle(conn: sqlite3.Connection, path: str | Path, *, now: datetime, actor: str | None = None) -> ImportResult:
    """Merge a bundle by entry id in one transaction; a bundle that fails any check changes nothing."""
    path = Path(path)
    # Read once, inside the transaction: a damaged or foreign file is refused there and rolled back (a first read
    # before the lock parsed and hashed every line twice, 0.14 s a 25,000-entry bundle, for nothing kept).
    result = ImportResult(manifest={}, sha256="")   # the manifest of the read that merges, once it is read
    arrived = now.isoformat(timespec="seconds")   # kept here with each new entry, never sent on
    latest = now + CLOCK_SKEW
    result.latest_time = latest.isoformat(timespec="seconds")
    customers: set[str] = set()
    followups: set[str] = set()
    new_events: set[str] = set()
    new_outcomes: list[str] = []
    latest_new = [now]   # the latest time a new entry was recorded at, if past now
    erasures: dict[str, dict] = {}        # new erasure entries, applied once every line is read
    # (entry, customer) held here and in the bundle with the text an erasure clears cleared in one of them (CLEARED)
    text_apart: list[tuple[str, str]] = []
    about_known = [False]   # whether an entry, new or not, is about a customer this database holds
    assignments_read: list[dict] = []   # read, not yet staged
    assignments_from = [-1]   # where in differing the bundle's first assignment entry came (-1: none yet)

    # (segment,) of each customer the entries read are about, None for one not held here, read once a customer: the
    # customers do not change while the lines are merged, and a day's calls name each of them many times.
    segment_of: dict[str, tuple | None] = {}

    def _known(customer_id: str) -> tuple | None:
        if customer_id not in segment_of:
            segment_of[customer_id] = conn.execute("SELECT segment FROM customers WHERE customer_id = ?",
                                                   (customer_id,)).fetchone()
        return segment_of[customer_id]

    def merge(table: str, row: dict) -> None:
        columns = TABLES[table]
        # An entry dated where no right clock dates one is left out, unless held here already; an erasure never is: it
        # rests no one and decides nothing by its time, and a person's data must not wait on a desk's clock.
        if (table != "erasures" and (when := _out_of_time(row, latest)) is not None
                and _stored(conn, table, row[columns[0]]) is None):
            about_known[0] |= _known(row["customer_id"]) is not None
            result.left_out.append(LeftOut(table, row[columns[0]], row["customer_id"], when, row["terminal_id"]))
            return
        if table == "assignments":   # kept as read; sorted by a few joins and applied once every line is read
            if "left_at" not in row:   # no leave (before version 5 none travelled), nor before version 4 a cover
                row = {"until": None, **row, "left_at": None}
            if assignments_from[0] < 0:
                assignments_from[0] = len(result.differing)
            assignments_read.append(row)
            if len(assignments_read) >= ASSIGNMENTS_BATCH:
                assignments.stage_read(conn, assignments_read)
                assignments_read.clear()
            return
        known_here = _known(row["customer_id"])
        about_known[0] |= known_here is not None
        if table == "outcomes" and "segment" not in row:   # before version 3: the segment the customer is in here now
            row = {**row, "segment": known_here[0] if known_here else None}
        if table == "erasures":
            staged = erasures.get(row["erasure_id"])
            stored = _stored(conn, table, row["erasure_id"]) or (tuple(staged[c] for c in columns) if staged else None)
            new = stored is None
            if new:
                erasures[row["erasure_id"]] = row
        else:
            new = conn.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}, arrived_at)"
                f" VALUES ({', '.join('?' * len(columns))}, ?)",
                [*(row[c] for c in columns), arrived],
            ).rowcount == 1
            stored = None if new else _stored(conn, table, row[columns[0]])
        if new and row["terminal_id"] == here:
            raise _copied(conn, path, here, row.get("recorded_at") or row["at"])
        result.unknown_customer_entries += new and known_here is None
        if not new and _compared(table, stored) != _compared(table, tuple(row[c] for c in columns)):
            if _only_text_cleared(table, stored, row):   # an erasure on one desk, perhaps
                text_apart.append((row[columns[0]], row["customer_id"]))
            else:
                result.differing.append(row[columns[0]])
        if table == "outcomes":
            result.outcomes_new += new
            result.outcomes_known += not new
            if new:
                new_outcomes.append(row["outcome_id"])
        elif table == "erasures":
            result.erasures_new += new
            result.erasures_known += not new
            return   # a customer is refreshed where the entry erases them
        else:
            result.events_new += new
            result.events_known += not new
            if new:
                followups.add(row["followup_id"])
                new_events.add(row["event_id"])
        if new:
            customers.add(row["customer_id"])
            if (recorded := _local(row.get("recorded_at") or row["at"])) is not None and recorded > latest_new[0]:
                latest_new[0] = recorded

    cache = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    conn.execute(f"PRAGMA main.cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        here = terminal_id(conn)
        assignments.stage(conn)
        # Checks again while writing: the file cannot change in between. What was merged is what this read found, so
        # the manifest (and the sha256 the log and audit keep) is this read's, not the check's before the lock.
        manifest, _counts = _scan(path, sink=merge)
        result.manifest, result.sha256 = manifest, manifest["sha256"]
        assignments.stage_read(conn, assignments_read)
        about_known[0] |= _sort_assignments(conn, result, assignments_from[0], here, path)
        previous = conn.execute(
            "SELECT imported_at FROM import_log WHERE kind = 'bundle' AND sha256 = ? ORDER BY import_id LIMIT 1",
            (result.sha256,),
        ).fetchone()
        result.already_imported_at = previous[0] if previous else None
        if _foreign_branch(conn, manifest) and not about_known[0]:   # another branch's: rolled back
            raise _refuse(path, _foreign(conn, manifest))
        # Managers first, so that the follow-ups' 'reassigned' events find the customer with the manager they name.
        if result.assignments_new:
            result.assignments_result = assignments.apply_staged(conn, arrived_at=arrived)
            customers.update(result.assignments_result.customers)
            # The covers the entries carry, and the give-backs that end them, as the desk that made them keeps them.
            keep_covers(conn, "SELECT customer_id FROM temp.bundle_assignments")
            # And the leaves: the leaver is marked as left, as on the desk that handed their customers over.
            result.staff_left = assignments.mark_leavers(conn, at=now, actor=actor)
        # Only what this bundle brings is reported: history replayed again was reported by the import that brought it.
        result.conflicts = replay(conn, sorted(followups), new_events=new_events, held=result.held)
        result.unknown_owner_followups = conn.execute(
            "SELECT count(*) FROM followups WHERE followup_id IN (SELECT value FROM json_each(?))"
            " AND owner_id IS NOT NULL AND owner_id NOT IN (SELECT staff_id FROM staff)",
            (json.dumps(sorted(followups)),)).fetchone()[0]
        result.unknown_staff_outcomes = conn.execute(
            "SELECT count(*) FROM outcomes WHERE outcome_id IN (SELECT value FROM json_each(?))"
            " AND manager_id NOT IN (SELECT staff_id FROM staff)", (json.dumps(new_outcomes),)).fetchone()[0]
        moves = _go_along(conn, result, followups, arrived=arrived, actor=actor,
                          leavers=[left.staff_id for left in result.staff_left if not left.customers])
        result.followups_settled = _settle(conn, sorted(customers), arrived=arrived)
        _before_month(conn, result, new_outcomes, new_events, now)
        result.corrections_clashed = _clashed_corrections(conn, new_outcomes)
        if result.assignments_result is not None:
            _record_assignments(conn, result, moves, now=now, actor=actor, path=path)
        # Last, as on the desk that erased: whatever this bundle brought of the customer's is erased with them.
        result.erasures = privacy.apply_erasures(conn, erasures.values(), actor=actor, at=now, arrived_at=arrived,
                                                 detail={"bundle": path.name, "sha256": result.sha256})
        customers.update(e.customer_id for e in result.erasures if e.status == "applied")
        result.notes_cleared, result.purposes_cleared = privacy.clear_erased_text(conn)
        # A note or purpose cleared by an erasure on one desk and not yet on the other is no other content, once erased
        # here.
        result.differing += [entry for entry, customer in text_apart if not privacy.erased_here(conn, customer)]
        touched = sorted(customers)
        known = [r[0] for r in conn.execute(   # one query: a day of hand-overs touches tens of thousands
            "SELECT customer_id FROM customers WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY 1",
            (json.dumps(touched),))]
        lifted = _refresh_state(conn, known)   # a do-not-call request brought is flagged here before what it forbids goes
        # A block brought (a do-not-call request, an erasure), or one here that a follow-up brought meets, cancels what it
        # forbids, as on the desk that logged it; the cancellations travel back in this desk's next bundle. All the
        # customers touched, not only those known here: an erasure entry held here may name one not known.
        result.followups_cancelled = cancel_blocked(conn, touched, at=now, by_id=actor)
        # Likewise a notice brought that its product does not suit the customer here: it may not be offered, as
        # `campaigns import` and an extract cancel it here; the cancellation travels back as the others do. Only the
        # notices the bundle brought: one left open here on purpose (the agenda's batch) is this desk's own.
        result.notices_unsuited = cancel_unsuited(conn, sorted(followups), at=now, by_id=actor)
        if latest_new[0] - now > CLOCK_NOTICED:
            result.clock_apart = latest_new[0] - now
        rows_read = sum(manifest["counts"].values())
        conn.execute(
            "INSERT INTO import_log (kind, file_name, sha256, imported_at, user_id, rows_read, inserted, unchanged)"
            " VALUES ('bundle', ?, ?, ?, ?, ?, ?, ?)",
            (path.name, result.sha256, now.isoformat(timespec="seconds"), actor, rows_read,
             result.outcomes_new + result.events_new + result.assignments_new + result.erasures_new,
             result.outcomes_known + result.events_known + result.assignments_known + result.erasures_known),
        )
        audit.record(conn, "import", at=now, actor=actor, subject=path.name, detail={
            "kind": "bundle", "sha256": result.sha256, "source_terminal": manifest.get("terminal_id"),
            "outcomes_new": result.outcomes_new, "events_new": result.events_new,
            "assignments_new": result.assignments_new, "erasures_new": result.erasures_new,
            "notes_cleared": result.notes_cleared, "purposes_cleared": result.purposes_cleared,
            "unknown_customers": result.unknown_customer_entries,
            "unknown_owners": result.unknown_owner_followups,
            "unknown_staff_outcomes": result.unknown_staff_outcomes,
            "left_out": {e.entry_id: [e.table, e.at] for e in result.left_out},
            "conflicts": len(result.conflicts), "held": [h.followup_id for h in result.held],
            "followups_arrived": {fid: owner for fid, _c, owner, _at, leaver in moves
                                  if fid in followups and leaver is None},
            "followups_of_leavers": {fid: owner for fid, _leaver, owner in result.followups_of_leavers},
            **({"staff_left": {left.staff_id: [left.by_id, left.left_at, left.customers]
                               for left in result.staff_left}} if result.staff_left else {}),
            "before_month": result.before_month,
            "followups_cancelled": result.followups_cancelled,
            **({"notices_unsuited_cancelled": result.notices_unsuited} if result.notices_unsuited else {}),
            "followups_settled": result.followups_settled,
            "repeat": previous is not None, "differing": len(result.differing),
            "erasures_not_supervisor": {e.erasure_id: e.customer_id for e in result.erasures
                                        if e.status == "not_supervisor"},
            # head office's extract imports whose moves the bundle carries: named here, and sent on with the moves
            **({"extracts": manifest["extracts"]} if manifest.get("extracts") else {}),
        })
        for customer in lifted:
            audit.record(conn, "do_not_call_lifted", at=now, actor=actor, subject=customer,
                         detail={"bundle": path.name, "sha256": result.sha256})
        if known:
            from workbench.scoring import rescore   # late: it loads numpy and scipy

            rescore(conn, now.date(), customer_ids=known)
        result.customers_refreshed = known
        assignments.unstage(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA main.cache_size = {int(cache)}")
    return result


def _sort_assignments(conn: sqlite3.Connection, result: ImportResult, first: int, here: str, path: Path) -> bool:
    """Stage the bundle's assignment entries (all read) this desk does not hold and count them as the merge counts the
    others (their customers are refreshed only where they apply), their differing ones where the first came in the
    file (first: its place in differing); True when one, new or not, is about a customer held here."""
    staged = assignments.sort_staged(conn, here)
    if staged.made_here_at is not None:
        raise _copied(conn, path, here, staged.made_here_at)
    result.assignments_new, result.assignments_known = staged.new, staged.known
    result.unknown_customer_entries += staged.unknown_customers
    result.differing[first:first] = staged.differing   # in file order, as the merge lists the others
    return staged.about_known


def _go_along(conn: sqlite3.Connection, result: ImportResult, followups: set[str], *, arrived: str,
              actor: str | None, leavers: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """After the replay: the pending follow-ups that go along with their customers (assignments.followups_to_move),
    of the customers the bundle's entries are about and of those its events brought, get a 'reassigned' event each.
    The same rule on both paths: a follow-up booked on one desk before a change made on another goes along on each,
    whether the entry or the booking reaches it first. So does one owned by someone who has left here, to the
    customer's manager (for a customer without one at work, to actor when a supervisor here), every pending one of the
    leavers the bundle's entries marked as left here among them, as --leave gives them on the desk that handed over."""
    supervisor = actor if actor in assignments.active_supervisors(conn) else None
    theirs = {fid for (fid,) in conn.execute(
        "SELECT followup_id FROM followups WHERE owner_id IN (SELECT value FROM json_each(?))"
        f" AND status IN {PENDING_SQL}",
        (json.dumps(leavers),))} if leavers else set()
    moves = assignments.followups_to_move(conn, sorted(followups | theirs), supervisor)
    here = terminal_id(conn)
    for fid, customer, owner, at, _leaver in moves:
        # At the time the rule gives, not nudged past the follow-up's later events (a change of date, say), so that
        # it says no more than the entry does; arriving now, so that export bundle --since sends it on.
        append_event(conn, followup_id=fid, customer_id=customer, kind="reassigned", at=at, terminal_id=here,
                     by_id=actor, owner_id=owner, arrived_at=arrived)
    along = [fid for fid, _c, _o, _at, leaver in moves if leaver is None]
    result.followups_moved = [fid for fid in along if fid not in followups]
    result.followups_arrived = [fid for fid in along if fid in followups]
    result.followups_of_leavers = [(fid, leaver, owner) for fid, _c, owner, _at, leaver in moves if leaver]
    return moves


# The effective contacts of the customers in :ids that reached them and booked a follow-up, with that booking, which a
# pending follow-up booked before them may be settled by (settled_by says which), in the order they were made.
_SETTLING_SQL = f"""
SELECT o.outcome_id, o.customer_id, o.manager_id, o.at, coalesce(o.recorded_at, o.at), e.followup_id,
       coalesce(e.channel, 'phone')
FROM outcomes o JOIN followup_events e ON e.outcome_id = o.outcome_id AND e.kind = 'created'
WHERE o.customer_id IN (SELECT value FROM json_each(:ids)) AND o.line_result = 'reached' AND {EFFECTIVE_OUTCOME}
  AND EXISTS (SELECT 1 FROM followups f WHERE f.customer_id = o.customer_id AND f.status IN {PENDING_SQL}
              AND f.created_at < o.at AND f.followup_id != e.followup_id)
ORDER BY o.at, o.recorded_at, o.outcome_id
"""


def _settle(conn: sqlite3.Connection, customer_ids: list[str], *, arrived: str) -> dict[str, str]:
    """After the replay: the pending next steps of these customers that a contact held here settles (settled_by, as
    log_outcome applies it where the contact is logged) get a 'cancelled' event naming it, dated when it was recorded,
    so that the desk that held the callback and the one that logged the contact agree, whichever reached the other
    first. One the contact has closed already (here or on the desk that sent it: cancelled it, or marked it done as a
    call answers the follow-up it was due for) gets none, even if a later change keeps it pending: the contact's own
    desk said what it did to it, and a second close in its manager's name, under this terminal's id, would be a change
    they never made here. A contact whose booking was a follow-up already pending (same_pending) made no 'created'
    event, and settles only where it was logged. Returns the follow-ups cancelled, each with the contact."""
    here = terminal_id(conn)
    settled: dict[str, str] = {}
    for outcome_id, customer, manager, at, recorded, booked, channel in conn.execute(
            _SETTLING_SQL, {"ids": json.dumps(customer_ids)}).fetchall():
        for fid in settled_by(conn, customer, booked, channel, datetime.fromisoformat(at)):
            if conn.execute("SELECT 1 FROM followup_events WHERE followup_id = ? AND kind IN ('done', 'cancelled')"
                            " AND outcome_id = ?", (fid, outcome_id)).fetchone() is None:
                append_event(conn, followup_id=fid, customer_id=customer, kind="cancelled", at=recorded,
                             terminal_id=here, by_id=manager, outcome_id=outcome_id, arrived_at=arrived)
                settled[fid] = outcome_id
    return settled


def _before_month(conn: sqlite3.Connection, result: ImportResult, outcome_ids: list[str], event_ids: set[str],
                  now: datetime) -> None:
    """Count the new outcome entries and follow-up events dated before the first of now's month, and find the
    earliest, in one query by their ids (none when the manifest's first entry is of this month)."""
    result.month_start = start = now.date().replace(day=1).isoformat()
    first = result.manifest.get("first_at")
    if isinstance(first, str) and first >= start:
        return
    result.before_month, result.earliest_before_month = conn.execute(
        "SELECT count(*), min(at) FROM (SELECT at FROM outcomes WHERE outcome_id IN (SELECT value FROM json_each(?))"
        " UNION ALL SELECT at FROM followup_events WHERE event_id IN (SELECT value FROM json_each(?))) WHERE at < ?",
        (json.dumps(outcome_ids), json.dumps(sorted(event_ids)), start)).fetchone()


def _record_assignments(conn: sqlite3.Connection, result: ImportResult, moves: list[tuple[str, str, str, str]], *,
                        now: datetime, actor: str | None, path: Path) -> None:
    """The audit entry of what came of each new entry, which the open app's watcher reads as it reads a
    reassignment's, with the follow-ups held here that went along."""
    came, moved = result.assignments_result, set(result.followups_moved)   # a set: a hand-over moves thousands
    audit.record(conn, "bundle_assignments", at=now, actor=actor, subject=path.name, detail={
        "sha256": result.sha256,
        "applied": {entry: [customer, was, to] for entry, customer, was, to in came.applied},
        "already": came.already,
        "not_applied": {n.assignment_id: n.reason for n in came.not_applied},
        "superseded": {n.assignment_id: n.reason for n in came.superseded},
        "followups": {fid: owner for fid, _c, owner, _at, _leaver in moves if fid in moved},
    })


def _manifest_branches(manifest: dict) -> list[str]:
    return [b for b in manifest.get("branches") or [manifest.get("branch")] if isinstance(b, str) and b]


def _foreign_branch(conn: sqlite3.Connection, manifest: dict) -> bool:
    """The bundle holds entries, none of them an erasure, and the branches its manifest names share none with this
    database's customers' (or it names none). An erasure entry is always taken in and kept, whoever it is about, so
    that a customer erased on any desk stays erased here when an extract brings them; and a bundle from a branch this
    database holds customers of is never refused, whoever its entries are about (they are kept, and warned of)."""
    counts = manifest["counts"]
    if not sum(counts.values()) or counts.get("erasures", 0):
        return False
    ours = {r[0] for r in conn.execute("SELECT DISTINCT branch_id FROM customers WHERE branch_id IS NOT NULL")}
    return not ours & set(_manifest_branches(manifest))


def _foreign(conn: sqlite3.Connection, manifest: dict) -> str:
    """Why a bundle none of whose entries is about a customer held here is refused: the branches its manifest names
    and those this database holds."""
    theirs = _manifest_branches(manifest)
    ours = [r[0] for r in conn.execute(
        "SELECT DISTINCT branch_id FROM customers WHERE branch_id IS NOT NULL ORDER BY branch_id")]
    if not conn.execute("SELECT 1 FROM customers LIMIT 1").fetchone():
        return _("none of its entries concerns a customer known here, and this database holds no customers yet (import"
                 " head office's extract first)")
    return _("none of its entries concerns a customer known here: it comes from {theirs}, and this database holds"
             " {ours}; it was meant for another branch's desks").format(
        theirs=ngettext("branch {ids}", "branches {ids}", len(theirs)).format(ids=join_list(theirs)) if theirs
        else _("a desk that named no branch"),
        ours=ngettext("customers of branch {ids}", "customers of branches {ids}", len(ours)).format(
            ids=join_list(ours)) if ours else _("customers of no named branch"))


def _copied(conn: sqlite3.Connection, path: Path, terminal: str, at: str) -> WorkbenchError:
    """An entry made under this database's terminal id that it never held (at: when it was made): another database
    carries the same id, so one was copied from the other, and merging would take its clashing changes for this
    terminal's own. Or, when this database is a backup put in place by hand and the entry is from after the backup was
    taken, the desk's own work since, which the other desks send back: said as that."""
    from workbench.backup import restored_by_hand

    taken = restored_by_hand(conn)
    if taken is not None and at > taken:
        return _refuse(path, _("it holds entries made under this database's terminal id {terminal} after {taken}, when"
                               " this database was taken as a backup: a backup put back by hand (not with 'workbench"
                               " restore') keeps the id of the desk it was taken of; give it a new id with 'workbench"
                               " --user <supervisor> terminal new-id', then import the bundle again, which brings back"
                               " this desk's work since the backup").format(
            terminal=terminal, taken=to_the_minute(taken)))
    return _refuse(path, _("it holds entries made under this database's terminal id {terminal} that this database"
                           " never held, so two databases share that id (one was copied from the other); give this"
                           " one its own id with 'workbench --user <supervisor> terminal new-id', then import the"
                           " bundle again").format(terminal=terminal))


def _only_text_cleared(table: str, stored: tuple, row: dict) -> bool:
    """The entry held here and the bundle's differ alone in the text an erasure clears (CLEARED: an outcome's note, a
    follow-up event's purpose), and one of them is cleared."""
    if table not in CLEARED:
        return False
    column, cleared = CLEARED[table]
    at = TABLES[table].index(column)
    theirs = tuple(row[c] for c in TABLES[table])
    return _compared(table, stored, column) == _compared(table, theirs, column) and cleared in (stored[at], theirs[at])


def _compared(table: str, values: tuple, leaving: str | None = None) -> tuple:
    """An entry's values in TABLES order, without the column NOT_COMPARED leaves out nor the one named leaving."""
    if table not in NOT_COMPARED and leaving is None:
        return values
    skip = {TABLES[table].index(c) for c in (NOT_COMPARED.get(table), leaving) if c}
    return tuple(v for i, v in enumerate(values) if i not in skip)


def _stored(conn: sqlite3.Connection, table: str, entry_id: str) -> tuple | None:
    columns = TABLES[table]
    return conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {columns[0]} = ?", (entry_id,)).fetchone()


def _refresh_state(conn: sqlite3.Connection, customer_ids: list[str]) -> list[str]:
    """Bring last contact, contact blocks and the do-not-call flag up to date for customers with new entries (their
    priorities follow, once the import has cancelled what a flag forbids); returns those whose flag a correction
    lifted."""
    from workbench.rules import refresh_contact_state

    return refresh_contact_state(conn, customer_ids) if customer_ids else []
