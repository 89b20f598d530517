"""`workbench --help` in the interface language: every help text has its Chinese, Typer's and Click's words
around them too, and the English help stays as it was."""

import string

import pytest
import typer
from typer import rich_utils

from workbench.cli import app
from workbench.cli.help_language import OPTIONS_METAVAR, SUBCOMMAND_METAVAR, TYPER_WORDS, USAGE_PREFIX, help_texts
from workbench.i18n import catalogue


def _tree():
    return typer.main.get_command(app)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _english_on(*path: str) -> list[str]:
    """The English help texts `workbench PATH --help` shows: the command's own, its shown options' and
    arguments', and the help of the commands under it."""
    command = _tree()
    for name in path:
        command = command.commands[name]
    params = [param.help for param in command.params if param.help and not getattr(param, "hidden", False)]
    return [command.help, *params, *(sub.help for sub in getattr(command, "commands", {}).values())]


def test_every_help_text_has_a_chinese_form():
    chinese = catalogue("zh_CN")
    texts = help_texts(_tree())
    words = [*TYPER_WORDS.values(), USAGE_PREFIX, OPTIONS_METAVAR, SUBCOMMAND_METAVAR]
    assert len(texts) > 150
    assert [f"{where}: {text!r}" for where, text in texts if text not in chinese] == []
    assert [word for word in words if word not in chinese] == []
    assert [word for word in words if _fields(chinese[word]) != _fields(word)] == []


def test_the_walk_finds_commands_options_arguments_and_help_itself():
    found = dict((where, text) for where, text in help_texts(_tree()))
    assert found["workbench followup move"] == "Reschedule a pending follow-up."
    assert found["workbench followup move followup_id"] == "Follow-up id, whole or its first 8 characters as `followups` shows them."
    assert found["workbench import customers --dry-run"].startswith("Show what would happen")
    assert found["workbench staff --help"] == "Show this message and exit."
    assert "workbench --now" not in found   # hidden: shown nowhere, so not translated


def test_typer_still_has_the_words_translated_here(cli):
    """A Typer that renamed a constant would keep printing it in English: the names must still hold the English."""
    assert cli("--help").exit_code == 0
    assert {name: getattr(rich_utils, name, None) for name in TYPER_WORDS} == TYPER_WORDS
    assert callable(rich_utils._make_rich_text)


def _no_english(out: str, english: list[str]) -> list[str]:
    return [text for text in english if text[:25] in out]


def test_root_help_in_chinese(cli):
    result = cli("--lang", "zh_CN", "--help")
    out = result.stdout
    assert result.exit_code == 0
    english = _english_on()
    assert len(english) > 20 and _no_english(out, english) == []
    for word in ("Usage:", "[OPTIONS]", "COMMAND [ARGS]", "Options", "Commands", "Show this message", "[env var"):
        assert word not in out
    assert "用法：workbench [选项] 命令 [参数]..." in out
    assert "网点工作台：唤醒沉睡客户的外呼名单、话术与联系记录。" in out
    assert "─ 选项 ─" in out and "─ 命令 ─" in out and "[环境变量：WORKBENCH_DB]" in out
    assert "显示本帮助并退出。" in out and "跟进日程：已逾期、今天、本周、以后。" in out
    for name in ("--db", "--lang", "--user", "--help", "score", "calllist", "followup", "import", "terminal"):
        assert name in out


@pytest.mark.parametrize("path, options, chinese", [
    (("import", "customers"), ("--encoding", "--delimiter", "--map", "--full", "--dry-run", "--help", "file"),
     ["导入总行下发的客户数据（新增新客户，更新有变化的客户，报告拒收行）。", "列分隔符，如 ',' 或 tab（默认：自动检测）。"]),
    (("followup", "move"), ("--when", "--help", "followup_id"),
     ["为待办跟进改期。", "跟进编号：完整编号，或", "新的跟进时间：YYYY-MM-DD、"]),
])
def test_nested_help_in_chinese(cli, path, options, chinese):
    result = cli("--lang", "zh_CN", *path, "--help")
    out = result.stdout
    assert result.exit_code == 0
    assert _no_english(out, _english_on(*path)) == []
    for word in ("Usage:", "[OPTIONS]", "Arguments", "Options", "[required]", "Show this message"):
        assert word not in out
    assert f"用法：workbench {' '.join(path)} [选项]" in out
    assert "─ 参数 ─" in out and "─ 选项 ─" in out and "[必填]" in out
    assert all(text in out for text in chinese)
    assert all(option in out for option in options)


def test_the_language_of_the_environment_reaches_help(cli, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "zh_CN")
    result = cli("followup", "move", "--help")
    assert result.exit_code == 0
    assert "为待办跟进改期。" in result.stdout and "Reschedule" not in result.stdout
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert "Reschedule a pending follow-up." in cli("followup", "move", "--help").stdout


