"""`scripts export FILE` never replaces a file that is not an earlier scripts export (the customer extract just
imported, head office's campaigns) unless --force, as the other exports; an earlier scripts export, edited or not, is
replaced as before."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from sync_data import NOW, branch_file

EXTRACT = "客户号,客户姓名,手机号码\nC001,张三,13800138000\n".encode("utf-8")
CAMPAIGNS = '[[campaign]]\nid = "PTS-2X"\ntitle = "积分翻倍"\n'.encode("utf-8")


@pytest.fixture
def branch(tmp_path):
    return branch_file(tmp_path / "b.sqlite")


def _export(cli, branch, target, *more, lang="en"):
    return cli("--db", branch, *NOW, "--lang", lang, "--user", "S1", "scripts", "export", target, *more)


@pytest.mark.parametrize("held", [EXTRACT, CAMPAIGNS, b'{"format":"workbench-outcome-bundle"}\n', b"\x00\xff binary"])
def test_a_file_that_is_not_an_earlier_scripts_export_is_left_as_it_is(branch, cli, held):
    target = branch.parent / "scripts.toml"
    target.write_bytes(held)
    r = _export(cli, branch, target)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (f"error: {target} already exists and is not an earlier call scripts export, so it was left as"
                        " it is; write to another file, or add --force to replace it.\n")
    assert target.read_bytes() == held and list(branch.parent.glob(".scripts.toml*")) == []   # no .part file either
    forced = _export(cli, branch, target, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("# Branch Workbench call scripts.")


def _retitle(branch, title):
    with closing(sqlite3.connect(branch)) as conn, conn:
        conn.execute("UPDATE scripts SET title = ? WHERE script_id = 'zh-wake-up'", (title,))


def test_an_earlier_scripts_export_is_replaced(branch, cli):
    target = branch.parent / "scripts.toml"
    assert _export(cli, branch, target, lang="zh_CN").exit_code == 0   # yesterday's, in Chinese
    _retitle(branch, "唤醒(新版)")
    r = _export(cli, branch, target)
    assert r.exit_code == 0, r.stderr
    assert 'title = "唤醒(新版)"' in target.read_text(encoding="utf-8")


def test_an_edited_export_is_still_one_even_without_its_header_comment(branch, cli):
    """Edited in a text editor for `scripts import`: the comment taken out, saved with a byte-order mark."""
    target = branch.parent / "scripts.toml"
    assert _export(cli, branch, target).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# Branch Workbench call scripts.")
    target.write_bytes("\ufeff".encode("utf-8") + "".join(lines[1:]).encode("utf-8"))
    _retitle(branch, "唤醒(新版)")
    assert _export(cli, branch, target).exit_code == 0
    assert 'title = "唤醒(新版)"' in target.read_text(encoding="utf-8")


def test_an_empty_file_holds_nothing_to_lose(branch, cli):
    target = branch.parent / "scripts.toml"
    target.write_bytes(b"")
    assert _export(cli, branch, target).exit_code == 0
    assert "[[script]]" in target.read_text(encoding="utf-8")


def test_the_refusal_and_the_help_in_chinese(branch, cli):
    target = branch.parent / "ext.csv"
    target.write_bytes(EXTRACT)
    r = _export(cli, branch, target, lang="zh_CN")
    assert r.stderr == (f"错误：{target} 已存在，且不是本工作台先前写出的话术导出文件，因此未作改动；请写入另一个文件，"
                        "或加上 --force 覆盖它。\n")
    shown = cli("--lang", "zh_CN", "scripts", "export", "--help")
    assert shown.exit_code == 0 and "--force" in shown.stdout
    assert "即使 FILE 指定的文件不是先前导出的话术文件，也将其覆盖。" in "".join(
        line.strip(" │\n") for line in shown.stdout.splitlines(keepends=True))
