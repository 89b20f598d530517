"""Writing an import into the database, a staged part at a time, inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime

from workbench.assignments import reassigned_from
from workbench.db import create_indexes
from workbench.importing.known import name_key
from workbench.importing.rows import PARTIAL_BIRTHDAY, PHONE_COLUMNS, alternate_part
from workbench.privacy import ERASED_CUSTOMERS
from workbench.rules import BAD_NUMBER_PREFIX

# The prefix of a call's mark (workbench.rules sets it on a number it found bad) as SQL over a column.
_MARKED = f"substr({{}}, 1, {len(BAD_NUMBER_PREFIX)}) = '{BAD_NUMBER_PREFIX}'"


# The SQL function (rows.alternate_part) giving a part of the alternate's number, asked only where it is needed.
ALTERNATE_PART = "workbench_alternate_part"
# The SQL function an upsert into a table that held customers calls to count what it found (Tally), asked only
# where there is something to count: noted(kind, value) counts one of kind and gives value back.
NOTED = "workbench_import_noted"


# The SQL function an upsert into a table that held customers calls where it gives a customer another manager or
# branch (Moves), and only there: moved(kind, customer_id, before, after) counts it and gives after back.
MOVED = "workbench_import_moved"
# The customers given another branch whose contact blocks were stored (filled per part): worked out again at the end.
MOVED_BRANCH = "temp.import_moved_branch"
# The columns whose changes Moves counts, each by the kind it says, and the customer id it is given with the change:
# for a branch, of a customer whose contact blocks are stored (one probe of their index), else none.
MOVE_KINDS = {"manager_id": "manager", "branch_id": "branch"}
_MOVED_ID = {"manager_id": "NULL",
             "branch_id": "iif(customer_id IN (SELECT customer_id FROM contact_state), customer_id, NULL)"}


class Moves:
    """The customers the upserts gave another manager or branch, counted by (kind, before, after) as each row is
    written (MOVED: the pass that compares the row does it); and the ids of those given another branch since the last
    part whose contact blocks are stored (the upsert names no other), for those blocks."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str | None, str | None], int] = {}
        self.branch_ids: list[str] = []

    def __call__(self, kind: str, customer_id: str | None, before, after):
        key = (kind, before, after)
        self.counts[key] = self.counts.get(key, 0) + 1
        if customer_id is not None:
            self.branch_ids.append(customer_id)
        return after

    def flows(self, kind: str) -> dict[tuple[str | None, str | None], int]:
        """(before, after) -> customers, for one kind ('manager', 'branch')."""
        return {(before, after): n for (of, before, after), n in self.counts.items() if of == kind}


class Tally:
    """What the upserts counted through NOTED, by kind ('reactivated': an inactive customer listed again; 'older':
    one whose last activity or login in the file is before the stored one)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, kind: str, value):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return value


def _phone_rules(columns: list[str]) -> dict[str, str]:
    """The phone columns' upsert values. A number a call found bad keeps its mark while the extracts bring it
    as the one to call (however written), and so does one the import switched away from (phone_bad_e164,
    m0113). The other number the file gives (a second phone column's cell, or a cell's second number) is kept
    (none given is a gap in the file), and
    an extract listing the bad number first and the one in use second, as the months before the switch did,
    changes nothing: the alternate is parsed for that only where the file's number is that bad one."""
    if "phone_e164" not in columns:
        return {}
    mark = (f"CASE WHEN {_MARKED.format('phone_problem')} AND excluded.phone_e164 = phone_e164 THEN phone_problem"
            " WHEN excluded.phone_e164 = phone_bad_e164 THEN phone_bad_problem END")
    rules = {"phone_valid": f"iif(({mark}) IS NULL, excluded.phone_valid, 0)",
             "phone_problem": f"coalesce({mark}, excluded.phone_problem)"}
    if "phone_alt_raw" not in columns:
        return rules
    kept = f"(excluded.phone_e164 = phone_bad_e164 AND {ALTERNATE_PART}(excluded.phone_alt_raw, 'e164') = phone_e164)"
    for column in PHONE_COLUMNS:
        rules[column] = f"iif({kept}, {column}, {rules.get(column, f'excluded.{column}')})"
    rules["phone_alt_raw"] = f"iif({kept}, excluded.phone_raw, coalesce(excluded.phone_alt_raw, phone_alt_raw))"
    return rules


def _alternate(part: str) -> str:
    return f"{ALTERNATE_PART}(phone_alt_raw, '{part}')"


