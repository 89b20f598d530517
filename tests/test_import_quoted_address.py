"""A quoted address over two lines (Excel's Alt+Enter in a cell) whose second line holds a comma is no stray quote:
it takes in no row, so its customer is imported and --full is not refused (review r1 #3: in a file of four columns one
comma on the second line was taken for a swallowed row)."""

from tests.import_support import customers, run_import, write_csv


def test_a_quoted_address_with_a_comma_on_its_second_line_is_read_as_written(db_path, tmp_path):
    path = write_csv(tmp_path / "address.csv", [
        ["客户号", "姓名", "地址", "标签"],
        ["C1", "张三", "上海市黄浦区\n南京东路100号, 3楼", "老年客户"],
        ["C2", "李四", "北京市", ""],
    ])
    summary = run_import(db_path, path, full=True)
    assert (summary.inserted, summary.rejected) == (2, 0)
    assert [c for (c,) in customers(db_path, "customer_id")] == ["C1", "C2"]
