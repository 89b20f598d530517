"""`pool list` at any width: no number is ever cut (156.0 came out as 156. at 60 columns, as 1 at 56); the branch
gives way first, folding, then the tier and the branch are left out with a line saying so, and past that the
numbers go on in a further table under the customer's number again, as the report's funnels do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui_fixtures import sample_copy
from workbench.priority import shown

NOW = ("--now", "2026-11-20T10:00:00")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return sample_copy(tmp_path_factory.mktemp("pool"))


def _listed(cli, sample, lang: str, *args: str) -> str:
    result = cli("--db", sample, *NOW, "--user", "S001", "--lang", lang, "pool", "list", "--limit", "8", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("columns", [120, 80, 70, 60, 56, 50, 44, 40])
def test_every_number_is_whole_at_every_width(cli, sample, monkeypatch, lang, columns):
    customers = json.loads(_listed(cli, sample, lang, "--json"))["customers"]
    monkeypatch.setenv("COLUMNS", str(columns))
    text = _listed(cli, sample, lang)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    rows = [line.split() for line in lines if line.split()[:1] and line.split()[0].isdigit()]
    for customer in customers:
        figures = [f"{customer['aum_fen'] / 100:,.0f}", shown(customer["priority"])]
        if customer["lead"]:
            figures.append(f"{customer['lead']['score']:g}")
        on_its_rows = [cell for row in rows if row[0] == customer["customer_id"] for cell in row]
        assert all(figure in on_its_rows for figure in figures), (customer["customer_id"], figures, text)
    heading = next(line for line in lines if line.split()[:1] in (["Customer"], ["客户"]))
    shown_all = all(name in heading for name in (("档位", "网点") if lang == "zh_CN" else ("Tier", "Branch")))
    said = [line for line in lines if line.startswith(("Not shown at this width", "此宽度下未显示"))]
    assert bool(said) != shown_all   # a column left out is said to be


def test_the_tier_goes_before_the_branch_and_each_is_named(cli, sample, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    text = _listed(cli, sample, "en")
    assert "Branch" in text and "Tier" not in text.split("Not shown")[0]
    assert "Not shown at this width: Tier; a wider terminal shows them, as does --json." in " ".join(text.split())
    monkeypatch.setenv("COLUMNS", "56")
    zh = _listed(cli, sample, "zh_CN")
    assert "此宽度下未显示：档位、网点；加宽终端窗口或用--json可以看到。" in "".join(zh.split()) and "优先级" in zh and "意向分" in zh
    monkeypatch.setenv("COLUMNS", "44")
    narrow = _listed(cli, sample, "en")
    assert "Unassigned pool: 8 of 33 (continued)" in narrow


def test_at_80_columns_everything_is_shown(cli, sample, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for lang, headings in (("en", ("Branch", "Tier", "Assets (yuan)", "Priority", "Lead")),
                           ("zh_CN", ("网点", "档位", "资产（元）", "优先级", "意向分"))):
        text = _listed(cli, sample, lang)
        assert all(heading in text for heading in headings) and "Not shown" not in text and "未显示" not in text
