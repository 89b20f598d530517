"""An import in Chinese says everything in Chinese: the reject report's header and reasons (whichever
process read the file), the sentence refusing a file, and the summary's notes; cells stay as written."""

from __future__ import annotations

import csv

import pytest

from tests.import_support import HEADER_CN, customers, run_import, write_csv, write_workbook
from workbench import i18n
from workbench.errors import WorkbenchError

GOOD = ["C001", "张三", "男", "1980-01-01", "13800138000", "M001", "B01", "1000", "2025-01-01"]
ROWS = [
    HEADER_CN,
    GOOD,
    ["C002", "李四", "女", "2025-13-01", "13800138001", "M001", "B01", "1000", "2025-01-01"],
    ["C003", "王五", "男", "1981-02-03", "13800138002", "M001", "B01", "-5", "2025-01-01"],
    ["C001", "张三丰", "男", "1980-01-01", "13800138000", "M001", "B01", "1000", "2025-01-01"],
    ["", "赵六", "女", "1982-03-04", "13800138003", "M001", "B01", "1000", "2025-01-01"],
    ["C005", "", "女", "1982-03-04", "13800138004", "M001", "B01", "1,0", "2025-01-01"],
]
# What the report says of each rejected row, by its line in the file.
REASONS = {
    3: "出生日期：“2025-13-01”不是日期",
    4: "资产余额：金额“-5”为负数",
    5: "客户号 C001 重复出现（已保留第一次出现的行）",
    6: "缺少客户号",
    7: "缺少姓名；资产余额：“1,0”不是金额（其数字分组不是按千位分的）",
}


def report(path) -> list[list[str]]:
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def in_chinese(db_path, path, **options):
    i18n.set_language("zh_CN")
    return run_import(db_path, path, **options)


@pytest.mark.parametrize("workers", [0, 1], ids=["this process", "reader process"])
def test_the_reject_report_is_in_chinese_whichever_process_reads_the_file(db_path, tmp_path, workers):
    """A reader process words the rows it rejects in the importing process's language (Job.language)."""
    path = write_csv(tmp_path / "x.csv", ROWS)
    summary = in_chinese(db_path, path, workers=workers)
    assert summary.rejected == 5 and customers(db_path) == [("C001", "张三")]
    header, *rows = report(path)
    assert header == ["行号", "原因", *HEADER_CN]
    assert {int(row[0]): row[1] for row in rows} == REASONS
    assert rows[0][2:] == ROWS[2]   # the cells as the file has them


def test_a_workbook_report_names_the_sheet_in_chinese(db_path, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"一支行": ROWS[:2], "二支行": [HEADER_CN, ROWS[2]]})
    in_chinese(db_path, path)
    assert report(path) == [["工作表", "行号", "原因", *HEADER_CN], ["二支行", "2", REASONS[3], *ROWS[2]]]


def test_a_reader_process_refuses_a_file_in_chinese(db_path, tmp_path):
    """Bad bytes past the sample are found by the reader process, whose sentence is the one raised."""
    lines = "".join(f"C{i},张伟{i},13800138000\r\n" for i in range(12_000))
    path = tmp_path / "late.csv"
    path.write_bytes(("客户号,姓名,手机号\r\n" + lines).encode() + "G1,王芳,13900139000\r\n".encode("gbk"))
    with pytest.raises(WorkbenchError) as caught:
        in_chinese(db_path, path, workers=1)
    assert str(caught.value) == ("late.csv 第 12002 行附近不是有效的 utf-8 文本：此前各行是 UTF-8，但第 12002 行看起来是 "
                                 "GBK；请将文件另存为同一种编码（是否把两个文件拼接在了一起？），或用 --encoding 指定其编码。")


@pytest.mark.parametrize("name, content, sentence", [
    ("empty.csv", b"  \r\n", "empty.csv 是空文件。"),
    ("bin.csv", b"\x00\x01\x02" * 100, "bin.csv 看起来是二进制文件，不是 CSV/TSV 文本或 Excel 工作簿。"),
], ids=["empty", "binary"])
def test_the_cli_refuses_an_unreadable_file_in_one_chinese_sentence(cli, db_path, tmp_path, name, content, sentence):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path)
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr == f"错误\uff1a{sentence}\n"   # the prefix too is in the user's language


def test_the_summary_notes_are_in_chinese(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户清单"], ["单位：万元"], HEADER_CN, GOOD])
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert "（已跳过表头上方的 2 行）\n" in result.stdout
    assert "（金额按万元读取，依据表头上方一行的说明（“单位：万元”））\n" in result.stdout
    assert customers(db_path, "customer_id, aum_fen") == [("C001", 1000 * 10_000 * 100)]
