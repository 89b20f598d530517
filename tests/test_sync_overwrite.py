"""An export never replaces a file that is not an earlier export of the same kind (the customer extract just imported,
say) unless --force; an earlier export of the same kind is replaced as before, so daily re-exports to one name work."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from sync_data import NOW, branch_file
from workbench.sync import report_html

EXTRACT = "客户号,客户姓名,手机号码\nC001,张三,13800138000\n".encode("utf-8")


@pytest.fixture
def branch(tmp_path):
    return branch_file(tmp_path / "b.sqlite", call_at="2026-11-20T09:00:00")


def _as(cli, branch, *args, lang="en"):
    return cli("--db", branch, *NOW, "--lang", lang, "--user", "S1", *args)


def _audited(branch, action) -> int:
    with closing(sqlite3.connect(branch)) as conn:
        return conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]


EXPORTS = {   # (command, the --out option's file); each writes one kind of file
    "outcomes.csv": ("export", "outcomes", "--out"),
    "outcomes.xlsx": ("export", "outcomes", "--out"),
    "outcomes.jsonl": ("export", "outcomes", "--out"),
    "desk.wbundle": ("export", "bundle", "--out"),
    "week.html": ("report", "--html"),
    "c000.json": ("privacy", "export", "--customer", "C000", "--out"),
}
KINDS = {"outcomes.csv": "outcome export", "outcomes.xlsx": "outcome export", "outcomes.jsonl": "outcome export",
         "desk.wbundle": "outcome bundle", "week.html": "outcome report page", "c000.json": "access request export"}


@pytest.mark.parametrize("name", EXPORTS)
def test_a_file_that_is_not_an_earlier_export_is_left_as_it_is(branch, cli, name):
    target = branch.parent / name
    target.write_bytes(EXTRACT)
    audited = {a: _audited(branch, a) for a in ("export", "access_request")}
    r = _as(cli, branch, *EXPORTS[name], target)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (f"error: {target} already exists and is not an earlier {KINDS[name]}, so it was left as it is;"
                        " write to another file, or add --force to replace it.\n")
    assert target.read_bytes() == EXTRACT and [p.name for p in branch.parent.glob(f".{name}*")] == []
    assert {a: _audited(branch, a) for a in audited} == audited   # nothing exported, nothing read out
    forced = _as(cli, branch, *EXPORTS[name], target, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() != EXTRACT


@pytest.mark.parametrize("name", EXPORTS)
def test_an_earlier_export_of_the_same_kind_is_replaced(branch, cli, name):
    target = branch.parent / name
    assert _as(cli, branch, *EXPORTS[name], target, lang="zh_CN").exit_code == 0   # yesterday's, in Chinese
    first = target.read_bytes()
    with closing(sqlite3.connect(branch)) as conn, conn:   # a call since
        conn.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result,"
                     " recorded_at) VALUES ('o2', 'C000', 'M1', 't', '2026-11-20T10:00:00', 'no_answer',"
                     " '2026-11-20T10:00:00')")
    r = _as(cli, branch, *EXPORTS[name], target)
    assert r.exit_code == 0, r.stderr
    assert target.read_bytes() != first


@pytest.mark.parametrize("other", ["outcomes.csv", "desk.wbundle"])
def test_an_export_of_another_kind_is_not_taken_for_one(branch, cli, other):
    """A bundle written over yesterday's CSV export (or the other way round) would lose it as surely."""
    target = branch.parent / "same-name.csv"
    assert _as(cli, branch, *EXPORTS[other], target).exit_code == 0
    kept = target.read_bytes()
    again = "desk.wbundle" if other == "outcomes.csv" else "outcomes.csv"
    r = _as(cli, branch, *EXPORTS[again], target)
    assert r.exit_code == 2 and "is not an earlier" in r.stderr and target.read_bytes() == kept


def test_an_empty_file_holds_nothing_to_lose(branch, cli):
    target = branch.parent / "day.jsonl"
    target.write_bytes(b"")   # as an export of no rows leaves it
    assert _as(cli, branch, "export", "outcomes", "--out", target).exit_code == 0
    assert target.read_bytes().startswith(b'{"outcome_id"')


def test_a_report_page_written_before_the_generator_line_is_still_recognised(branch, cli):
    target = branch.parent / "week.html"
    assert _as(cli, branch, "report", "--html", target).exit_code == 0
    target.write_text(target.read_text(encoding="utf-8").replace(report_html.GENERATOR, ""), encoding="utf-8")
    assert report_html.GENERATOR not in target.read_text(encoding="utf-8")
    assert _as(cli, branch, "report", "--html", target).exit_code == 0
    assert report_html.GENERATOR in target.read_text(encoding="utf-8")


def test_the_refusal_in_chinese(branch, cli):
    target = branch.parent / "ext.csv"
    target.write_bytes(EXTRACT)
    r = _as(cli, branch, "export", "outcomes", "--out", target, lang="zh_CN")
    assert r.stderr == (f"错误：{target} 已存在，且不是本工作台先前写出的外呼记录导出文件，因此未作改动；请写入另一个文件，"
                        "或加上 --force 覆盖它。\n")
