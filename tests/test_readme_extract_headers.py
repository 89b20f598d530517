"""README's table of the extract headers recognised is what the importer recognises: each header it lists maps, on
its own, to a field its row names (issue 2 asks for the format documented there; the table could drift)."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.importing.headers import map_columns

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _rows() -> list[tuple[set[str], list[str]]]:
    """(the fields a row names, the headers it lists) for each row of the table, notes in brackets left out."""
    table = README.split("| field | Chinese headers recognised |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        fields, headers = (cell.strip() for cell in line.strip("|").split("|", 1))
        headers = headers.split(" (", 1)[0]
        rows.append((set(re.split(r"\s*[/,]\s*", fields)), [h for h in re.split(r"\s*[/,]\s*", headers) if h]))
    return rows


def test_each_header_the_readme_lists_maps_to_a_field_of_its_row():
    rows = _rows()
    assert len(rows) == 11 and sum(len(headers) for _fields, headers in rows) > 40
    mapped = {header: set(map_columns([header], {}).columns) for _fields, headers in rows for header in headers}
    assert {header: found for fields, headers in rows for header in headers
            if not (found := mapped[header]) or not found <= fields} == {}


def test_the_issues_chinese_headers_are_all_in_the_table():
    listed = {header for _fields, headers in _rows() for header in headers}
    assert {"客户号", "姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "AUM", "最近交易日期", "开户日期",
            "风险等级"} <= listed
