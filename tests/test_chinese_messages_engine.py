"""Under --lang zh_CN the scripts, call-list, bundle and export commands speak Chinese, refusals included,
while the audit log keeps the refused action in English."""

from __future__ import annotations

from datetime import datetime

import pytest

from sync_data import NOW, add_outcome, branch_file, refusals
from workbench import i18n
from workbench.access import get_staff
from workbench.calllist import call_list
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.scripts import PURPOSES
from workbench.sync.export import export_outcomes

ZH = ("--lang", "zh_CN")
GOOD_SCRIPT = '[[script]]\nid = "ok"\npurpose = "wake_up"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\nclose = "c"\n'


@pytest.fixture
def branch(db_path):
    """sync_data's branch (S1 supervisor, managers M1 and M2) with one call of M1's."""
    return branch_file(db_path, call_at="2026-11-20T09:30:00")


@pytest.mark.parametrize("body, said", [
    (GOOD_SCRIPT + '[[script]]\nid = "bad"\npurpose = "nope"\nlang = "en"\ntitle = "t"\nopening = "o"\noffer = "o"\n'
     'close = "c"\n', f"错误：bad.toml：第 2 条话术（bad）：purpose 必须是 {'、'.join(PURPOSES)} 之一，不能是“nope”。\n"),
    (GOOD_SCRIPT + 'objections = { price = "x" }\n', "错误：bad.toml：第 1 条话术（ok）的 objections：“price”不是沉睡原因（可选："),
    (GOOD_SCRIPT + "colour = 1\n", "错误：bad.toml：第 1 条话术（ok）有无法识别的键：colour。\n"),
    ("[[script]]\nid = \n", "错误：bad.toml 不是有效的 TOML："),
    ("# nothing\n", "错误：bad.toml 中没有 [[script]] 条目。\n"),
])
def test_a_malformed_scripts_file_is_refused_in_chinese(cli, db_path, tmp_path, body, said):
    bad = tmp_path / "bad.toml"
    bad.write_text(body, encoding="utf-8")
    before = open_db(db_path).execute("SELECT count(*) FROM scripts").fetchone()[0]
    result = cli("--db", db_path, *ZH, "scripts", "import", bad)
    assert result.exit_code == 2 and result.stderr.startswith(said) and not result.stdout
    assert open_db(db_path).execute("SELECT count(*) FROM scripts").fetchone()[0] == before


def test_an_unknown_filter_on_the_call_list_is_said_in_chinese(cli, branch):
    segment = cli("--db", branch, *NOW, *ZH, "--user", "S1", "calllist", "--manager", "M1", "--segment", "bogus")
    assert segment.exit_code == 2 and segment.stderr.startswith("错误：未知客群“bogus”；可选：high_value_dormant")
    trigger = cli("--db", branch, *NOW, *ZH, "--user", "S1", "calllist", "--manager", "M1", "--trigger", "bogus")
    assert trigger.exit_code == 2 and trigger.stderr.startswith("错误：未知触发条件“bogus”；可选：")


def test_an_unknown_manager_is_said_in_chinese(branch):
    conn = open_db(branch).conn
    i18n.set_language("zh_CN")
    with pytest.raises(WorkbenchError) as refused:
        call_list(conn, "M9", datetime(2026, 11, 20, 18))
    assert str(refused.value) == "未知客户经理“M9”。"


def test_a_refused_bundle_says_why_in_chinese(cli, branch, tmp_path):
    (tmp_path / "bad.wbundle").write_bytes(b"hello\n")
    bad = cli("--db", branch, *ZH, "--user", "S1", "import", "bundle", tmp_path / "bad.wbundle")
    assert bad.exit_code == 2
    assert bad.stderr == "错误：拒绝导入 bad.wbundle：这不是外呼记录同步包，或其第一行已损坏；未导入任何内容。\n"
    out = tmp_path / "week.wbundle"
    assert cli("--db", branch, *NOW, "--user", "S1", "export", "bundle", "--out", out).exit_code == 0
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines) + lines[-1])   # one entry more than the checksum covers
    tampered = cli("--db", branch, *ZH, "--user", "S1", "import", "bundle", out)
    assert tampered.exit_code == 2 and tampered.stderr == (
        "错误：拒绝导入 week.wbundle：其校验和与内容不符（文件不完整、已损坏或被篡改）；未导入任何内容。\n")
    missing = cli("--db", branch, *ZH, "--user", "S1", "import", "bundle", tmp_path / "none.wbundle")
    assert missing.exit_code == 2 and missing.stderr.startswith("错误：找不到同步包 ")


