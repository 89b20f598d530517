"""What the command line writes on a console whose encoding is not UTF-8 (GB18030, Latin-1)."""

from __future__ import annotations

import json

import pytest

from console_locales import console_env, in_terminal, stdout_encoding, workbench
from tui_fixtures import build


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    return build(tmp_path_factory.mktemp("branch") / "branch.sqlite")


@pytest.mark.parametrize("encoding", ["GB18030", "ISO-8859-1"])
@pytest.mark.parametrize("command", [("calllist", "--manager", "M1"), ("followups", "--manager", "M1")])
def test_json_is_utf8_whatever_the_console(branch, tmp_path, encoding, command):
    """RFC 8259: JSON between programs is UTF-8; jq and json.loads(bytes) read it so, whoever runs the script."""
    env = console_env(encoding, tmp_path)
    assert stdout_encoding(env).replace("_", "-").lower() in ("gb18030", "iso8859-1", "latin-1")
    ran = workbench(env, "--db", branch, "--user", "S1", *command, "--json")
    assert ran.returncode == 0, ran.stderr
    json.loads(ran.stdout)   # bytes: decoded as UTF-8, as RFC 8259 says a reader does
    assert ran.stderr == b""


def test_json_holds_a_chinese_name_as_utf8_bytes(branch, tmp_path):
    ran = workbench(console_env("GB18030", tmp_path), "--db", branch, "--user", "M1", "calllist", "--json")
    names = [entry["name"] for entry in json.loads(ran.stdout)]
    assert any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)
    assert names[0].encode("utf-8") in ran.stdout and names[0].encode("gb18030") not in ran.stdout


def _one_sentence(stderr: bytes, encoding: str) -> str:
    """The refusal: one line in English, naming the encoding and what to set, none of Python's or Rich's words."""
    said = stderr.decode("ascii")   # the console could show nothing else
    assert said.count("\n") == 1 and said.startswith("error: This terminal's character set, ")
    assert encoding in said and "=zh_CN.UTF-8" in said and "PYTHONIOENCODING=utf-8" in said
    assert "UnicodeEncodeError" not in said and "***" not in said
    return said


@pytest.mark.parametrize("command", [("calllist", "--manager", "M1"), ("followups", "--manager", "M1"),
                                     ("staff", "list"), ("--help",)])
def test_output_a_latin1_console_cannot_show_is_one_sentence_and_nothing_else(branch, tmp_path, command):
    """Not "unexpected UnicodeEncodeError" after half a listing: the sentence, and nothing on standard output."""
    env = console_env("ISO-8859-1", tmp_path)
    ran = workbench(env, "--db", branch, "--user", "S1", *command)
    assert ran.returncode == 2 and ran.stdout == b""
    variable = "LC_ALL" if "LOCPATH" in env else "LANG"
    assert f"set {variable}=zh_CN.UTF-8" in _one_sentence(ran.stderr, stdout_encoding(env).upper())


def test_english_output_a_latin1_console_can_show_is_printed_whole(branch, tmp_path):
    env = console_env("ISO-8859-1", tmp_path)
    ran = workbench(env, "--db", branch, "--user", "S1", "doctor")
    assert ran.returncode == 0 and ran.stderr == b""
    assert b"Integrity: ok" in ran.stdout and b"customers: " in ran.stdout
    booked = workbench(env, "--db", branch, "--user", "M1", "followup", "add", "--customer", "C0001", "--when", "+3d")
    assert booked.returncode == 0 and len(booked.stdout.strip()) >= 8, booked.stderr   # its id


def test_a_chinese_session_on_a_latin1_console_is_refused_before_anything_is_done(branch, tmp_path):
    env = console_env("ISO-8859-1", tmp_path)
    before = workbench(env, "--db", branch, "--user", "M1", "followups", "--json").stdout
    ran = workbench(env, "--db", branch, "--user", "M1", "--lang", "zh_CN", "followup", "add", "--customer", "C0002",
                    "--when", "+3d")
    assert ran.returncode == 2 and ran.stdout == b""
    _one_sentence(ran.stderr, stdout_encoding(env).upper())   # in English: the Chinese one could not be shown
    assert workbench(env, "--db", branch, "--user", "M1", "followups", "--json").stdout == before   # nothing booked
    # --json asks for nothing the console must show: it is written, in UTF-8.
    data = workbench(env, "--db", branch, "--user", "M1", "--lang", "zh_CN", "calllist", "--json")
    assert data.returncode == 0 and json.loads(data.stdout)


def test_the_app_on_a_latin1_console_says_so_instead_of_a_screen_of_escapes(branch, tmp_path):
    code, written = in_terminal(console_env("ISO-8859-1", tmp_path), "--db", branch, "--user", "M1")
    said = written.decode("latin-1")
    assert code == 2, said[-500:]
    assert "character set" in said and "PYTHONIOENCODING=utf-8" in said and "\\u" not in said
