"""A hand-edited TOML file that is not TOML (a campaigns or scripts file) is refused in one sentence in the interface
language, saying where (line and column) and what is wrong there, never tomllib's English."""

from __future__ import annotations

import re
import tomllib

import pytest

from workbench import campaigns, tomlfile
from workbench.errors import WorkbenchError
from workbench.i18n import set_language

# A broken document for each of tomllib's problems, and what is said of it in English.
BROKEN = [
    ('title = "稳盈理财唤醒话术\nx = 1\n', "line 1, column 18: a string is missing its closing quote"),
    ("title = '稳盈\n", "at the end of the file: a string is missing its closing quote"),
    ('title = """稳盈', "at the end of the file: a string is missing its closing quote"),
    ('a = "x\x07"', "line 1, column 7: a string holds the control character '\\x07'; write it as an escape such as \\t"),
    ('a = "c:\\d"', "line 1, column 10: a backslash in a string starts no escape; write \\\\ for a backslash, or put"
                    " the text in single quotes"),
    ('a = "\\uD800"', "line 1, column 12: a \\u or \\U escape names no character"),
    ("a 1", "line 1, column 3: a key is not followed by ="),
    ("[t\na = 1", "line 1, column 3: a [table] heading is not closed with ]"),
    ("[[t]\n", "line 1, column 4: a [[table]] heading is not closed with ]]"),
    ('a = "x" "y"', "line 1, column 9: something follows the value on its line (a quote too many, or a missing comma?)"),
    ("a = 稳盈", "line 1, column 5: the value is not one TOML knows (text needs quotes around it)"),
    ("= 1", "line 1, column 1: the line is neither key = value nor a [table] heading"),
    ("a.!b = 1", "line 1, column 3: a key starts with a character a bare key cannot have; put the key in quotes"),
    ("a = [1, 2", "at the end of the file: a list in square brackets is not closed"),
    ("a = {b = 1", "at the end of the file: an inline table in curly brackets is not closed"),
    ("[t]\n[t]", "line 2, column 3: t is defined twice"),
    ("[a.b]\n[a.b]", "line 2, column 5: a.b is defined twice"),
    ("a = {b = 1, b = 2}", "line 1, column 18: the key 'b' appears twice"),
    ("a = 1\na = 2", "at the end of the file: a key is given a value twice"),
]


@pytest.mark.parametrize("text, said", BROKEN)
def test_each_of_tomllibs_problems_is_said_in_the_catalogues_words(text, said):
    with pytest.raises(WorkbenchError) as caught:
        tomlfile.loads(text, "s.toml")
    assert str(caught.value) == f"s.toml is not valid TOML: {said}."


@pytest.mark.parametrize("text, _said", BROKEN)
def test_in_chinese_the_sentence_holds_no_english_and_keeps_line_and_column(text, _said):
    set_language("zh_CN")   # the conftest sets English again for the next test
    with pytest.raises(WorkbenchError) as caught:
        tomlfile.loads(text, "s.toml")
    said = str(caught.value)
    assert said.startswith("s.toml 不是有效的 TOML：") and said.endswith("。")
    # What is left once the file's name, the TOML words quoted and the characters named are taken out: Chinese.
    rest = re.sub(r"s\.toml|TOML|'\\x07'|\\[tuU\\]|'b'|\ba(\.b)?\b|\bt\b", "", said)
    assert not re.search("[A-Za-z]", rest), said
    line = re.search(r"line (\d+), column (\d+)", _said)
    assert (f"第 {line[1]} 行第 {line[2]} 列" in said) if line else ("文件末尾" in said)


def test_a_problem_in_another_pythons_words_is_said_as_a_syntax_error_with_them_kept():
    exc = tomllib.TOMLDecodeError("Something new (at line 3, column 4)")
    assert tomlfile.problem(exc) == "line 3, column 4: a syntax error (Something new)"
    set_language("zh_CN")
    assert tomlfile.problem(exc) == "第 3 行第 4 列：语法错误（Something new）"


def test_a_campaigns_file_that_is_not_toml_is_said_so_in_chinese(tmp_path, cli, db_path):
    from workbench.db import open_db

    with open_db(db_path) as db:
        db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '王强', 'supervisor')")
    hq = tmp_path / "hq.toml"
    hq.write_text('[[campaign]]\nid = "WLTH-Q4\ntitle = "稳盈"\n', encoding="utf-8")
    refused = cli("--lang", "zh_CN", "--db", db_path, "--user", "S1", "campaigns", "import", hq, "--dry-run")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == "错误：hq.toml 不是有效的 TOML：第 2 行第 14 列：字符串缺少结尾的引号。"
    set_language("en")   # the command above ran in Chinese
    with pytest.raises(WorkbenchError, match=r"^hq\.toml is not valid TOML: line 2, column 14: a string is missing"):
        campaigns.read_file(hq)
