"""Where the interface is English and head office gave a campaign's English title (title_en), the report's funnel per
campaign, `campaigns list` and `import`, and the outcome export's Campaign column name it so, as the card and the
agenda do; in Chinese, or without one, head office's Chinese title stays."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_campaign_funnel import week
from test_export_campaigns import NOW, export, rows_of
from workbench import campaigns
from workbench.i18n import set_language
from workbench.sync.campaign_funnel import campaign_funnels
from workbench.sync.funnel import period
from workbench.sync.report import build_report

ENGLISH = "Certificate of deposit offer"
TITLES = {"en": f"CD1 {ENGLISH}", "zh_CN": "CD1 大额存单限时发行"}


@pytest.fixture
def told(conn):
    """week()'s campaigns, CD1 given an English title and offer by head office, PTS none."""
    week(conn)
    cd1 = campaigns.get(conn, "CD1")
    campaigns.save(conn, [dataclasses.replace(cd1, title_en=ENGLISH, offer_en="2.15% a year, from 200,000 yuan.")],
                   at=datetime.fromisoformat(NOW), by_id="S1")
    return conn


def run(cli, db_path, lang, *args):
    done = cli("--db", db_path, "--user", "S1", "--lang", lang, "--now", NOW, *args)
    assert done.exit_code == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_report_names_a_campaign_by_its_title_in_the_report_language(told, db_path, cli, lang):
    labels = [row["label"] for row in json.loads(run(cli, db_path, lang, "report", "--json"))["by_campaign"]]
    assert labels == [TITLES[lang], "PTS 大额存单限时发行"]
    assert TITLES[lang] in run(cli, db_path, lang, "report")
    assert [f.label for f in campaign_funnels(told, period(None, None), lang=lang)] == labels
    set_language("zh_CN" if lang == "en" else "en")   # the app's report in its own language, whatever the process's
    built = build_report(told, today=date(2026, 12, 31), lang=lang)
    assert [f.label for f in built.by_campaign] == labels


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_campaigns_list_and_import_name_a_campaign_by_its_title_in_the_interface_language(told, db_path, cli, tmp_path,
                                                                                          lang):
    listed = run(cli, db_path, lang, "campaigns", "list", "--all")
    assert TITLES[lang].replace(" ", "  ", 1) in listed and "PTS  大额存单限时发行" in listed
    hq = tmp_path / "hq.toml"
    hq.write_text('[[campaign]]\nid = "FX"\ntitle = "外汇牌价优惠"\noffer = "购汇优惠。"\ntitle_en = "Foreign exchange'
                  ' offer"\noffer_en = "Better rates."\nstarts_on = 2026-12-01\nends_on = 2026-12-31\nchannel = "phone"\n',
                  encoding="utf-8")
    imported = run(cli, db_path, lang, "campaigns", "import", str(hq))
    assert imported.rstrip().endswith("Foreign exchange offer" if lang == "en" else "外汇牌价优惠")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_export_names_a_campaign_by_its_title_in_the_export_language(told, db_path, cli, tmp_path, lang):
    export(cli, db_path, tmp_path / "o.csv", "--campaign", "CD1", lang=lang)
    _header, *rows = rows_of(tmp_path / "o.csv")
    assert rows and {row["campaign_label"] for row in rows} == {TITLES[lang].removeprefix("CD1 ")}
