"""The text report's tables are drawn as the console it is printed on can draw them, as every other command's are:
ASCII where its encoding is not UTF-8 (a GB18030 console draws ┏━┃ two columns wide, so every row wrapped)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from console_locales import console_env, workbench
from tui_fixtures import sample_copy
from workbench.sync.report import build_report, render_text

BOXES = re.compile("[\u2500-\u257f]")   # Unicode's box drawing


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return sample_copy(tmp_path_factory.mktemp("console"))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_console_that_is_not_utf8_gets_ascii_tables(sample, lang):
    from workbench.db import open_db

    with open_db(sample) as db:
        report = build_report(db.conn, today=date(2026, 11, 20), lang=lang)
    unicode = render_text(report, lang, width=100)
    legacy = render_text(report, lang, width=100, encoding="gb18030")
    assert BOXES.search(unicode) and not BOXES.search(legacy)
    assert "+----" in legacy and "| " in legacy
    # The same tables, only drawn otherwise: as many lines, none wider than the console.
    assert len(legacy.splitlines()) == len(unicode.splitlines())
    assert max(cell_len(line) for line in legacy.splitlines()) <= 100


def test_workbench_report_on_a_gb18030_console(sample, tmp_path):
    ran = workbench(console_env("GB18030", tmp_path, COLUMNS="100"), "--db", sample, "--user", "S001",
                    "--lang", "zh_CN", "report")
    assert ran.returncode == 0, ran.stderr
    text = ran.stdout.decode("gb18030")
    assert "联系次数" in text and not BOXES.search(text) and "+----" in text
