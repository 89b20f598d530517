"""CLI commands: head office's campaigns (`workbench campaigns import|list`)."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

import typer
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from workbench.cli.base import app, echo_json, state
from workbench.codes import label
from workbench.i18n import N_, _, get_language, join_list, ngettext
from workbench.text_wrap import shown_name, typeset

campaigns_app = typer.Typer(help="Head office's campaigns: new products and offers to tell the customers they target.")
app.add_typer(campaigns_app, name="campaigns")


@campaigns_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=r"The campaigns file head office sent (TOML, \[\[campaign]] entries)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the file and say what would change; change nothing."),
) -> None:
    """Add head office's campaigns, or replace those already here by id, all or none (supervisors)."""
    from workbench import campaigns

    cli = state(ctx)
    db = cli.open()
    found = campaigns.read_file(file)   # a bad file is refused before anyone is asked who they are
    staff = cli.supervisor(db, N_("import campaigns"))
    saved = campaigns.save(db.conn, found, at=cli.now(), by_id=staff.staff_id, source=file.name, dry_run=dry_run)
    said = (_("Campaigns in {file}: {added} would be added, {changed} changed, {same} unchanged (dry run: nothing"
              " was changed).") if dry_run else
            _("Campaigns in {file}: {added} added, {changed} changed, {same} unchanged."))
    typer.echo(said.format(file=file.name, added=len(saved.added), changed=len(saved.changed),
                           same=len(saved.unchanged)))
    today = cli.now().date()
    for campaign in found:
        typer.echo(f"  {campaign.campaign_id}  {campaign.starts_on} – {campaign.ends_on}"
                   f"  {campaign.title_in(get_language())}")
        cancelled = saved.cancelled.get(campaign.campaign_id, [])
        suiting = campaigns.suitability(db.conn, campaign, today)
        if suiting is not None:   # those cancelled (a dry run's too) are not left to cancel
            suiting = replace(suiting, unsuited_notices=[f for f in suiting.unsuited_notices if f not in cancelled])
        for line in [*suitability_lines(campaign, suiting), *cancelled_lines(cancelled, dry_run)]:
            typer.echo(f"    {line}")


def cancelled_lines(cancelled: list[str], dry_run: bool) -> list[str]:
    """What an import did (or, dry run, would do) to a campaign's open notices to customers its product does not suit,
    when it gave or raised the product's risk level: cancelled them (campaigns.save)."""
    from workbench.followups import SHORT_ID

    if not cancelled:
        return []
    said = (ngettext("{n} open notice to a customer its product does not suit would be cancelled: {ids}.",
                     "{n} open notices to customers its product does not suit would be cancelled: {ids}.",
                     len(cancelled)) if dry_run else
            ngettext("{n} open notice to a customer its product does not suit was cancelled: {ids}.",
                     "{n} open notices to customers its product does not suit were cancelled: {ids}.", len(cancelled)))
    return [said.format(n=f"{len(cancelled):,}", ids=join_list(f[:SHORT_ID] for f in cancelled))]


# How many of the customers whose risk level cannot be read suitability_lines names by that level, the most first.
_UNREADABLE_SHOWN = 5


def suitability_lines(campaign, found) -> list[str]:
    """Whom a campaign's product risk leaves out, and its open notices to customers it does not suit
    (campaigns.Suitability found; none for a campaign without a product risk)."""
    from workbench.campaigns import risk_name
    from workbench.followups import SHORT_ID

    if found is None:
        return []
    risk = risk_name(campaign.product_risk)
    out = []
    why = [_("{n} assessed below {risk}").format(n=f"{found.below:,}", risk=risk)] if found.below else []
    if found.unknown:
        why.append(_("{n} with no risk level on record").format(n=f"{found.unknown:,}"))
    if found.unreadable:
        values = sorted(found.unreadable.items(), key=lambda item: (-item[1], item[0]))
        named = [f"{shown_name(repr(value))} ({n:,})" for value, n in values[:_UNREADABLE_SHOWN]]
        out_of = [_("{n} more").format(n=len(values) - _UNREADABLE_SHOWN)] if len(values) > _UNREADABLE_SHOWN else []
        why.append(_("{n} whose risk level cannot be read: {values}").format(
            n=f"{sum(found.unreadable.values()):,}", values=join_list([*named, *out_of])))
    words = {"suited": f"{found.suited:,}", "reached": f"{found.reached:,}", "risk": risk}
    if why:
        out.append(ngettext("Product risk {risk}: suits {suited} of the {reached} customer it reaches otherwise; left"
                            " out: {why}.", "Product risk {risk}: suits {suited} of the {reached} customers it reaches"
                            " otherwise; left out: {why}.", found.reached).format(**words, why=join_list(why)))
    else:
        out.append(_("Product risk {risk}: suits every customer it reaches otherwise ({reached}).").format(**words))
    if notices := found.unsuited_notices:
        out.append(ngettext("{n} open notice goes to a customer its product does not suit: cancel it (`workbench"
                            " followup cancel ID`): {ids}.", "{n} open notices go to customers its product does not"
                            " suit: cancel them (`workbench followup cancel ID`): {ids}.", len(notices)).format(
            n=f"{len(notices):,}", ids=join_list(f[:SHORT_ID] for f in notices)))
    return out


