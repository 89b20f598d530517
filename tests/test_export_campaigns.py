"""The outcome export says which of head office's campaigns each contact counts for, as the report's funnel per
campaign counts it, so head office can measure a campaign from the terminals' exports; --campaign keeps one's rows."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest
from python_calamine import CalamineWorkbook

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_campaign_funnel import at, give, launch, week
from workbench import campaigns
from workbench.outcomes import log_outcome
from workbench.sync.campaign_funnel import campaign_funnels
from workbench.sync.export import COLUMNS
from workbench.sync.funnel import period

KEYS = [key for key, _title, _width in COLUMNS]
NOW = "2026-12-31T18:00:00"


def rows_of(path) -> list[dict]:
    """The export's rows by key: a CSV's, or a workbook's first sheet's."""
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
    else:
        table = [[str(v) for v in row] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()]
    return [dict(zip(KEYS, row)) for row in table]


def export(cli, db_path, out, *args, lang: str = "en"):
    r = cli("--db", db_path, "--user", "S1", "--lang", lang, "--now", NOW, "export", "outcomes", "--out", out, *args)
    assert r.exit_code == 0, r.stderr
    return r


@pytest.mark.parametrize("name, lang, headings", [("o.csv", "zh_CN", ("营销活动代码", "营销活动")),
                                                  ("o.xlsx", "en", ("Campaign code", "Campaign"))])
def test_each_contact_carries_the_campaigns_it_counts_for_as_the_report_counts_them(conn, db_path, tmp_path, cli,
                                                                                      name, lang, headings):
    week(conn)
    export(cli, db_path, tmp_path / name, lang=lang)
    header, *rows = rows_of(tmp_path / name)
    assert (header["campaign"], header["campaign_label"]) == headings
    counted = [row for row in rows if row["campaign"]]
    assert {(row["campaign"], row["campaign_label"]) for row in counted} == {("CD1", "大额存单限时发行")}
    # The funnel's figures, from the file: the contacts, the customers, and those that got to an appointment.
    (cd1, _pts) = campaign_funnels(conn, period(None, None))
    assert (len(counted), len({row["customer_id"] for row in counted})) == (cd1.calls, cd1.dialled) == (4, 2)
    assert len({row["customer_id"] for row in counted if row["business_outcome"] == "appointment"}) == cd1.appointment
    by_time = {(row["customer_id"], row["at"][:16].replace(" ", "T")): row["campaign"] for row in rows}
    assert by_time[("C1", "2026-11-28T10:00")] == ""   # before the notice
    assert by_time[("C2", "2026-12-10T10:00")] == ""   # the notice long closed, nothing booked
    assert by_time[("C4", "2026-12-01T10:00")] == ""   # never told
    # A corrected entry counts for nothing, as in the report; its correction counts.
    corrected = [row["campaign"] for row in rows if row["customer_id"] == "C2" and row["at"].startswith("2026-12-01")]
    assert sorted(corrected) == ["", "CD1"]


def test_a_contact_counting_for_two_campaigns_names_both(conn, db_path, tmp_path, cli):
    # A text answers every notice of its channel; a call only the one it told, so it counts for one campaign.
    launch(conn, "CD1", channel="sms")
    campaigns.save(conn, [campaigns.Campaign("FX", "外汇牌价优惠", "购汇优惠。", datetime(2026, 11, 25).date(),
                                             datetime(2026, 12, 20).date(), "sms")], at=at(1, 8), by_id="S1")
    give(conn, "CD1", "C1")
    give(conn, "FX", "C1")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="interested",
                at=at(1, 10), channel="sms", rescore=False)
    export(cli, db_path, tmp_path / "two.csv", lang="zh_CN")
    export(cli, db_path, tmp_path / "two.jsonl")
    (row,) = rows_of(tmp_path / "two.csv")[1:]
    assert (row["campaign"], row["campaign_label"]) == ("CD1 FX", "大额存单限时发行、外汇牌价优惠")
    (entry,) = [json.loads(line) for line in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["campaign"], entry["campaign_label"]) == ("CD1 FX", "大额存单限时发行, 外汇牌价优惠")
    conn.execute("DELETE FROM campaigns WHERE campaign_id = 'FX'")   # a campaign not imported here: its id
    export(cli, db_path, tmp_path / "two.csv", "--force", lang="zh_CN")
    assert rows_of(tmp_path / "two.csv")[1]["campaign_label"] == "大额存单限时发行、FX"


def test_campaign_keeps_the_rows_of_one_campaign(conn, db_path, tmp_path, cli):
    week(conn)
    r = export(cli, db_path, tmp_path / "cd1.csv", "--campaign", "CD1", "--since", "2026-12-01")
    rows = rows_of(tmp_path / "cd1.csv")[1:]
    assert [row["campaign"] for row in rows] == ["CD1"] * 4 and "Wrote 4 outcomes" in r.stdout
    export(cli, db_path, tmp_path / "pts.csv", "--campaign", "PTS")   # notices sent, no contact behind them
    assert rows_of(tmp_path / "pts.csv")[1:] == []
    detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq LIMIT 1")
                        .fetchone()[0])
    assert detail["campaign"] == "CD1"


@pytest.mark.parametrize("lang, words", [("en", "No campaign NOPE here"), ("zh_CN", "本终端没有活动 NOPE")])
def test_an_unknown_campaign_is_refused_in_one_sentence_and_nothing_is_written(conn, db_path, tmp_path, cli,
                                                                               lang, words):
    week(conn)
    out = tmp_path / "x.csv"
    r = cli("--db", db_path, "--user", "S1", "--lang", lang, "--now", NOW, "export", "outcomes", "--out", out,
            "--campaign", "NOPE")
    assert r.exit_code == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()
