"""A command line Click cannot parse is one sentence in the interface language, exit 2, like every refusal:
not Click's three lines of usage, hint and error in English."""

import pytest


@pytest.mark.parametrize("args, said", [
    (("log", "--user", "M1"),
     "--user is an option of workbench itself, so it goes before the command: workbench --user … log …."),
    (("doctor", "--bogus"), "`workbench doctor` has no option --bogus. `workbench doctor --help` says what it takes."),
    (("log", "--custmer", "C1"), "`workbench log` has no option --custmer. Did you mean --customer, --outcome?"
                                 " `workbench log --help` says what it takes."),
    (("log",), "`workbench log` needs --customer. `workbench log --help` says what it takes."),
    (("import", "customers"), "`workbench import customers` needs FILE. `workbench import customers --help` says what"
                              " it takes."),
    (("calllist", "--manager"), "--manager needs a value. `workbench calllist --help` says what it takes."),
    (("--user", "M1", "followup", "move", "--when"),
     "--when needs a value. `workbench followup move --help` says what it takes."),
    (("calllist", "--manager", "M1", "--limit", "abc"),
     "--limit takes a whole number. `workbench calllist --help` says what it takes."),
    (("calllist", "--manager", "M1", "--limit", "1.5"),
     "--limit takes a whole number. `workbench calllist --help` says what it takes."),
    (("nosuch",), "There is no command nosuch; `workbench --help` lists the commands."),
    (("doctor", "extra"), "`workbench doctor` does not take extra. `workbench doctor --help` says what it takes."),
])
def test_a_command_line_click_cannot_parse_is_one_sentence(cli, db_path, args, said):
    result = cli("--db", db_path, *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"error: {said}\n", "")


def test_in_chinese_too(cli, db_path):
    result = cli("--lang", "zh_CN", "--db", db_path, "log", "--user", "M1")
    assert (result.exit_code, result.stderr) == (
        2, "错误：--user 是 workbench 本身的选项，要写在命令之前：workbench --user … log …。\n")
    result = cli("--lang", "zh_CN", "--db", db_path, "log")
    assert result.stderr == "错误：`workbench log` 需要 --customer。可用 `workbench log --help` 查看其用法。\n"
    result = cli("--lang", "zh_CN", "--db", db_path, "calllist", "--manager", "M1", "--limit", "abc")
    assert result.stderr == "错误：--limit 应为整数。可用 `workbench calllist --help` 查看其用法。\n"


@pytest.mark.parametrize("args, said", [
    (("lgo",), "错误：没有 lgo 这个命令；可用 `workbench --help` 查看所有命令。是否想用 log？"),
    (("followup", "mvoe", "x"), "错误：没有 mvoe 这个命令；可用 `workbench followup --help` 查看所有命令。是否想用 move？"),
    (("followup",), "错误：`workbench followup` 后面需要一个命令；可用 `workbench followup --help` 查看所有命令。"),
    (("followups", "--json=1"), "错误：--json 不带值。可用 `workbench followups --help` 查看其用法。"),
    (("--usr", "M1", "followups"), "错误：`workbench` 没有 --usr 选项。是否想用 --user？可用 `workbench --help` 查看其用法。"),
])
def test_in_chinese_even_before_the_command_is_known(cli, db_path, args, said):
    """A line that fails before any command runs is still said in the language --lang asked for, and the
    sentences follow each other without a space after 。."""
    result = cli("--lang", "zh_CN", "--db", db_path, *args)
    assert (result.exit_code, result.stderr) == (2, said + "\n")
