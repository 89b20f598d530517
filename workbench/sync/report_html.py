"""The report as one self-contained HTML page: inline CSS and inline SVG charts, nothing fetched.

Every piece of customer, manager or script text is HTML-escaped; the page can be emailed as is.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from workbench.i18n import N_, gettext
from workbench.sync.files import atomic_path, may_replace
from workbench.sync.campaign_funnel import CampaignFunnel
from workbench.sync.funnel import (CONFIRMED_NOTE, FUNNEL_UNITS, STAGE_TITLES, Funnel, column_titles, figures,
                                   percent, stage_values)
from workbench.sync.report import Report, followup_counts
from workbench.sync.why_not import by_step

CSS = """
body{font-family:-apple-system,"Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eee}
th{text-align:left;background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:12px;fill:#333}.bar{fill:#3b73b9}.bar2{fill:#e39b2d}p.note{color:#555;font-size:.9em}
"""


def _bars(rows: list[tuple[str, float, str]], *, css: str = "bar", width: int = 520) -> str:
    """A horizontal bar chart: (label, value, value text) per bar, scaled to the largest value."""
    top = max((v for _l, v, _t in rows), default=0) or 1
    label_w, bar_w, h = 170, width - 170 - 60, 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h * len(rows) + 4}" role="img">']
    for i, (text, value, shown) in enumerate(rows):
        y = i * h + 2
        length = round(bar_w * value / top)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(text)}</text>'
                     f'<rect class="{css}" x="{label_w}" y="{y + 3}" width="{length}" height="{h - 6}"/>'
                     f'<text x="{label_w + length + 4}" y="{y + 15}">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _columns(rows: list[tuple[str, float, str]], *, height: int = 160) -> str:
    """A column chart (hours of the day): (label, value 0..1, tooltip) per column."""
    col_w = 26
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{col_w * len(rows) + 10}" height="{height + 40}" role="img">']
    for i, (text, value, tip) in enumerate(rows):
        x = i * col_w + 5
        length = round(height * value)
        parts.append(f'<rect class="bar" x="{x}" y="{height - length + 5}" width="{col_w - 6}" height="{length}">'
                     f'<title>{escape(tip)}</title></rect>'
                     f'<text x="{x + (col_w - 6) / 2}" y="{height + 22}" text-anchor="middle">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _funnel_table(funnels: list[Funnel], lang: str | None, kind: type[Funnel] = Funnel) -> str:
    _ = lambda msg: gettext(msg, lang)  # noqa: E731
    head = "".join(f"<th>{escape(_(title))}</th>" for title in column_titles(kind))
    rows = [f"<tr><th></th>{head}</tr>"]
    for f in funnels:
        cells = "".join(f'<td class="n">{escape(value)}</td>' for value in figures(f))
        rows.append(f'<tr><td>{escape(f.label)}</td>{cells}</tr>')
    return "<table>" + "".join(rows) + "</table>"


def _why_not_table(report: Report, lang: str | None) -> str:
    _ = lambda msg: gettext(msg, lang)  # noqa: E731
    rows = [f"<tr><th>{escape(_('Stopped at'))}</th><th>{escape(_('Why'))}</th><th>{escape(_('Customers'))}</th></tr>"]
    for title, group in by_step(report.why_not, lang):
        for i, w in enumerate(group):
            rows.append(f"<tr><td>{escape(title) if i == 0 else ''}</td><td>{escape(w.label)}</td>"
                        f'<td class="n">{w.count}</td></tr>')
    return "<table>" + "".join(rows) + "</table>"


def render_html(report: Report, lang: str | None = None) -> str:
    _ = lambda msg: gettext(msg, lang)  # noqa: E731
    heading = escape(report.heading(lang))
    total = report.total

    def section(title: str, rows: list, part) -> tuple[str, str]:
        """A section's heading and its part(rows), or the sentence the app and the terminal say when it has no rows."""
        shown = part(rows) if rows else f'<p>{escape(_("Nothing in this period."))}</p>'
        return f"<h2>{escape(title)}</h2>", shown

    body = [
        f"<h1>{heading}</h1>",
        f"<h2>{escape(_('Funnel'))}</h2>",
        _bars([(_(STAGE_TITLES[s]), v, str(v)) for s, v in stage_values(total)]),
        f'<p class="note">{escape(_(CONFIRMED_NOTE))}</p>',
        f"<h2>{escape(_('Funnel per manager'))}</h2>", _funnel_table([total, *report.by_manager], lang),
        f'<p class="note">{escape(_(FUNNEL_UNITS))}</p>',
        *section(_("Funnel per segment"), report.by_segment, lambda rows: _funnel_table(rows, lang)),
        *section(_("Funnel per script"), report.by_script, lambda rows: _funnel_table(rows, lang)),
        *((f"<h2>{escape(_('Funnel per campaign'))}</h2>", _funnel_table(report.by_campaign, lang, CampaignFunnel))
          if report.by_campaign else ()),
        *section(_("Phone calls answered by hour of day"), [
            (f"{h.hour:02d}", h.answer_rate, f"{h.hour:02d}:00 {h.answered}/{h.calls} {percent(h.answered, h.calls)}")
            for h in report.by_hour], _columns),
        *section(_("Why not, at each step"), report.why_not, lambda rows: _why_not_table(report, lang)),
        *section(_("Dormancy reasons"), [(r.label, r.count, str(r.count)) for r in report.reasons],
                 lambda rows: _bars(rows, css="bar2")),
        f"<h2>{escape(_('Follow-ups'))}</h2>",
        _bars([(_(label), n, str(n)) for label, n in followup_counts(report)], css="bar2"),
    ]
    html_lang = "zh-CN" if lang == "zh_CN" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">{GENERATOR}'
            f"<title>{heading}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


# Said in every page's head, so that the next report to the same name knows it may replace it.
GENERATOR = '<meta name="generator" content="Branch Workbench outcome report">'


def is_report_page(path: Path) -> bool:
    """An earlier report page: our generator line, or (pages written before it) our style sheet, near the top."""
    with open(path, "rb") as fh:
        head = fh.read(16_384).decode("utf-8", errors="replace")
    return head.startswith("<!DOCTYPE html>") and (GENERATOR in head or f"<style>{CSS}</style>" in head)


def may_write_html(path: str | Path, *, force: bool = False) -> None:
    """Refuse, before the report is computed, to replace a file that is not an earlier report page, unless force."""
    may_replace(path, ours=is_report_page, kind=N_("outcome report page"), force=force)


def write_html(report: Report, path: str | Path, lang: str | None = None) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(render_html(report, lang), encoding="utf-8")
    return Path(path)