@campaigns_app.command("list")
def list_cmd(
    ctx: typer.Context,
    everything: bool = typer.Option(False, "--all", help="Ended campaigns too."),
    as_json: bool = typer.Option(False, "--json", help="Print the campaigns as JSON."),
) -> None:
    """The campaigns running or to come, whom each is for, its notices and what came of them."""
    from workbench import campaigns
    from workbench.settings import settings_by_branch
    from workbench.sync.campaign_funnel import CampaignFunnel, campaign_funnels
    from workbench.sync.funnel import period

    cli = state(ctx)
    db = cli.open()
    today = cli.now().date()
    shown = [c for c in campaigns.stored(db.conn) if everything or c.ends_on >= today]
    found = {f.key: f for f in campaign_funnels(db.conn, period(None, None))}
    funnels = {c.campaign_id: found.get(c.campaign_id) or CampaignFunnel(c.campaign_id, c.campaign_id) for c in shown}
    suiting = {c.campaign_id: campaigns.suitability(db.conn, c, today) for c in shown}
    if as_json:   # the funnel without its key and label, which the campaign's own fields say
        echo_json([{**c.as_dict(), "funnel": {k: v for k, v in funnels[c.campaign_id].as_dict().items()
                                               if k not in ("key", "label")},
                    "suitability": suited.as_dict() if (suited := suiting[c.campaign_id]) else None} for c in shown])
        return
    if not shown:
        typer.echo(_("No campaigns.") if everything else _("No campaigns running or to come (--all shows ended ones)."))
        return
    for_branch = settings_by_branch(db.conn)   # each branch's settings read once, for the tier names and the tops
    tops = campaigns.top_tiers(db.conn, shown, for_branch)
    console = Console(highlight=False)
    for c in shown:   # a block each: titles and targets are long, and a table's columns would cut them
        f = funnels[c.campaign_id]
        runs = f"{c.starts_on:%m-%d} – {c.ends_on:%m-%d}" if c.starts_on.year == c.ends_on.year == today.year \
            else f"{c.starts_on} – {c.ends_on}"
        # Its title in the interface's language; shown_name for one stored before titles were checked.
        console.print(Text.assemble((c.campaign_id, "bold"), "  ", shown_name(c.title_in(get_language()))))
        whom = campaigns.describe(c, for_branch(c.branch_id)["tiers.lines_fen"], tops[c.campaign_id])
        # Open notices of a campaign that is over can be told to no one: the managers' agendas keep them to cancel.
        # Every notice is accounted for: given = open + done + cancelled.
        if campaigns.ended(c.ends_on, today):
            notices = _("Notices: {notices} given, {done} done, {cancelled} cancelled; {open} still open though the"
                        " campaign is over: never told, they wait on the managers' agendas to be cancelled") \
                if f.open else _("Notices: {notices} given, {done} done, {cancelled} cancelled")
        else:
            notices = _("Notices: {notices} given, {open} open, {done} done, {cancelled} cancelled") if f.cancelled \
                else _("Notices: {notices} given, {open} open, {done} done")
        lines = [" · ".join((runs, label(c.channel), whom)),
                 notices.format(notices=f.notices, open=f.open, done=f.done, cancelled=f.cancelled)]
        if f.dialled:
            lines.append(_("Then: {dialled} dialled, {reached} reached, {interested} interested, {appointment} with an"
                           " appointment, {reactivated} reactivated ({confirmed} confirmed by head office)")
                         .format(**asdict(f)))
        lines += suitability_lines(c, suiting[c.campaign_id])
        for line in lines:   # indented under the title, a wrapped line too
            console.print(Padding(typeset(Text(line), get_language(), clauses=True), (0, 0, 0, 2), expand=False))