# A customer the part lists whose number in use a call found bad, switched to the alternate the extract gives
# when that is callable, another number and not the one switched away from before; the bad one is remembered.
_SWITCH = f"""
UPDATE customers SET
    phone_bad_e164 = phone_e164, phone_bad_problem = phone_problem, phone_alt_raw = phone_raw,
    phone_raw = {_alternate('raw')}, phone_e164 = {_alternate('e164')}, phone_kind = {_alternate('kind')},
    phone_ext = {_alternate('ext')}, phone_valid = 1, phone_problem = NULL,
    phone_changed_at = :now, updated_at = :now, last_import_id = :import_id
WHERE customer_id IN (SELECT customer_id FROM {{part}}.staged WHERE customer_id IN (SELECT value FROM json_each(:marked)))
  AND {_MARKED.format('phone_problem')} AND phone_alt_raw IS NOT NULL AND do_not_call_source IS NOT 'erasure'
  AND {_alternate('valid')} = 1 AND {_alternate('e164')} IS NOT phone_e164
  AND {_alternate('e164')} IS NOT phone_bad_e164
"""


# Dates of what a customer did last: a file's date before the stored one leaves the stored one (_MERGE_RULES).
LATEST_DATES = ("last_activity_on", "last_login_on")

# Columns an import may set where the database keeps what it knows when the file says less
# (written against an upsert: the unqualified name is the stored value, excluded.* the file's).
_MERGE_RULES = {
    # An extract never clears a do-not-call flag: the customer's request stands until they withdraw it.
    "do_not_call": "max(do_not_call, excluded.do_not_call)",
    # A do-not-call the file states is head office's, which no branch correction lifts; its "no" keeps the source.
    "do_not_call_source": "coalesce(excluded.do_not_call_source, do_not_call_source)",
    # An empty manager cell keeps a supervisor's assignment from the unassigned pool.
    "manager_id": "coalesce(excluded.manager_id, manager_id)",
    # An empty branch cell is a gap in the file, not a move out of every branch.
    "branch_id": "coalesce(excluded.branch_id, branch_id)",
    # What has happened cannot un-happen: an empty cell is a gap in the file, not a fact.
    **{c: f"coalesce(excluded.{c}, {c})" for c in ("gender", "birthday", "opened_on")},
    # Nor can an activity or a login: a date in the file before the stored one (an older extract) leaves the
    # later one, and a first activity after the stored one (history cut short in a newer) the earlier one.
    # (max and min of several values are NULL when one is: an empty cell or none stored keeps the other.)
    **{c: f"coalesce(max(excluded.{c}, {c}), excluded.{c}, {c})" for c in LATEST_DATES},
    "first_activity_on": "coalesce(min(excluded.first_activity_on, first_activity_on), excluded.first_activity_on,"
                         " first_activity_on)",
}
META = ("last_import_id", "updated_at", "active")
# Staff who have left that a part names as a manager (filled per part): their customers go to the pool.
LEAVERS = "temp.import_leavers"
# Customers whose latest assignment entry in force here, made in the last EXTRACT_LAG_DAYS or a leave's hand-over
# (left_at) of any age, took them from a manager, with that manager, while they still have the entry's, and those a
# cover running gave a colleague, with the manager away (assignments.reassigned_from): a part naming that former
# manager for them is older than the change.
REASSIGNED = "temp.import_reassigned"
# The customers erased here or named by an erasure entry held here (privacy.ERASED_CUSTOMERS), read once per import
# when there are any: the file's rows for them are left out.
ERASED = "temp.import_erased"
DROP_INDEXES_FROM_ROWS = 5_000   # smaller loads gain too little to rebuild every index
NO_PHONE_COLUMN = "no phone number in the extract"


def _derived(columns: list[str], row: str = "") -> dict[str, str]:
    """Columns written from the file's own (as SQL over a staged row, prefixed by `row`): where a
    do-not-call flag the file states came from."""
    return {"do_not_call_source": f"iif({row}do_not_call = 1, 'extract', NULL)"} if "do_not_call" in columns else {}


def _staged_values(columns: list[str], row: str, pooled: bool, reassigned: bool = False) -> list[str]:
    """The part's own columns as SQL over a staged row (prefixed by `row`, or the table staged); with pooled, a
    manager who has left (LEAVERS) is read as no manager, as an empty cell is, and with reassigned so is the manager
    the branch took the customer from (REASSIGNED)."""
    stale = [f"{row}manager_id IN {LEAVERS}"] if pooled else []
    if reassigned:
        stale.append(f"{row}manager_id = (SELECT r.from_id FROM {REASSIGNED} r"
                     f" WHERE r.customer_id = {row or 'staged.'}customer_id)")
    # A blank consent cell (staged as NULL, to be counted) is consent, as README says; a birthday given as a year and
    # month alone (staged as 'YYYY-MM', to be counted) is no birthday: greetings need the day.
    return [f"iif({' OR '.join(stale)}, NULL, {row}{c})" if stale and c == "manager_id"
            else f"coalesce({row}{c}, 1)" if c == "consent"
            else f"iif(length({row}{c}) = {PARTIAL_BIRTHDAY}, NULL, {row}{c})" if c == "birthday"
            else f"{row}{c}" for c in columns]


