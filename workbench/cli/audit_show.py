"""`workbench audit show`: the audit log in the interface language, newest first (the codes stay in --json)."""

from __future__ import annotations

import json
import sqlite3

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.audit import Entry, refused_about
from workbench.codes import label
from workbench.dates import to_the_minute
from workbench.i18n import N_, _, join_list
from workbench.text_wrap import shown_name

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
    "setting": N_("setting changed"),
    "campaigns_import": N_("campaigns imported"),
    "import": N_("file imported"),
    "export": N_("file exported"),
    "bundle_assignments": N_("changes of manager from a bundle"),
    "terminal_id_changed": N_("terminal id changed"),
    "branch_change": N_("branch changed"),
}

# A refused action its caller (cli/engine.py) passes unmarked, for the catalogue; the others are marked where refused.
REFUSED = (N_("read the call list"),)


def show(conn: sqlite3.Connection, found: list[Entry]) -> None:
    """The entries as a table: time, who, what, whom it concerns, and the detail in words."""
    names = _Names(conn)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Time"), no_wrap=True)
    for heading in (_("Who"), _("What"), _("Subject"), _("Detail")):
        table.add_column(heading, overflow="fold")   # Chinese has no spaces to wrap at: folded, not cut
    for e in found:
        target = e.target()
        table.add_row(to_the_minute(e.at), names.staff(e.actor), _what(e), names.either(target) if target else Text(""),
                      Text(_detail(e, names)))
    Console().print(table)


def as_json(found: list[Entry]) -> str:
    """The entries as stored: codes, ids and detail, newest first."""
    return json.dumps([e.__dict__ for e in found], ensure_ascii=False, indent=2)


def _what(e: Entry) -> str:
    said = _(ACTIONS[e.action]) if e.action in ACTIONS else e.action
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
    """The entry's detail in words, for the actions whose detail is known; otherwise its JSON as stored."""
    d = e.detail
    words = _WORDS.get(e.action)
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
    shares = [_("{manager}: {n}").format(n=len(got), manager=_manager(names, who)) for who, got in
              (d.get("to") or {}).items()]
    if d.get("pool"):
        shares.append(_("{manager}: {n}").format(n=len(d["pool"]), manager=_manager(names, None)))
    return join_list(shares)


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


def _setting(d: dict, names: _Names) -> str:
    return _("{before} → {after}").format(before=_value(d.get("before")), after=_value(d.get("after")))


def _value(value) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _moved(d: dict, names: _Names) -> str:
    return _("{before} → {after}").format(before=_value(d.get("old")), after=_value(d.get("new")))


def _file(d: dict, names: _Names) -> str:
    """An import's or export's counts; then whether full phone numbers left, the period and whose entries."""
    if d.get("kind") == "bundle":
        said = [_("outcome bundle"), *_bundle_counts(d)]
    elif "rows" in d:
        said = [_("rows: {n}").format(n=d["rows"])]
    else:
        return ""
    if d.get("include_phone"):
        said.append(_("full phone numbers"))
    if d.get("since") or d.get("until"):
        said.append(f"{d.get('since') or ''} – {d.get('until') or ''}".strip())
    if d.get("manager"):
        said.append(_("manager: {manager}").format(manager=names.staff(d["manager"]).plain))
    return _("; ").join(said)


def _bundle_counts(d: dict) -> list[str]:
    """A bundle export's rows per table; an import's new rows, where from, its conflicts and cancelled follow-ups."""
    if "outcomes_new" not in d:
        return [_("outcomes: {o}, follow-up events: {e}, changes of manager: {a}, erasures: {x}").format(
            o=d.get("outcomes", 0), e=d.get("followup_events", 0), a=d.get("assignments", 0), x=d.get("erasures", 0))]
    came = [_("terminal {terminal}").format(terminal=d["source_terminal"])] if d.get("source_terminal") else []
    return [*came,
            _("new outcomes: {o}, follow-up events: {e}, changes of manager: {a}, erasures: {x}").format(
                o=d["outcomes_new"], e=d.get("events_new", 0), a=d.get("assignments_new", 0),
                x=d.get("erasures_new", 0)),
            _("conflicts: {n}; follow-ups cancelled: {c}").format(n=d.get("conflicts", 0),
                                                                   c=len(d.get("followups_cancelled") or ()))]


_WORDS = {"outcome": _outcome, "do_not_call_lifted": _lifted, "erase": _erase, "reassign": _reassign,
          "hand_over": _hand_over, "refusal": _refusal, "staff_add": _staff_add, "staff_change": _change,
          "branch_change": _change,
          "setting": _setting, "campaigns_import": _campaigns, "bundle_assignments": _assignments, "terminal_id_changed": _moved, "import": _file, "export": _file,
          "phone_reveal": lambda d, names: "", "access_request": lambda d, names: "",
          "pin_set": lambda d, names: "", "pin_clear": lambda d, names: ""}
