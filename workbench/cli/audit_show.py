"""`workbench audit show`: the audit log in the interface language, newest first (the codes stay in --json)."""

from __future__ import annotations

import json
import re
import sqlite3

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from workbench.audit import Entry, refused_about
from workbench.backup import file_size
from workbench.codes import label
from workbench.dates import to_the_minute
from workbench.sync.conflicts import SHORT_TERMINAL, short_terminal
from workbench.i18n import N_, _, join_list, ngettext
from workbench.text_wrap import WrappedText, in_words, shown_name

# Each action code's words; a code not here (written by a newer workbench) is shown as it is.
ACTIONS = {
    "outcome": N_("contact logged"),
    "do_not_call_lifted": N_("do-not-call lifted"),
    "phone_reveal": N_("full number shown"),
    "access_request": N_("personal data exported"),
    "erase": N_("personal data erased"),
    "reassign": N_("customer reassigned"),
    "hand_over": N_("customers handed over"),
    "refusal": N_("refused"),
    "staff_add": N_("staff member added"),
    "staff_change": N_("staff member changed"),
    "pin_set": N_("PIN set"),
    "pin_clear": N_("PIN cleared"),
    "pin_wrong": N_("wrong PIN"),
    "pin_locked": N_("PIN not checked: locked out"),
    "setting": N_("setting changed"),
    "campaigns_import": N_("campaigns imported"),
    "import": N_("file imported"),
    "export": N_("file exported"),
    "backup": N_("database backed up"),
    "bundle_assignments": N_("changes of manager from a bundle"),
    "terminal_id_changed": N_("terminal id changed"),
    "restore": N_("database restored from a backup"),
    "branch_change": N_("branch changed"),
}

# A refused action its caller (cli/engine.py) passes unmarked, for the catalogue; the others are marked where refused.
REFUSED = (N_("read the call list"),)


# The time column's width: a time to the minute, "2026-11-24 17:05"; a real time under it takes two lines.
TIME_WIDTH = 16
# Cells the table adds: its edges and, between each two columns, a padding either side of a space.
_EDGES, _BETWEEN = 2, 3
# The detail column is given this many cells at least, or the room of the longest detail; else it goes on its own
# lines under the entry's other columns.
DETAIL_ROOM = 40
# Under it, who and what are lined up from entry to entry when a subject this wide still fits beside them.
SUBJECT_ROOM = 20


def show(conn: sqlite3.Connection, found: list[Entry]) -> None:
    """The entries as a table: time, who, what, whom it concerns, and the detail in words; where the console leaves
    the detail too little room beside the rest, it is written under them, across the width."""
    names = _Names(conn)
    rows = []
    for e in found:
        target = e.target()
        rows.append((_time(e), names.staff(e.actor), Text(_what(e)), names.either(target) if target else Text(""),
                     Text(_glued(_detail(e, names)))))
    console = Console()
    cells = [max((cell_len(row[n].plain) for row in rows), default=0) for n in (1, 2, 3)]
    room = console.width - _EDGES - TIME_WIDTH - sum(cells) - 4 * _BETWEEN
    longest = max((cell_len(row[4].plain) for row in rows), default=0)
    console.print(_table(rows) if room >= min(DETAIL_ROOM, longest) else _under(rows, cells, console.width))


def _table(rows: list[tuple]) -> Table:
    """One column each: time, who, what, subject and detail."""
    table = _time_table()
    for heading in (_("Who"), _("What"), _("Subject"), _("Detail")):
        table.add_column(heading)
    for time, *said, detail in rows:
        table.add_row(time, *said, _wrapped(detail))
    return table


def _under(rows: list[tuple], cells: list[int], width: int) -> Table:
    """The time, then who, what and subject on a line, lined up where they fit so, and the detail under them."""
    table = _time_table(lines=2)
    room = width - _EDGES - TIME_WIDTH - _BETWEEN
    widths = cells[:2] if cells[0] + cells[1] + 4 + min(cells[2], SUBJECT_ROOM) <= room else [0, 0]
    table.add_column(Text("\n").join([_abreast([Text(_("Who")), Text(_("What")), Text(_("Subject"))], widths),
                                      Text(_("Detail"))]))
    for time, who, what, subject, detail in rows:
        line = _abreast([who, what, subject], widths)
        table.add_row(time, Group(line, _wrapped(detail)) if detail.plain else line)
    return table