def upsert_sql(columns: list[str], insert_only: tuple[str, ...], source: str, *, pooled: bool = False,
               counted: bool = False, erased: bool = False, reassigned: bool = False, moves: bool = False) -> str:
    """Copy the staged rows of an attached part (schema source) in: insert a new customer, or update a
    known one when a value it would write differs (or it was inactive). META and insert_only come as
    parameters. SQLite compares the values itself, so a re-imported unchanged row costs one index
    probe and no write. pooled: the part names staff who have left, reassigned: managers the branch took customers
    from (see _staged_values; one probe of REASSIGNED a row). counted: NOTED counts the inactive customers made
    active again, and the customers whose last activity or login in the file is before the one stored (called for
    those rows alone). erased: the rows of the customers in ERASED are left out (one probe of a small table each).
    moves: MOVED counts the customers given another manager or branch (called for those rows alone).
    """
    derived = _derived(columns)
    names = [*columns, *derived, *META, *insert_only]
    rules = {**_MERGE_RULES, **_phone_rules(columns)}
    merged = {c: rules.get(c, f"excluded.{c}") for c in [*columns[1:], *derived]}
    sets = [f"{c} = iif(({value}) IS NOT {c}, {MOVED}('{MOVE_KINDS[c]}', {_MOVED_ID[c]}, {c}, {value}), {c})"
            if moves and c in MOVE_KINDS else f"{c} = {value}" for c, value in merged.items()]
    sets += ["last_import_id = excluded.last_import_id", "updated_at = excluded.updated_at",
             f"active = iif(active, 1, {NOTED}('reactivated', 1))" if counted else "active = 1"]
    if "phone_e164" in columns:   # when the number itself changed, for the bad-number rule
        sets.append(f"phone_changed_at = iif(({merged['phone_e164']}) IS NOT phone_e164, excluded.updated_at,"
                    " phone_changed_at)")
    differs = " OR ".join(["active = 0", *(f"{c} IS NOT {value}" for c, value in merged.items())])
    # Counted first, for every listed customer: its test is false (NOTED gives 0), so differs decides.
    older = [f"excluded.{c} < {c}" for c in LATEST_DATES if c in columns] if counted else []
    if older:
        differs = f"({' OR '.join(older)}) AND {NOTED}('older', 0) OR {differs}"
    # WHERE true: without it SQLite would read ON CONFLICT as part of the SELECT's join.
    # A customer erased here (privacy erase) stays erased whatever the extracts say; one an erasure entry names is
    # not brought in (erased).
    return (f"INSERT INTO customers ({', '.join(names)}) "
            f"SELECT {', '.join([*_staged_values(columns, '', pooled, reassigned), *derived.values()])}, "
            f"{', '.join('?' * (len(META) + len(insert_only)))} "
            f"FROM {source}.staged "
            f"WHERE {f'customer_id NOT IN {ERASED}' if erased else 'true'} ON CONFLICT (customer_id) DO UPDATE SET {', '.join(sets)} "
            f"WHERE do_not_call_source IS NOT 'erasure' AND ({differs})")


def scored_insert_sql(columns: list[str], insert_only: tuple[str, ...], source: str, scores: str, *,
                      pooled: bool = False, erased: bool = False) -> str:
    """Insert an attached part's staged rows, each with its row of `scores` (a table keyed by the
    staged rowid), in rowid order; META and insert_only come as parameters (pooled, erased: see upsert_sql)."""
    from workbench.scoring.store import SCORE_COLUMNS

    derived = _derived(columns, "c.")
    names = [*columns, *derived, *META, *insert_only, *SCORE_COLUMNS]
    values = [*_staged_values(columns, "c.", pooled), *derived.values(), *["?"] * (len(META) + len(insert_only)),
              *(f"s.{c}" for c in SCORE_COLUMNS)]
    return (f"INSERT INTO customers ({', '.join(names)}) SELECT {', '.join(values)} "
            f"FROM {source}.staged c CROSS JOIN {scores} s ON s.rowid = c.rowid"
            f"{f' WHERE c.customer_id NOT IN {ERASED}' if erased else ''} ORDER BY c.rowid")


