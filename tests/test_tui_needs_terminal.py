"""The app without a terminal to draw on (ssh without -t, cron, a pipe, a file) or on TERM=dumb: one sentence, exit 2,
instead of 20 KB of screen escapes and a wait for keys nobody can type."""

from __future__ import annotations

import subprocess

import pytest

from console_locales import console_env, in_terminal, workbench
from tui_fixtures import build


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    return build(tmp_path_factory.mktemp("branch") / "branch.sqlite")


@pytest.mark.parametrize("lang, said", [("en", "The app needs a terminal, and its standard input is not one"),
                                        ("zh_CN", "应用需要在终端中运行，而其标准输入不是终端")])
def test_the_app_run_without_a_terminal_says_it_needs_one(cli, branch, lang, said):
    result = cli("--db", branch, "--lang", lang, "--user", "M1")   # standard input is pytest's, no terminal
    assert result.exit_code == 2 and result.stdout == ""
    assert said in result.stderr and "workbench calllist" in result.stderr and "workbench followups" in result.stderr


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, subprocess.PIPE])
def test_the_app_in_a_script_ends_at_once(branch, tmp_path, stdin):
    """`ssh host workbench` without -t, or cron: no terminal anywhere. Before, it waited until it was killed."""
    ran = workbench(console_env("GB18030", tmp_path, PYTHONIOENCODING="utf-8"), "--db", branch, "--user", "M1",
                    stdin=stdin, timeout=30)
    assert ran.returncode == 2 and ran.stdout == b""
    said = ran.stderr.decode()
    assert said.startswith("error: The app needs a terminal, and its standard input is not one") and said.count("\n") == 1
    assert "\x1b" not in said


def test_the_app_with_its_output_sent_to_a_file_says_the_text_is_elsewhere(branch, tmp_path):
    """`workbench > list.txt` asks for text, which calllist and followups give: not a screen drawn into the file."""
    with open(tmp_path / "list.txt", "wb") as out:
        code, written = in_terminal(console_env("GB18030", tmp_path, PYTHONIOENCODING="utf-8"),
                                    "--db", branch, "--user", "M1", stdout=out)
    said = written.decode()
    assert code == 2, said[-300:]
    assert "its standard output is not one but a pipe or a file" in said and "workbench calllist" in said
    assert (tmp_path / "list.txt").read_bytes() == b""


def test_the_app_on_a_dumb_terminal_says_it_cannot_draw_there(branch, tmp_path):
    code, written = in_terminal(console_env("GB18030", tmp_path, PYTHONIOENCODING="utf-8", TERM="dumb"),
                                "--db", branch, "--user", "M1")
    said = written.decode()
    assert code == 2, said[-300:]
    assert "TERM=dumb says this one cannot" in said and "\x1b[" not in said
