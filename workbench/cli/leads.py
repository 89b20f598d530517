"""CLI command: the warm leads (`workbench leads`), for a manager or, for a supervisor, every branch."""

from __future__ import annotations

from typing import Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.cli.base import app, echo_json, name_cells, state
from workbench.i18n import N_, _, get_language
from workbench.text_wrap import shown_name, typeset


@app.command("leads")
def leads_command(
    ctx: typer.Context,
    manager: Optional[str] = typer.Option(None, "--manager", help="Only this manager's leads (a manager sees only their own)."),
    booked: bool = typer.Option(False, "--booked", help="Also the warm leads a follow-up is pending for."),
    as_json: bool = typer.Option(False, "--json", help="Print the leads as JSON."),
) -> None:
    """Warm leads: customers whose signs of intent cross leads.threshold, the highest score first.
    Without --manager a supervisor sees every manager's and the unassigned pool's."""
    from workbench.leads import warm_leads

    cli = state(ctx)
    db = cli.open()
    manager = cli.staff_id(db, manager)
    staff = cli.acting_for(db, manager or cli.user, N_("read warm leads"))   # neither: "Say who is acting"
    if manager is None and not staff.is_supervisor:
        manager = staff.staff_id
    today = cli.now().date()
    found = warm_leads(db.conn, today, manager_id=manager, booked_too=booked)
    if as_json:
        echo_json({"date": today.isoformat(), "manager_id": manager, "leads": [w.as_dict(get_language()) for w in found]})
        return
    if not found:
        typer.echo(_("No warm leads.") if booked else _("No warm leads with nothing booked."))
        return
    console = Console()
    table = Table(title=_("Warm leads: {n}").format(n=len(found)), box=box.SIMPLE_HEAD, pad_edge=False)
    for heading in ("Customer", "Name", "Manager", "Score", "Signs", *(("Booked",) if booked else ())):
        # The signs wrap; folded, not cut with …, where Rich finds a word that just fits too long (tag 基金浏 …).
        table.add_column(_(heading), justify="right" if heading == "Score" else "left",
                         no_wrap=heading != "Signs", overflow="fold" if heading == "Signs" else "ellipsis",
                         max_width=name_cells(console.width) if heading == "Name" else None)
    for w in found:
        cells = [w.customer_id, shown_name(w.name), w.manager_name or w.manager_id or _("(pool)"), f"{w.lead.score:g}", w.lead.signs()]
        if booked:
            cells.append(_("yes") if w.booked else _("no"))
        cells = [Text(cell) for cell in cells]   # customer text is data
        cells[4] = typeset(cells[4], get_language(), clauses=True)   # signs, one after another
        table.add_row(*cells)
    console.print(table)