def _time_table(lines: int = 1) -> Table:
    """The table with its time column, whose heading stands on the first of the headings' lines."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(Text(_("Time") + "\n" * (lines - 1)), width=TIME_WIDTH)
    return table


def _abreast(said: list[Text], widths: list[int]) -> Text:
    """Texts on one line, two spaces apart, each but the last filled out to its width."""
    line = Text()
    for n, text in enumerate(said):
        line.append_text(text)
        if n < len(widths):
            line.append(" " * (max(widths[n] - cell_len(text.plain), 0) + 2))
    return line


def _glued(said: str) -> str:
    """The detail with a number kept on one line with what is either side of it (8 行, rows: 8, 6.9 MB, a time
    2026-11-24 17:05): each space beside a digit made a no-break space, which is drawn as a space, but one after a
    separator (8; 2026-11-01), where the line may break."""
    return _BESIDE_A_DIGIT.sub("\u00a0", said)


_BESIDE_A_DIGIT = re.compile(r"(?<=\d) (?=\S)|(?<=[^\s;,；，]) (?=\d)")   # not after a list's separator


def _wrapped(detail: Text) -> WrappedText:
    """The detail broken into lines where the interface language breaks them, its glued numbers kept whole."""
    return WrappedText(detail, words=in_words())


def _time(e: Entry) -> WrappedText:
    """When the entry says it was written; under it, marked, the computer's time when that was a claimed one (--now)
    far from it (audit.record's real_at), its mark on a line of its own so that the column stays one time wide."""
    said = Text(to_the_minute(e.at))
    if isinstance(e.detail.get("real_at"), str):
        really = to_the_minute(e.detail["real_at"]).replace(" ", "\u00a0")   # the day and the time on one line
        said.append("\n" + _("really {at}").format(at=really), style="bold red")
    return WrappedText(said, words=in_words())


def as_json(found: list[Entry]) -> list[dict]:
    """The entries as stored: codes, ids and detail, newest first."""
    return [e.__dict__ for e in found]


def _what(e: Entry) -> str:
    action = e.shown_action()
    said = _(ACTIONS[action]) if action in ACTIONS else action
    if e.action == "refusal":
        attempted = refused_about(e.subject)[0]
        return _("{what}: {action}").format(what=said, action=_(attempted))
    return said


class _Names:
    """Customers' and staff members' names, each read once: a customer is 'ID name' (an erased one's placeholder in
    the interface language), a staff member 'ID name'; an id neither knows is shown as it is."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen: dict[tuple[str, str], str | None] = {}

    def _name(self, table: str, key: str, value: str) -> str | None:
        if (table, value) not in self.seen:
            row = self.conn.execute(f"SELECT name FROM {table} WHERE {key} = ?", (value,)).fetchone()
            self.seen[(table, value)] = row[0] if row else None
        return self.seen[(table, value)]

    def staff(self, staff_id: str | None) -> Text:
        if not staff_id:
            return Text("")
        name = self._name("staff", "staff_id", staff_id)
        return Text(staff_id if name is None or name == staff_id else f"{staff_id} {name}")

    def either(self, who: str) -> Text:
        name = self._name("customers", "customer_id", who)
        if name is None:
            return self.staff(who)
        return Text(f"{who} {shown_name(name)}".rstrip())


def _detail(e: Entry, names: _Names) -> str:
    """The entry's detail in words, for the actions whose detail is known; otherwise its JSON as stored (the real time
    aside: the time column says it)."""
    d = {key: value for key, value in e.detail.items() if key != "real_at"}
    words = _WORDS.get(e.shown_action())
    if words is not None:
        return words(d, names)
    return json.dumps(d, ensure_ascii=False, sort_keys=True) if d else ""


def _outcome(d: dict, names: _Names) -> str:
    said = label(d.get("line_result"))
    if d.get("business_outcome"):
        said = _("{result}: {outcome}").format(result=said, outcome=label(d["business_outcome"]))
    if d.get("supersedes"):
        said = _("{said} (corrects entry {id})").format(said=said, id=d["supersedes"][:8])
    if d.get("manager_id"):
        said = _("{said}, for {manager}").format(said=said, manager=names.staff(d["manager_id"]).plain)
    return said


def _lifted(d: dict, names: _Names) -> str:
    if d.get("supersedes"):
        return _("entry {id} corrected").format(id=d["supersedes"][:8])
    return _("by bundle {file}").format(file=d["bundle"]) if d.get("bundle") else ""


def _erase(d: dict, names: _Names) -> str:
    return _("notes cleared: {notes}; follow-up purposes cleared: {purposes}; follow-ups cancelled: {n}").format(
        notes=d.get("notes_cleared", 0), purposes=d.get("purposes_cleared", 0), n=len(d.get("followups_cancelled") or ()))


def _manager(names: _Names, staff_id: str | None) -> str:
    return names.staff(staff_id).plain if staff_id else _("Unassigned pool")


def _reassign(d: dict, names: _Names) -> str:
    return _("{old} → {new}; follow-ups moved: {n}").format(old=_manager(names, d.get("from")),
                                                          new=_manager(names, d.get("to")), n=len(d.get("followups") or ()))


def _hand_over(d: dict, names: _Names) -> str:
    """Who got how many customers and follow-ups; a cover (until) and a give-back from leave (given_back) say so."""
    shares = [_("{manager}: {n}").format(n=len(got), manager=_manager(names, who)) for who, got in
              (d.get("to") or {}).items()]
    if d.get("pool"):
        shares.append(_("{manager}: {n}").format(n=len(d["pool"]), manager=_manager(names, None)))
    said = join_list(shares)
    if moved := len(d.get("followups") or ()):
        said = ngettext("{shares}; {n} follow-up", "{shares}; {n} follow-ups", moved).format(shares=said, n=moved)
    if d.get("given_back"):
        return _("given back from leave: {shares}").format(shares=said)
    if d.get("until"):
        return _("cover until {until}: {shares}").format(until=d["until"], shares=said)
    return said


def _refusal(d: dict, names: _Names) -> str:
    return _("as {role}").format(role=_(d["role"])) if d.get("role") else ""


def _staff_add(d: dict, names: _Names) -> str:
    return join_list([said for said in (d.get("name"), _(d["role"]) if d.get("role") else None) if said])


def _campaigns(d: dict, names: _Names) -> str:
    return _("added: {added}, changed: {changed}").format(added=d.get("added", 0), changed=d.get("changed", 0))


def _assignments(d: dict, names: _Names) -> str:
    return _("applied: {n}").format(n=len(d.get("applied") or ()))


def _change(d: dict, names: _Names) -> str:
    return join_list([_("{field}: {before} → {after}").format(field=_(field), before=_value(v[0]), after=_value(v[1]))
                      for field, v in d.items() if isinstance(v, list) and len(v) == 2])


def _pin_try(d: dict, names: _Names) -> str:
    """Where a PIN was refused (the app's sign-in or a command), whether one was given, and the lock it set or met."""
    said = [_("at the app's sign-in") if d.get("where") == "app" else
            _("command {command}").format(command=d.get("command") or "workbench")]
    if d.get("no_pin"):
        said.append(_("no PIN given"))
    if d.get("failures"):
        said.append(_("wrong PINs in a row: {n}").format(n=d["failures"]))
    if d.get("locked_seconds"):
        said.append(_("locked for {n} s").format(n=d["locked_seconds"]))
    if d.get("wait_seconds"):
        said.append(_("{n} s of the lock left").format(n=d["wait_seconds"]))
    return _("; ").join(said)


def _setting(d: dict, names: _Names) -> str:
    """The value before and after; the customers whose contact blocks the new value had worked out again."""
    said = _("{before} → {after}").format(before=_value(d.get("before")), after=_value(d.get("after")))
    return _("; ").join([said, *_rechecked(d.get("rechecked"))])


def _branch_change(d: dict, names: _Names) -> str:
    """What changed of the branch; under another parent, the customers whose contact blocks were worked out again."""
    return _("; ").join([said for said in (_change(d, names), *_rechecked(d.get("rechecked"))) if said])


def _rechecked(n) -> list[str]:
    """The customers whose stored contact blocks a change worked out again, in words; none when it reached none."""
    return [_("contact blocks re-checked: {n}").format(n=n)] if n else []


def _value(value) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _moved(d: dict, names: _Names) -> str:
    """A terminal id's change, each id by its start (the new one is whole under Subject, both in --json)."""
    return _("{before} → {after}").format(before=_value(d.get("old") and _short(d["old"])),
                                         after=_value(d.get("new") and _short(d["new"])))


def _file(d: dict, names: _Names) -> str:
    """An import's or export's counts; then whether full phone numbers left, the period and whose entries."""
    if d.get("kind") == "bundle":
        said = [_("outcome bundle"), *_bundle_counts(d)]
    elif "inserted" in d:
        said = _extract_counts(d)
    elif "rows" in d:
        said = [_("rows: {n}").format(n=d["rows"])]
    else:
        return ""
    if d.get("include_phone"):
        said.append(_("full phone numbers"))
    if d.get("since") or d.get("until"):
        said.append(f"{_when(d.get('since'))} – {_when(d.get('until'))}".strip())
    if d.get("manager"):
        said.append(_("manager: {manager}").format(manager=names.staff(d["manager"]).plain))
    return _("; ").join(said)


def _when(at: str | None) -> str:
    """A period's end as the table writes times: a day as it is, a time to the minute (a bundle's since-point)."""
    return (to_the_minute(at) if "T" in at else at) if at else ""


def _extract_counts(d: dict) -> list[str]:
    """A customer extract's rows and what became of them, as the import's summary counted them: a full extract's
    customers made inactive too."""
    said = [_("full extract") if d.get("full") else _("partial extract"), _("rows: {n}").format(n=d.get("rows", 0)),
            _("inserted: {i}, updated: {u}, unchanged: {n}, rejected: {r}").format(
                i=d["inserted"], u=d.get("updated", 0), n=d.get("unchanged", 0), r=d.get("rejected", 0))]
    if d.get("full"):
        said.append(_("made inactive: {n}").format(n=d.get("inactivated", 0)))
    for key, words, nobody in (("manager_changes", N_("given another manager: {n} ({flows})"), N_("the pool")),
                               ("branch_changes", N_("moved to another branch: {n} ({flows})"), N_("no branch"))):
        if d.get(key):
            said.append(_(words).format(n=d[key], flows=_flows(d.get(f"{key}_largest") or [], d[key], _(nobody))))
    return [*said, *_rechecked(d.get("contact_blocks_rechecked"))]


# The largest flows of customers between managers or branches an import's entry names (it keeps ten).
FLOWS_SHOWN = 5


def _flows(largest: list, total: int, nobody: str) -> str:
    """An import's largest flows as [before, after, customers] (None: nobody, the pool or no branch), as its summary
    names them (M003→M006 (300)), and … for those not shown."""
    shown = largest[:FLOWS_SHOWN]
    said = [_("{before}→{after} ({n})").format(before=before or nobody, after=after or nobody, n=n)
            for before, after, n in shown]
    if sum(n for *_pair, n in shown) < total:
        said.append("…")
    return join_list(said)


def _bundle_counts(d: dict) -> list[str]:
    """A bundle export's rows per table; an import's new rows, where from, its conflicts and cancelled follow-ups."""
    if "outcomes_new" not in d:
        return [_("outcomes: {o}, follow-up events: {e}, changes of manager: {a}, erasures: {x}").format(
            o=d.get("outcomes", 0), e=d.get("followup_events", 0), a=d.get("assignments", 0), x=d.get("erasures", 0))]
    came = [_("terminal {terminal}").format(terminal=_short(d["source_terminal"]))] if d.get("source_terminal") \
        else []
    return [*came,
            _("new outcomes: {o}, follow-up events: {e}, changes of manager: {a}, erasures: {x}").format(
                o=d["outcomes_new"], e=d.get("events_new", 0), a=d.get("assignments_new", 0),
                x=d.get("erasures_new", 0)),
            _("conflicts: {n}; follow-ups cancelled: {c}").format(n=d.get("conflicts", 0),
                                                                   c=len(d.get("followups_cancelled") or ()))]


def _backup(d: dict, names: _Names) -> str:
    """A backup's size and the terminal it was taken of."""
    said = [file_size(d["bytes"])] if isinstance(d.get("bytes"), int) else []
    if d.get("terminal_id"):
        said.append(_("terminal {terminal}").format(terminal=_short(d["terminal_id"])))
    return _("; ").join(said)


def _restore(d: dict, names: _Names) -> str:
    """Which terminal the backup was taken of and when (or its latest entry, for a copy that does not say), the
    terminal id the database has now, and the name the database as it was is kept under."""
    terminal = _short(d.get("backup_terminal") or "")
    if d.get("taken_at"):
        said = [_("backup of terminal {terminal} taken {at}").format(terminal=terminal,
                                                                     at=to_the_minute(d["taken_at"]))]
    else:
        said = [_("copy of terminal {terminal}, latest entry {at}").format(
            terminal=terminal, at=to_the_minute(d.get("latest_entry")) or _("(none)"))]
    said.append(_("new terminal id {terminal}").format(terminal=_short(d.get("terminal_id") or "")))
    said.append(_("the database as it was kept as {file}").format(file=d["kept_as"]) if d.get("kept_as") else
                _("no database was in its place"))
    return _("; ").join(said)


def _short(terminal: str) -> str:
    """A terminal id by its first characters, as the bundle sentences name it, marked as cut (the whole id is in
    --json)."""
    return short_terminal(terminal) + "…" if len(terminal) > SHORT_TERMINAL else terminal


_WORDS = {"outcome": _outcome, "do_not_call_lifted": _lifted, "erase": _erase, "reassign": _reassign,
          "backup": _backup, "restore": _restore,
          "hand_over": _hand_over, "refusal": _refusal, "staff_add": _staff_add, "staff_change": _change,
          "branch_change": _branch_change,
          "setting": _setting, "campaigns_import": _campaigns, "bundle_assignments": _assignments, "terminal_id_changed": _moved, "import": _file, "export": _file,
          "phone_reveal": lambda d, names: "", "access_request": lambda d, names: "",
          "pin_set": lambda d, names: "", "pin_clear": lambda d, names: "", "pin_wrong": _pin_try, "pin_locked": _pin_try}