def test_a_bad_export_is_said_in_chinese(cli, branch, tmp_path):
    export = ("--db", branch, *NOW, *ZH, "--user", "S1", "export", "outcomes")   # its progress bar leaves a blank line
    pdf = cli(*export, "--out", tmp_path / "x.pdf", "--format", "pdf")
    assert pdf.exit_code == 2 and pdf.stderr.strip() == "错误：未知导出格式“pdf”；可选：csv, xlsx, jsonl。"
    day = cli(*export, "--out", tmp_path / "x.csv", "--since", "2026-13-01")
    assert day.exit_code == 2 and day.stderr.strip() == "错误：--since 必须是日期，例如 2026-11-01，不能是“2026-13-01”。"
    nowhere = cli(*export, "--out", tmp_path / "none" / "x.csv")
    assert nowhere.exit_code == 2 and nowhere.stderr.strip() == f"错误：文件夹 {tmp_path / 'none'} 不存在。"
    folder = cli(*export, "--out", tmp_path)
    assert folder.exit_code == 2 and folder.stderr.strip() == f"错误：{tmp_path} 是文件夹；请用 --out 指定文件名。"


def test_an_overlong_cell_is_said_in_the_exports_language(branch, tmp_path):
    conn = open_db(branch).conn
    with conn:
        add_outcome(conn, "C000", "2026-11-19T10:00:00", note="长" * 40_000, outcome_id="O-long")
    with pytest.raises(WorkbenchError) as refused:
        export_outcomes(conn, tmp_path / "x.xlsx", staff=get_staff(conn, "S1"), now=datetime(2026, 11, 20, 18),
                        fmt="xlsx", lang="zh_CN")
    assert str(refused.value) == ("外呼记录 O-long 的“备注”超过了 Excel 单元格可容纳的 32,767 个字符；"
                                  "请改为导出 CSV 或 JSONL。")


@pytest.mark.parametrize("args, phrase, action", [
    (("report",), "查看外呼成效报告", "read the outcome report"),
    (("reassign", "--customer", "C000", "--to", "M2"), "重新分配客户", "reassign customers (C000)"),   # with its target
    (("export", "outcomes", "--out", "{tmp}/x.csv", "--include-phone"), "导出完整电话号码", "export full phone numbers"),
    (("scripts", "import", "{tmp}/s.toml"), "导入话术", "import call scripts"),
    (("scripts", "seed"), "添加默认话术", "add the default call scripts"),
    (("import", "customers", "{tmp}/c.csv"), "导入客户清单", "import customer extracts"),
    (("campaigns", "import", "{tmp}/hq.toml"), "导入营销活动", "import campaigns"),
])
def test_what_only_a_supervisor_may_do_is_said_in_chinese(cli, branch, tmp_path, args, phrase, action):
    (tmp_path / "hq.toml").write_text('[[campaign]]\nid = "X1"\ntitle = "T"\noffer = "O"\nstarts_on = 2026-12-01\n'
                                      'ends_on = 2026-12-31\nchannel = "phone"\n', encoding="utf-8")
    refused = cli("--db", branch, *NOW, *ZH, "--user", "M1", *(a.format(tmp=tmp_path) for a in args))
    assert refused.exit_code == 3 and refused.stderr.strip().startswith(f"错误：只有主管可以{phrase}；M1 ")
    assert refusals(branch) == [("M1", action)]   # the audit log keeps the English phrase
