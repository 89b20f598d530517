"""CLI commands: the unassigned pool a supervisor sees and assigns (`workbench pool list|assign`)."""

from __future__ import annotations

from typing import List, Optional

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench import tiers
from workbench.cli.base import app, at_least_one, echo_json, name_cells, state
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, join_list, ngettext
from workbench.text_wrap import WrappedText, in_words, shown_name

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
        echo_json({"total": total, "offset": offset, "customers": [
            {**e.__dict__, "tier_name": tiers.tier_name(e.tier or 0, lines[e.branch_id]),
             "lead": leads[e.customer_id].as_dict() if e.customer_id in leads else None} for e in entries]})
        return
    console = Console()
    rows = [(e.customer_id, shown_name(e.name), e.branch_name or e.branch_id or "", tiers.tier_name(e.tier or 0, lines[e.branch_id]),
             f"{e.aum_fen / 100:,.0f}", shown(e.priority),
             lead_cell(leads, e.customer_id)) for e in entries]
    title = page_title(len(entries), total, len(leads), offset)
    least = [_least(i, rows, console.width) for i in range(len(_COLUMNS))]
    tables, left_out = _fitted(least, console.width)
    for k, shown_columns in enumerate(tables):
        if k:   # above the table, not its title: one as narrow as a number column would fold it line by line
            console.print(Text(_("{title} (continued)").format(title=title)))
        table = Table(title=None if k else title, box=box.SIMPLE_HEAD, pad_edge=False)
        for i in shown_columns:
            heading, justify = _COLUMNS[i]
            if i == _BRANCH:   # the one column that gives way: it folds (as Chinese is typeset, or between words)
                table.add_column(_(heading), justify=justify, min_width=least[i])
            else:   # codes, numbers and tiers whole (one split over two lines is misread); a name cut past its width
                table.add_column(_(heading), justify=justify, width=least[i], no_wrap=True,
                                 overflow="ellipsis" if i == _NAME else "fold")
        for row in rows:
            table.add_row(*(WrappedText(Text(row[i]), words=in_words()) if i == _BRANCH else Text(row[i])
                            for i in shown_columns))
        console.print(table)
    if left_out:
        console.print(WrappedText(Text(_("Not shown at this width: {columns}; a wider terminal shows them, as does"
                                         " --json.").format(columns=join_list([_(_COLUMNS[i][0]) for i in left_out]))),
                                  words=in_words()))


_COLUMNS = (("Customer", "left"), ("Name", "left"), ("Branch", "left"), ("Tier", "left"), ("Assets (yuan)", "right"),
            ("Priority", "right"), ("Lead", "right"))
_CUSTOMER, _NAME, _BRANCH, _TIER = 0, 1, 2, 3
BRANCH_CELLS = 8   # the least a branch's name folds to: 浦江银行 / 城东支行, two lines of four characters


def _least(i: int, rows: list[tuple], width: int) -> int:
    """The cells column i takes at the least: its widest cell or heading, a name no more than name_cells (cut past
    it), a branch's name folding down to BRANCH_CELLS."""
    widest = max((cell_len(cell) for cell in (_(_COLUMNS[i][0]), *(row[i] for row in rows))), default=0)
    if i == _NAME:
        return min(widest, name_cells(width))
    return min(widest, BRANCH_CELLS) if i == _BRANCH else widest


def _fitted(least: list[int], width: int) -> tuple[list[list[int]], list[int]]:
    """The columns each table shows, and those left out, so that no table is wider than width and no number is cut:
    the tier goes first (the assets say it), then the branch; past that the numbers go on in further tables, each
    with the customer's number again, as the report's funnels do."""
    def fits(columns: list[int]) -> bool:
        return sum(least[i] for i in columns) + 3 * len(columns) - 1 <= width   # a space and a rule between cells

    shown, left_out = list(range(len(least))), []
    for column in (_TIER, _BRANCH):
        if fits(shown):
            break
        shown.remove(column)
        left_out.append(column)
    tables, current = [], [_CUSTOMER, _NAME]
    for i in shown[2:]:
        if not fits([*current, i]) and len(current) > (1 if tables else 2):   # each table keeps at least one number
            tables.append(current)
            current = [_CUSTOMER]
        current.append(i)
    return [*tables, current], left_out


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
