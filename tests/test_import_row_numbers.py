"""A CSV's rows are numbered as a spreadsheet numbers them: a line break inside a quoted cell does not move the rows
after it on, so the reject report's row is the row the manager finds in Excel, read in blocks or row by row."""

import csv

import pytest

from tests.import_support import customers

ROWS = ('customer_id,name,birthday\r\n3199600001,"张\r\n三",1990-01-01\r\n3199600002,李四,bad\r\n'
        '3199600003,"王\t五",1990-13-01\r\n3199600004,赵六,1990-01-01\r\n')   # the last row accepted


def _report(cli, db_path, path) -> list[list[str]]:
    result = cli("--db", db_path, "--lang", "en", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    with (path.parent / (path.name + ".rejects.csv")).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"], ids=["in blocks", "row by row"])
def test_rows_after_a_line_break_in_a_cell_keep_the_spreadsheet_s_numbers(cli, db_path, tmp_path, encoding):
    path = tmp_path / "rows.csv"
    path.write_bytes(ROWS.encode(encoding))
    report = _report(cli, db_path, path)
    assert [(row[0], row[3]) for row in report[1:]] == [("2", "张\r\n三"), ("3", "李四"), ("4", "王\t五")]


def test_a_title_over_two_lines_above_the_header_and_a_repeat_are_numbered_as_rows(cli, db_path, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_bytes('"客户清单\r\n2026年11月"\r\n客户号,姓名,备注\r\nC1,张三,"两\r\n行"\r\nC2,李四,x\r\nC1,张三,again\r\n'
                     .encode())
    report = _report(cli, db_path, path)
    assert [(row[0], row[2], row[4]) for row in report[1:]] == [("5", "C1", "again")]   # quoted from a second read
    assert customers(db_path) == [("C1", "张三"), ("C2", "李四")]