class CustomerWriter:
    """Loads staged parts; adds managers and branches it has not seen, puts customers given to staff
    who have left in the pool, and leaves where they are those it gives back to the manager the branch's latest
    assignment entry, of the last EXTRACT_LAG_DAYS, took them from; counts by rowid at the end."""

    def __init__(self, conn: sqlite3.Connection, columns: list[str], import_id: int, now_text: str, *,
                 manager_names: bool = False, names_alone: bool = False):
        """manager_names: the file names managers (beside their codes, or alone), so a name that is not the
        name of the staff member its code belongs to is counted (name_clashes); names_alone: a manager cell
        may hold a name alone (客户经理), so a name no staff member has is counted (unknown_managers)."""
        self.conn = conn
        self.manager_names, self.names_alone = manager_names or names_alone, names_alone
        self.unknown_managers: dict[str, int] = {}   # a name no staff member has -> customers, in file order
        self.name_clashes: dict[tuple[str, str], int] = {}   # (name in the file, the code's staff id) -> customers
        if "phone_alt_raw" in columns:   # the SQL that reads an alternate exists only for an extract with phones
            conn.create_function(ALTERNATE_PART, 2, alternate_part, deterministic=True)
        self.columns = columns
        # Without a phone column a new customer is not callable, and says why; known ones keep theirs.
        no_phone = "phone_raw" not in columns
        self.insert_only = ("phone_problem",) if no_phone else ()
        self.meta = (import_id, now_text, 1) + ((NO_PHONE_COLUMN,) if no_phone else ())
        self.import_id = import_id
        self.now_text = now_text
        self.before_max = self._max_rowid()
        self.existing = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        staff = conn.execute("SELECT staff_id, active, name FROM staff").fetchall()
        self.known_staff = {staff_id for staff_id, *_ in staff}
        self.staff_names = {staff_id: name for staff_id, _, name in staff}
        self.left = {staff_id for staff_id, active, _ in staff if not active}   # staff marked as left
        self.leavers: dict[str, int] = {}   # staff who have left -> customers the file gives them, in file order
        self.kept_from_leavers = 0          # of those, customers who kept the manager they had
        # Managers the branch took customers from -> customers the file gives back to them, who stayed, in file order.
        self.reassigned_kept: dict[str, int] = {}
        # (manager away, colleague covering, the cover's last day) -> customers the file gives back who stayed.
        self.covers_kept: dict[tuple[str, str, str], int] = {}
        self.known_branches = {r[0] for r in conn.execute("SELECT branch_id FROM branches").fetchall()}
        self.new_staff: list[str] = []
        self.new_branches: list[str] = []
        self.new_branch_names: dict[str, str] = {}   # of those, the names the file gives them
        self.covered_branches: set[str] = set()
        self.i_branch = columns.index("branch_id") if "branch_id" in columns else None
        self.dropped_indexes: list[tuple[str, str]] = []
        self._prepared: dict[str, list[tuple[str, int]]] = {}   # part -> _before_rows' answer, for its load
        # Customers erased here (read from their partial index) or named by an erasure entry held here (a few):
        # the file's rows for them are left out. Those not held here as erased, each part's upsert leaves out itself.
        erased = dict(conn.execute(f"SELECT e.customer_id, c.do_not_call_source IS 'erasure' FROM ({ERASED_CUSTOMERS}) e"
                                   " LEFT JOIN customers c ON c.customer_id = e.customer_id"))
        self.erased_entries = {customer for customer, here in erased.items() if not here}
        if erased:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {ERASED} (customer_id TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute(f"DELETE FROM {ERASED}")
            conn.executemany(f"INSERT INTO {ERASED} (customer_id) VALUES (?)", [(c,) for c in erased])
        self.erased_ids = frozenset(erased)   # the reject report leaves out their rows' cells
        self.erased_listed: list[str] = []   # of those, the ones the file lists, in file order
        self.erased_blank_consent = 0        # of their rows, those with a blank consent cell (not stored either)
        # Customers whose number in use a call found bad, or who have one remembered (switch_to_alternates): read
        # once, and only for an extract with a phone column (a second one, or two numbers in a cell, gives an
        # alternate) into a table that holds customers.
        marked = [] if "phone_alt_raw" not in columns or not self.existing else [r[0] for r in conn.execute(
            f"SELECT customer_id FROM customers WHERE {_MARKED.format('phone_problem')} OR phone_bad_e164 IS NOT NULL"
        ).fetchall()]
        self.marked_json = json.dumps(marked) if marked else None
        self.switched = 0   # customers switched to the extract's other number
        self.reassigned = 0
        if self.existing and "manager_id" in columns:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {REASSIGNED} (customer_id TEXT PRIMARY KEY,"
                         " from_id TEXT NOT NULL, until TEXT, left_at TEXT) WITHOUT ROWID")
            conn.execute(f"DELETE FROM {REASSIGNED}")
            self.reassigned = reassigned_from(conn, REASSIGNED, datetime.fromisoformat(now_text))
        self.tally = Tally()
        self.moves = Moves()
        conn.create_function(MOVED, 4, self.moves)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MOVED_BRANCH} (customer_id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute(f"DELETE FROM {MOVED_BRANCH}")
        if self.existing:   # an upsert into an empty table updates nobody: nothing to count
            conn.create_function(NOTED, 2, self.tally)

    def add_people_and_places(self, staff: list[tuple], branches: list[tuple]) -> None:
        """Branches (id, name) and managers (id, name, branch) first seen in the file, unless known."""
        for branch, name in branches:
            if branch not in self.known_branches:
                self.known_branches.add(branch)
                self.conn.execute("INSERT INTO branches (branch_id, name) VALUES (?, ?)", (branch, name))
                self.new_branches.append(branch)
                if name:
                    self.new_branch_names[branch] = name
        for manager, name, branch in staff:
            if manager not in self.known_staff:
                self.known_staff.add(manager)
                self.staff_names[manager] = name
                self.conn.execute(
                    "INSERT INTO staff (staff_id, name, role, branch_id, created_at) VALUES (?, ?, 'manager', ?, ?)",
                    (manager, name, branch, self.now_text),
                )
                self.new_staff.append(manager)

    def prepare(self, part: str) -> None:
        """For a part loaded later with its scores (importing.scored_load): its new branches and managers added,
        and what it holds counted, now, while a reader process converts the next part, so that its load is
        its insert alone (a million rows: these queries took 4.0 s of the 33 s of scoring and inserting, on a
        machine busy with other work). Parts are prepared in file order."""
        self._prepared[part] = self._before_rows(part)

    def load(self, part: str, scores: str | None = None) -> int:
        """Copy an attached part's staged rows in: new branches and managers first, in file order (unless
        prepare() added them), then every customer with one upsert. Its rows are distinct customer numbers
        new to this import. With `scores` (a table of their scores by staged rowid, for a table empty before
        the import) every row is new and goes in with its scores, in rowid order. Returns how many rows it
        wrote."""
        gone = self._prepared.pop(part) if part in self._prepared else self._before_rows(part)
        if gone:
            self._name_leavers(gone)
        reassigned = self.reassigned > 0 and scores is None and self._keep_reassigned(part)
        sql = (upsert_sql(self.columns, self.insert_only, part, pooled=bool(gone), counted=bool(self.existing),
                          erased=bool(self.erased_entries), reassigned=reassigned, moves=bool(self.existing))
               if scores is None
               else scored_insert_sql(self.columns, self.insert_only, part, scores, pooled=bool(gone),
                                      erased=bool(self.erased_ids)))
        written = self.conn.execute(sql, self.meta).rowcount
        if gone and scores is None:   # a fresh import's customers are all new: in the pool already
            self._pool_leavers_customers(part)
        if self.moves.branch_ids:
            self._note_branch_moves()
        if self.marked_json:
            self.switched += self.switch_to_alternates(part)
        return written

    def _before_rows(self, part: str) -> list[tuple[str, int]]:
        """A part's new branches and managers added, in file order, its managers' names checked, its erased
        customers listed and its customers given to staff who have left counted; returns those staff (with
        their customers), whom the part's SQL reads as no manager (LEAVERS)."""
        has_manager, has_branch = "manager_id" in self.columns, "branch_id" in self.columns
        if has_branch:
            branches = self.conn.execute(
                f"SELECT branch_id, ifnull(branch_name, branch_id), min(rowid) FROM {part}.staged "
                "WHERE branch_id IS NOT NULL GROUP BY branch_id ORDER BY 3").fetchall()
            self.covered_branches.update(branch for branch, *_ in branches)
        staff, named = self._managers(part, has_branch) if has_manager else ([], [])
        self.add_people_and_places([s[:3] for s in staff], [b[:2] for b in branches] if has_branch else [])
        for manager, name, count in named:
            self._check_name(manager, name, count)
        # Checked per manager the part names, not per row: the rows of staff who have left go to the pool.
        gone = [(manager, count) for manager, *_, count in staff if manager in self.left]
        for manager, count in gone:
            self.leavers[manager] = self.leavers.get(manager, 0) + count
        if self.erased_ids:
            blank = "consent IS NULL" if "consent" in self.columns else "0"
            listed = self.conn.execute(f"SELECT customer_id, {blank} FROM {part}.staged WHERE customer_id IN {ERASED}"
                                       " ORDER BY rowid").fetchall()
            self.erased_listed += [row[0] for row in listed]
            self.erased_blank_consent += sum(row[1] for row in listed)
        return gone

    def _note_branch_moves(self) -> None:
        """Keep the customers the part gave another branch who have stored contact blocks (MOVED_BRANCH): those were
        worked out under the old branch's settings."""
        self.conn.executemany(f"INSERT OR IGNORE INTO {MOVED_BRANCH} (customer_id) VALUES (?)",
                              [(customer_id,) for customer_id in self.moves.branch_ids])
        self.moves.branch_ids = []

    def recheck_blocks(self) -> int:
        """Work out again the stored contact blocks of the customers the import gave a branch: those it gave another
        one (MOVED_BRANCH), and those it inserted whose blocks were stored before (from a bundle's contacts, under
        the bank's settings). Returns how many."""
        from workbench.rules import recheck_blocks

        where = f"s.customer_id IN (SELECT customer_id FROM {MOVED_BRANCH})"
        if self._max_rowid() > self.before_max:   # (a pass over the stored blocks, only when some were inserted)
            where += " OR c.rowid > :before"
        return recheck_blocks(self.conn, where, {"before": self.before_max})

    def _managers(self, part: str, has_branch: bool) -> tuple[list[tuple], list[tuple[str, str, int]]]:
        """(id, name, branch, first rowid, customers) for each manager the part names, in file order (the name
        and branch of the first row naming them, the name the id when that row gives none); and (id, name,
        customers) for each name the part gives beside a code. A name alone that no staff member has
        (split_manager gives it no id) is counted in unknown_managers."""
        branch = "branch_id" if has_branch else "NULL"
        if not self.manager_names:   # one group per manager
            return self.conn.execute(
                f"SELECT manager_id, ifnull(manager_name, manager_id), {branch}, min(rowid), count(*) FROM {part}.staged"
                " WHERE manager_id IS NOT NULL GROUP BY manager_id ORDER BY 4").fetchall(), []
        found: dict[str, list] = {}
        named = []
        for manager, name, place, first, count in self.conn.execute(
                f"SELECT manager_id, manager_name, {branch}, min(rowid), count(*) FROM {part}.staged"
                " WHERE manager_id IS NOT NULL OR manager_name IS NOT NULL GROUP BY manager_id, manager_name ORDER BY 4"):
            if manager is None:
                if self.names_alone:
                    self.unknown_managers[name] = self.unknown_managers.get(name, 0) + count
                continue
            if name is not None:
                named.append((manager, name, count))
            held = found.get(manager)
            if held is None:
                found[manager] = [manager, name or manager, place, first, count]
            else:
                held[4] += count
        return [tuple(held) for held in found.values()], named

    def _check_name(self, manager: str, name: str, count: int) -> None:
        """Count the customers whose file names their manager otherwise than the staff member the code belongs to
        (李明(M001) where M001 is 王丽娟): the code decides, and the summary says so. A staff member known by
        their code alone (named after it) is not compared."""
        stored = self.staff_names.get(manager)
        if stored and stored != manager and name_key(stored) != name_key(name):
            self.name_clashes[name, manager] = self.name_clashes.get((name, manager), 0) + count

    def switch_to_alternates(self, part: str) -> int:
        """After the part's upsert: a customer it lists whose number in use a call found bad is called on the other
        number the extract gives, where that is callable and not the one switched away from before (_SWITCH).
        Returns how many were switched; their alternates are parsed here, and only theirs."""
        return self.conn.execute(_SWITCH.format(part=part), {"now": self.now_text, "import_id": self.import_id,
                                                              "marked": self.marked_json}).rowcount

    def _name_leavers(self, gone: list[tuple[str, int]]) -> None:
        """List the staff who have left that the part names (counted by _before_rows) in LEAVERS for its SQL."""
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS {LEAVERS} (staff_id TEXT PRIMARY KEY) WITHOUT ROWID")
        self.conn.execute(f"DELETE FROM {LEAVERS}")
        self.conn.executemany(f"INSERT INTO {LEAVERS} (staff_id) VALUES (?)", [(manager,) for manager, _ in gone])

    def _keep_reassigned(self, part: str) -> bool:
        """Count the part's customers it gives back to the manager the branch took them from (REASSIGNED), by that
        manager, but for one who has left (said as a leaver's), those a cover running keeps with a colleague apart
        (by manager away, colleague and last day: REASSIGNED's until); True when the part has any, leavers' included.
        A leave's hand-over (REASSIGNED's left_at) names a leaver, who may be at work here still (marked as left on the
        desk that handed over, not here, where they still manage other customers): their customers are said as a
        leaver's too (LEAVERS reads the others, whom _before_rows counted), with those who kept a manager."""
        found = self.conn.execute(
            "SELECT s.manager_id, c.manager_id, r.until, r.left_at IS NOT NULL, count(*), min(s.rowid)"
            f" FROM {part}.staged s JOIN {REASSIGNED} r"
            " ON r.customer_id = s.customer_id AND r.from_id = s.manager_id JOIN customers c ON c.customer_id ="
            " s.customer_id WHERE c.do_not_call_source IS NOT 'erasure'"
            f"{f' AND s.customer_id NOT IN {ERASED}' if self.erased_entries else ''} GROUP BY 1, 2, 3, 4 ORDER BY 6"
        ).fetchall()
        for manager, taker, until, left, count, _first in found:
            if until is not None:
                key = (manager, taker, until)
                self.covers_kept[key] = self.covers_kept.get(key, 0) + count
            elif manager in self.left:
                continue
            elif left:
                self.leavers[manager] = self.leavers.get(manager, 0) + count
                self.kept_from_leavers += count if taker is not None else 0
            else:
                self.reassigned_kept[manager] = self.reassigned_kept.get(manager, 0) + count
        return bool(found)

    def _pool_leavers_customers(self, part: str) -> None:
        """After the part's upsert: a known customer it gives to a leaver keeps an active manager it has
        (the extract is older than the branch's reassignment), as an empty manager cell does, but one
        still with a leaver goes to the pool, so that nobody's customers wait on a leaver's list."""
        given = f"SELECT customer_id FROM {part}.staged WHERE manager_id IN {LEAVERS}"
        # A customer erased here is left alone by this too, as by the upsert; each is counted as a move to the pool.
        self.conn.execute(
            f"UPDATE customers SET manager_id = {MOVED}('manager', NULL, manager_id, NULL), last_import_id = ?,"
            " updated_at = ? "
            f"WHERE manager_id IN (SELECT staff_id FROM staff WHERE active = 0) AND customer_id IN ({given})"
            f" AND do_not_call_source IS NOT 'erasure'",
            (self.import_id, self.now_text))
        self.kept_from_leavers += self.conn.execute(
            f"SELECT count(*) FROM customers WHERE manager_id IS NOT NULL AND customer_id IN ({given})"
            f" AND do_not_call_source IS NOT 'erasure'").fetchone()[0]

    def staged_columns(self) -> dict[str, str]:
        """Every customers column as SQL over a staged row `c`, as the part's insert would write it:
        the part's own columns, the import's active flag, the table's defaults for the rest."""
        found = {}
        own = dict(zip(self.columns, _staged_values(self.columns, "c.", False)))
        for _, name, _, _, default, _ in self.conn.execute("PRAGMA table_info(customers)"):
            found[name] = own.get(name) or ("1" if name == "active" else default or "NULL")
        return found

    def drop_indexes(self, expected_rows: int) -> None:
        """Before a load that more than doubles the table, drop its secondary indexes (rebuilt at the end).

        Building an index once from sorted data is several times cheaper than keeping it up to date
        row by row (a fresh 12,000-row import 1.15 -> 0.95 s, 50,000 rows 3.15 -> 2.16 s); both happen
        inside the import's transaction, so a crash brings the indexes back.
        """
        if expected_rows < DROP_INDEXES_FROM_ROWS or expected_rows < 2 * self.existing:
            return
        self.dropped_indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in self.dropped_indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Build again the indexes drop_indexes dropped (progress: told each one built, of how many)."""
        create_indexes(self.conn, [sql for _, sql in self.dropped_indexes], progress=progress)
        self.dropped_indexes = []

    def _max_rowid(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM customers").fetchone()[0]

    def changed_counts(self, uncallable: bool = False) -> tuple[int, int, int, int, list[list]]:
        """(inserted, updated, of those not callable, of the inserted those in the unassigned pool, and with
        uncallable the ones not callable as [customer id, name, phone as given, why], in table order), in one
        pass: new rows lie above the rowid the import started from."""
        listed = ("json_group_array(json_array(customer_id, name, phone_raw, phone_problem)) FILTER (WHERE phone_valid = 0)"
                  if uncallable else "NULL")
        *counts, found = self.conn.execute(
            "SELECT count(*) FILTER (WHERE rowid > :before), count(*) FILTER (WHERE rowid <= :before),"
            " count(*) FILTER (WHERE phone_valid = 0), count(*) FILTER (WHERE rowid > :before AND manager_id IS NULL),"
            f" {listed} FROM customers WHERE last_import_id = :import_id",
            {"before": self.before_max, "import_id": self.import_id},
        ).fetchone()
        return (*counts, json.loads(found) if found else [])

    def uncallable_of(self, seen: str) -> list[list]:
        """The customers the file lists (seen: the table of its accepted customer numbers and rows) who have no
        callable number, changed by the import or not, as [customer id, name, phone as given, why] in the file's
        order; erased customers, whose rows were left out, are not among them."""
        found = self.conn.execute(
            f"SELECT c.customer_id, c.name, c.phone_raw, c.phone_problem FROM {seen} s"
            " JOIN customers c ON c.customer_id = s.customer_id"
            " WHERE c.phone_valid = 0 AND c.do_not_call_source IS NOT 'erasure' ORDER BY s.row").fetchall()
        return [list(row) for row in found if row[0] not in self.erased_entries]

    def changed_ids(self) -> tuple[list[str], list[str]]:
        """(inserted, updated) customer ids: new rows lie above the rowid the import started from."""
        inserted, updated = [], []
        for customer_id, rowid in self.conn.execute(
            "SELECT customer_id, rowid FROM customers WHERE last_import_id = ?", (self.import_id,)
        ):
            (inserted if rowid > self.before_max else updated).append(customer_id)
        return inserted, updated

    def zero_variants(self) -> list[tuple[str, str]]:
        """(inserted number, known number) for each customer number this import inserted that is all digits
        and differs from a number the table held before only in its leading zeros (Excel drops them from a
        number column: the customer known as 001004 comes as 1004, or the other way round), in the order
        they were inserted.

        Looked for only when the import inserted customers into a table that held some: from the smaller
        of the two sides, one index probe per number of leading zeros a number could have there (none but
        the stripped number itself when no stored number starts with 0), never a pass over the table."""
        inserted = self._max_rowid() - self.before_max
        if not self.existing or inserted <= 0:
            return []
        zeros = self._most_leading_zeros()
        # new: the side scanned (a rowid range), old: the side probed through the customer number's index.
        scan, probe = ("n", "o") if inserted <= self.existing else ("o", "n")
        return self.conn.execute(
            "WITH RECURSIVE pad(z) AS (SELECT '' UNION ALL SELECT z || '0' FROM pad WHERE length(z) < :zeros)"
            f" SELECT n.customer_id, o.customer_id FROM customers AS {scan} CROSS JOIN pad"
            f" CROSS JOIN customers AS {probe} ON {probe}.customer_id = pad.z || ltrim({scan}.customer_id, '0')"
            f" WHERE {scan}.rowid {'>' if scan == 'n' else '<='} :before"
            f" AND {scan}.customer_id NOT GLOB '*[^0-9]*' AND ltrim({scan}.customer_id, '0') <> ''"
            f" AND {probe}.rowid {'>' if probe == 'n' else '<='} :before"
            " ORDER BY n.rowid, o.rowid",
            {"zeros": zeros, "before": self.before_max}).fetchall()

    def _most_leading_zeros(self, limit: int = 40) -> int:
        """How many leading zeros the table's customer numbers have at most (or a little more: any number
        starting with them counts), found by one index probe per zero."""
        zeros = 0
        while zeros < limit and self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM customers WHERE customer_id >= ? AND customer_id < ?)",
                ("0" * (zeros + 1), "0" * zeros + "1")).fetchone()[0]:
            zeros += 1
        return zeros

    def remove_inserted(self, customer_ids: list[str]) -> None:
        """Take back customers this import inserted (their rows are rejected after all)."""
        self.conn.execute("DELETE FROM customers WHERE customer_id IN (SELECT value FROM json_each(?)) AND rowid > ?",
                          (json.dumps(customer_ids), self.before_max))

    @property
    def reactivated(self) -> int:
        """Inactive customers the file listed, made active again."""
        return self.tally.counts.get("reactivated", 0)

    @property
    def older_dates(self) -> int:
        """Customers the file listed whose last activity or login in it is before the one stored (which stays)."""
        return self.tally.counts.get("older", 0)

    def inactivate_absent(self, branches: list[str | None], ids: str, rejected: str) -> list[tuple[str, str | None]]:
        """Mark active customers of the covered branches (None among them: customers without a branch)
        that the file did not list; returns them as (customer id, branch).

        ids and rejected name the tables of the file's accepted and rejected customer numbers.
        """
        return self.conn.execute(
            f"UPDATE customers SET active = 0, updated_at = ? WHERE active = 1 "
            f"AND (branch_id IN (SELECT value FROM json_each(?)) OR (? AND branch_id IS NULL)) "
            f"AND customer_id NOT IN (SELECT customer_id FROM {ids}) "
            f"AND customer_id NOT IN (SELECT customer_id FROM {rejected}) RETURNING customer_id, branch_id",
            (self.now_text, json.dumps([b for b in branches if b is not None]), None in branches),
        ).fetchall()

    def active_before_up_to(self, branch: str | None, limit: int) -> int:
        """How many customers the branch (None: without a branch) had before the import that are active now,
        counted up to limit (what a share needs: the count stops there)."""
        where, given = ("branch_id IS NULL", ()) if branch is None else ("branch_id = ?", (branch,))
        return self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM customers WHERE {where} AND active = 1 AND rowid <= ? LIMIT ?)",
            (*given, self.before_max, limit)).fetchone()[0]

    def branches_of(self, ids: str) -> list[str | None]:
        """The branches the customers listed in table ids are in, as stored (None: without a branch)."""
        found = self.conn.execute(
            f"SELECT DISTINCT c.branch_id FROM {ids} i JOIN customers c ON c.customer_id = i.customer_id").fetchall()
        return sorted((r[0] for r in found), key=lambda b: (b is None, b or ""))
