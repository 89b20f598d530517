"""CLI commands: the unassigned pool a supervisor sees and assigns (`workbench pool list|assign`)."""

from __future__ import annotations

import json
from typing import List, Optional

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench import tiers
from workbench.cli.base import app, at_least_one, name_cells, state
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, get_language, ngettext
from workbench.text_wrap import shown_name, typeset

pool_app = typer.Typer(help="The unassigned pool: customers no manager looks after (supervisors).")
app.add_typer(pool_app, name="pool")


def _supervisor(ctx: typer.Context, action: str):
    """(database, now, the supervisor acting)."""
    cli = state(ctx)
    db = cli.open()
    return db, cli.now(), cli.supervisor(db, action)


@pool_app.command("list")
def pool_list(
    ctx: typer.Context,
    branch: Optional[str] = typer.Option(None, "--branch", help="Only this branch's pool."),
    limit: int = typer.Option(50, "--limit", help="At most this many customers: warm leads, then the highest priority."),
    page: int = typer.Option(1, "--page", help="Which page of --limit customers: 2 lists the next ones."),
    as_json: bool = typer.Option(False, "--json", help="Print the customers as JSON."),
) -> None:
    """The pool, warm leads first, then the highest priority: who should get a manager soonest."""
    from workbench.pool import lead_cell, leads_first, page_title, pool_size
    from workbench.priority import shown
    from workbench.settings import load_settings
    from workbench.staffing import check_branch

    at_least_one("--limit", limit)
    at_least_one("--page", page)
    db, now, _staff = _supervisor(ctx, N_("see the unassigned pool"))
    check_branch(db.conn, branch)   # a mistyped branch is named, not listed as an empty pool on any page
    offset, total = (page - 1) * limit, pool_size(db.conn, branch)
    if offset and offset >= total:   # said in either output, before the page is looked for
        pages = -(-total // limit)
        raise WorkbenchError(ngettext("The pool fills {pages} page of {limit} ({total} waiting); there is no page {page}.",
                                      "The pool fills {pages} pages of {limit} ({total} waiting); there is no page {page}.",
                                      pages).format(total=f"{total:,}", pages=f"{pages:,}", page=page, limit=limit))
    entries, leads = leads_first(db.conn, now.date(), branch_id=branch, limit=limit, offset=offset)
    lines = {b: load_settings(db.conn, b)["tiers.lines_fen"] for b in {e.branch_id for e in entries}}
    if as_json:
        typer.echo(json.dumps({"total": total, "offset": offset, "customers": [
            {**e.__dict__, "tier_name": tiers.tier_name(e.tier or 0, lines[e.branch_id]),
             "lead": leads[e.customer_id].as_dict() if e.customer_id in leads else None} for e in entries]},
            ensure_ascii=False, indent=2))
        return
    console = Console()
    table = Table(title=page_title(len(entries), total, len(leads), offset), box=box.SIMPLE_HEAD, pad_edge=False)
    rows = [(e.customer_id, shown_name(e.name), e.branch_name or e.branch_id or "", tiers.tier_name(e.tier or 0, lines[e.branch_id]),
             f"{e.aum_fen / 100:,.0f}", shown(e.priority),
             lead_cell(leads, e.customer_id)) for e in entries]
    # Branch names may wrap; numbers and codes keep their width (one split over two lines is misread), and so
    # do names up to name_cells, past which they are cut.
    for i, (heading, justify) in enumerate((("Customer", "left"), ("Name", "left"), ("Branch", "left"),
                                            ("Tier", "left"), ("Assets (yuan)", "right"), ("Priority", "right"),
                                            ("Lead", "right"))):
        keep = 0 if i == 2 else max((cell_len(cell) for cell in (_(heading), *(row[i] for row in rows))), default=0)
        if i == 1:
            table.add_column(_(heading), min_width=min(keep, name_cells(console.width)),
                             max_width=name_cells(console.width), no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(_(heading), justify=justify, min_width=keep)
    for row in rows:
        cells = [Text(cell) for cell in row]
        cells[2] = typeset(cells[2], get_language())   # a long branch name wraps as Chinese is typeset
        table.add_row(*cells)
    console.print(table)


@pool_app.command("assign")
def pool_assign(
    ctx: typer.Context,
    customers: List[str] = typer.Argument(..., help="Customer numbers from the pool."),
    to: str = typer.Option(..., "--to", help="Staff id of the manager who takes them."),
) -> None:
    """Give customers of the pool to a manager (their pending follow-ups move along), all or none."""
    from workbench.branches import another_branch_note
    from workbench.pool import assign

    db, now, staff = _supervisor(ctx, N_("assign customers from the pool"))
    to = state(ctx).staff_id(db, to)   # m002 is M002, as --user is
    moved = assign(db.conn, customers, to, at=now, by_id=staff.staff_id)
    n, m = len(dict.fromkeys(customers)), len(moved)
    said = (_("{n} customer now belongs to {manager}.") if n == 1 else _("{n} customers now belong to {manager}."))
    said = said.format(n=n, manager=to)
    if m:
        # One sentence after another: a space between them in English, none after a Chinese 。.
        said = _("{first} {second}").format(first=said, second=(
            _("{n} follow-up moved along.") if m == 1 else _("{n} follow-ups moved along.")).format(n=m))
    typer.echo(said)
    for customer_id in dict.fromkeys(customers):   # as `reassign` says it: a customer of another branch's manager now
        note = another_branch_note(db.conn, customer_id, to)
        if note is not None:
            typer.echo(note, err=True)