def test_english_help_is_unchanged(cli):
    before = cli("--help")
    assert before.exit_code == 0
    lines = [line.strip(" │") for line in before.stdout.splitlines()]
    assert "Usage: workbench [OPTIONS] COMMAND [ARGS]..." in lines
    assert "Branch Workbench: call lists, scripts and outcomes for waking dormant customers." in lines
    assert "--help                Show this message and exit." in lines
    assert any(line.startswith("╭─ Options ─") for line in lines) and any(line.startswith("╭─ Commands ─") for line in lines)
    nested = cli("followup", "move", "--help").stdout
    assert "Usage: workbench followup move [OPTIONS] FOLLOWUP_ID" in nested   # not Typer's {followup_id}
    assert "as `followups` shows them. [required]" in nested and "╭─ Arguments ─" in nested
    # The interface language is process-wide: English after Chinese is the English of before, to the character.
    assert cli("--lang", "zh_CN", "--help").exit_code == 0
    assert cli("--help").stdout == before.stdout
    assert cli("followup", "move", "--help").stdout == nested


def test_chinese_help_on_a_narrow_terminal_is_broken_into_lines_not_cut(cli, monkeypatch):
    """Rich breaks lines only at spaces, so a long run of Chinese would end in … with the rest lost."""
    monkeypatch.setenv("COLUMNS", "80")
    for path in (("followup", "add"), ("calllist",), ()):
        result = cli("--lang", "zh_CN", *path, "--help")
        assert result.exit_code == 0
        assert "…" not in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "birthday_soon、active。" in cli("--lang", "zh_CN", "calllist", "--help").stdout


def _every_help(cli, *options: str):
    """(command path, the lines of its --help) for every command and group, breadth first."""
    paths = [()]
    for path in paths:
        command = _tree()
        for name in path:
            command = command.commands[name]
        paths += [(*path, name) for name in getattr(command, "commands", {})]
        yield path, [line.strip("│ ").rstrip() for line in cli(*options, *path, "--help").stdout.splitlines()]


@pytest.mark.parametrize("columns", [80, 100])
def test_no_chinese_help_ends_a_paragraph_on_a_lone_character(cli, monkeypatch, columns):
    """设置 / 项。 at a paragraph's end is not how Chinese is typeset (doctor's help in `workbench --help` did so)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    helps = list(_every_help(cli, "--lang", "zh_CN"))
    lone = [(path, above, line) for path, lines in helps for above, line in zip(lines, lines[1:])
            if above and len(line.strip().rstrip("。；，）")) == 1 and "\u4e00" <= line.strip()[0] <= "\u9fff"]
    assert len(helps) > 40 and lone == []


def test_usage_lines_name_arguments_in_capitals_not_braces(cli):
    """Typer writes a required argument as {file}, which reads as a template left unfilled."""
    usages = {" ".join(path): next(line for line in lines if line.startswith("Usage:"))
              for path, lines in _every_help(cli)}
    assert usages["import customers"] == "Usage: workbench import customers [OPTIONS] FILE"
    assert usages["pool assign"] == "Usage: workbench pool assign [OPTIONS] CUSTOMERS..."
    assert usages["staff hand-over"] == "Usage: workbench staff hand-over [OPTIONS] ID"   # its own metavar
    assert [usage for usage in usages.values() if "{" in usage] == []
    assert "用法：workbench pool assign [选项] CUSTOMERS..." in cli("--lang", "zh_CN", "pool", "assign", "--help").stdout


def test_english_help_with_chinese_examples_on_a_narrow_terminal_is_not_cut_either(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--lang", "en", "log", "--help")
    assert result.exit_code == 0 and "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    flat = "".join(result.stdout.split()).replace("│", "")   # the help's text, its line breaks and spaces gone
    assert "明天全天." in flat and "11月25日10点" in flat


def test_a_chinese_command_that_prints_no_help_does_not_load_it(db_path):
    """Translating help (Typer's rich help module and the tree) costs a Chinese `staff list` about 20 ms: only
    --help pays it. Run in a fresh interpreter, where no earlier test has loaded Typer's help."""
    import subprocess
    import sys

    probe = ("import sys\nfrom workbench.cli import main\n"
             f"try:\n    main(['--lang', 'zh_CN', '--db', {str(db_path)!r}, 'init'])\nexcept SystemExit:\n    pass\n"
             "print('typer.rich_utils' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.strip().splitlines()[-1] == "False"


def test_the_follow_ups_option_says_it_lists_the_calls_and_visits_due(cli):
    """--follow-ups lists the calls and visits due (an SMS or WeChat message due is the agenda's to send,
    test_calllist_messages): its help names them, not "follow-ups", which would take in the messages too."""
    english = " ".join(cli("calllist", "--help").stdout.replace("│", " ").split())
    assert "--follow-ups Only the calls and visits booked that are due today or overdue." in english
    chinese = "".join(cli("--lang", "zh_CN", "calllist", "--help").stdout.replace("│", " ").split())
    assert "--follow-ups只看今天到期和已逾期的约定电话与上门拜访。" in chinese
