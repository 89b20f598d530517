"""The text report fits the terminal it is printed in: at 80, 100 and 120 columns no line is wider, and every
figure the JSON report gives is still somewhere in the text (a funnel too wide goes on in further tables of its
other columns, under its title and "(continued)"); a file or a pipe gets every table whole, as before."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui_fixtures import sample_copy
from workbench.i18n import gettext
from workbench.sync.funnel import CONFIRMED_NOTE, FUNNEL_UNITS
from workbench.sync.report import build_report, render_text

NOW = ("--now", "2026-11-20T18:00:00")
SINCE = ("--since", "2026-11-01")
FUNNELS = {"by_manager": "Funnel per manager", "by_segment": "Funnel per segment", "by_script": "Funnel per script",
           "by_campaign": "Funnel per campaign"}
STAGES = ("calls", "dialled", "reached", "interested", "appointment", "reactivated", "confirmed")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the repository's sample branch: eight managers, nine segments, two campaigns, a month of calls."""
    return sample_copy(tmp_path_factory.mktemp("width"))


def run(cli, path: Path, lang: str, *args: str) -> str:
    r = cli("--db", path, *NOW, "--lang", lang, "--user", "S001", "report", *SINCE, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """(title, rows of cells) of each table printed; a row whose last figure is blank carries on the cells of the
    row above (a label, or a "why not" reason, wrapped over two lines)."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith("┏"):
            found.append((lines[i - 1].strip(), []))
        elif line.startswith("│"):
            cells = [cell.strip() for cell in line.split("│")[1:-1]]
            rows = found[-1][1]
            if rows and not cells[-1]:
                rows[-1] = [f"{above} {cell}" if cell else above for above, cell in zip(rows[-1], cells)]
            else:
                rows.append(cells)
    return found


def squeezed(label: str) -> str:
    return re.sub(r"\s+", "", label)


def half_up(part: int, whole: int) -> str:
    """A rate as the report shows it: a whole percentage, a half rounded up."""
    return f"{(Decimal(100) * part / whole).quantize(Decimal(1), ROUND_HALF_UP)}%"


def funnel_figures(funnel: dict) -> list[str]:
    """A funnel's figures as the text shows them, worked out from the JSON report's counts."""
    leading = [str(funnel[key]) for key in ("notices", "done") if key in funnel]
    rate = half_up(funnel["reached"], funnel["dialled"]) if funnel["dialled"] else "—"
    return [*leading, *(str(funnel[stage]) for stage in STAGES), rate]


def shown_funnels(found, title: str, lang: str) -> tuple[int, dict[str, list[str]]]:
    """How many tables a funnel took, and each label's figures from all of them, in order."""
    titles = {gettext(title, lang), gettext("{title} (continued)", lang).format(title=gettext(title, lang))}
    parts = [rows for name, rows in found if name in titles]
    figures: dict[str, list[str]] = {}
    for rows in parts:
        for label, *cells in rows:
            figures.setdefault(squeezed(label), []).extend(cells)
    return len(parts), figures


def check_everything_is_there(text: str, data: dict, lang: str) -> dict[str, int]:
    """Every figure of the JSON report is in the text, under its label; how many tables each funnel took."""
    found = tables(text)
    taken = {}
    for key, title in FUNNELS.items():
        funnels = ([data["total"]] if key == "by_manager" else []) + data[key]
        taken[key], shown = shown_funnels(found, title, lang)
        assert shown == {squeezed(f["label"]): funnel_figures(f) for f in funnels}, title
    by_title = dict(found)
    hours = by_title[gettext("Phone calls answered by hour of day", lang)]
    assert hours == [[f"{h['hour']:02d}:00", str(h["calls"]), str(h["answered"]),
                      half_up(h["answered"], h["calls"])] for h in data["by_hour"]]
    steps = by_title[gettext("Why not, at each step", lang)]
    assert [(squeezed(why), n) for _step, why, n in steps] == [(squeezed(w["label"]), str(w["count"]))
                                                              for w in data["why_not"]]
    reasons = by_title[gettext("Dormancy reasons", lang)]
    assert [(squeezed(r), n) for r, n in reasons] == [(squeezed(r["label"]), str(r["count"])) for r in data["reasons"]]
    tail = text[text.rindex("┘") + 1:]
    f = data["followups"]
    assert [int(n) for n in re.findall(r"[:：] ?(\d+)", tail)] == [
        f["due"], f["kept_on_time"], f["kept_late"], f["overdue"], f["due_today"], f["cancelled"]]
    return taken


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_report_fits_the_terminal_and_keeps_every_figure(cli, sample, monkeypatch, lang, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    text = run(cli, sample, lang)
    data = json.loads(run(cli, sample, lang, "--json"))
    assert data["by_campaign"] and len(data["by_manager"]) == 8   # the sample has every kind of funnel
    wide = [line for line in text.splitlines() if cell_len(line) > columns]
    assert not wide, "\n".join(wide)
    taken = check_everything_is_there(text, data, lang)
    if columns == 80:   # too narrow for any funnel whole
        assert min(taken.values()) > 1
    if columns == 120:   # the managers', segments' and scripts' funnels whole, as at full width
        assert (taken["by_manager"], taken["by_segment"], taken["by_script"]) == (1, 1, 1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_file_or_a_pipe_gets_every_funnel_whole(cli, sample, monkeypatch, lang):
    monkeypatch.delenv("COLUMNS", raising=False)   # and standard output is no terminal
    text = run(cli, sample, lang)
    taken = check_everything_is_there(text, json.loads(run(cli, sample, lang, "--json")), lang)
    assert set(taken.values()) == {1}
    assert max(cell_len(line) for line in text.splitlines()) > 120


def test_an_empty_section_says_so_once_however_narrow(fresh_db):
    text = render_text(build_report(fresh_db.conn, today=date(2026, 11, 20)), lang="en", width=80)
    assert text.count("Nothing in this period.") == 5   # segments, scripts, hours, why not, reasons
    assert "Funnel per segment (continued)" not in text and "Funnel per manager (continued)" in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_units_of_the_funnel_are_said_once_under_the_managers_funnel(cli, sample, monkeypatch, lang):
    """"Contacts 5135" beside "Contacted 1716" reads as a contradiction unless the table says what each counts."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = run(cli, sample, lang).splitlines()
    segments = next(i for i, line in enumerate(lines) if line.strip() == gettext("Funnel per segment", lang))
    end_of_managers = max(i for i, line in enumerate(lines[:segments]) if line.startswith("└"))
    said = lines[end_of_managers + 1:segments]
    assert said and all(cell_len(line) <= 80 for line in said)
    joined = " ".join(line.strip() for line in said)
    units = gettext(FUNNEL_UNITS, lang)
    notes = f"{units} {gettext(CONFIRMED_NOTE, lang)}"   # and what Confirmed by head office is, beside Reactivated
    assert (squeezed(joined) == squeezed(notes)) if lang == "zh_CN" else joined == notes
    assert cell_len(said[-1].strip()) > 2   # no line of a lone character
    assert squeezed("".join(lines)).count(squeezed(units)) == 1
