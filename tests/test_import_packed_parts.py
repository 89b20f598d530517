"""A workbook part that would unpack far beyond what its rows need (a zip bomb: a small file holding gigabytes of
spaces) is refused in one sentence naming the part, before anything reads it; real workbooks unpack 7-16 times."""

import zipfile

from tests.import_support import customers, write_xlsx
from workbench.importing import sources


def _padded(good, path, spaces: int):
    """good's parts, with `spaces` spaces before the sheet's rows, packed as tightly as deflate packs."""
    with zipfile.ZipFile(good) as book, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in book.infolist():
            data = book.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, mark, rest = data.partition(b"<sheetData>")
                data = head + b" " * spaces + mark + rest
            out.writestr(info.filename, data)
    return path


def test_a_part_unpacking_a_thousand_times_its_size_is_refused_naming_it(cli, db_path, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["客户号", "姓名"], ["C1", "张三"]])
    bomb = _padded(good, tmp_path / "bomb.xlsx", sources.PACKED_FLOOR + (8 << 20))
    result = cli("--db", db_path, "--lang", "en", "import", "customers", bomb, "--dry-run")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: bomb.xlsx cannot be imported: its part xl/worksheets/sheet1.xml would"
                                    " unpack from 0.0 MB to 13 MB, ")
    assert " times as much, far more than any sheet's rows need (a damaged or hostile file); ask for the file" \
           " again.\n" in result.stderr


def test_a_workbook_whose_parts_unpack_as_real_ones_do_imports(cli, db_path, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["客户号", "姓名"], ["C1", "张三"]])
    padded = _padded(good, tmp_path / "padded.xlsx", 1 << 20)   # far past the ratio, but small: read in a moment
    result = cli("--db", db_path, "--lang", "en", "import", "customers", padded)
    assert result.exit_code == 0, result.stderr
    assert customers(db_path) == [("C1", "张三")]
