"""The reject a stray opening quote gives its row, and --full refused for it, whichever way the file is read (in blocks,
row by row for UTF-16) and even when the record it makes has as many cells as the header."""

import pytest

from tests.import_support import customers, run_import
from tests.test_import_unclosed_quote import HEADER, ROWS, stray_quote
from workbench.errors import WorkbenchError


def as_wide_as_the_header(tmp_path, encoding):
    """Row 3 opens a quote in 标签 that row 6's quoted 标签 closes where its own cell starts: the record is 6 cells."""
    lines = [",".join(HEADER)] + [",".join(row) for row in ROWS]
    lines[2] = lines[2].replace(",老年客户", ',"VIP客户')
    lines[5] = lines[5].replace(",老年客户", ',"老年客户"')
    path = tmp_path / "quote.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])   # in blocks, and row by row
@pytest.mark.parametrize("write", [stray_quote, as_wide_as_the_header])
def test_the_row_is_rejected_for_the_quote_and_full_refused(db_path, tmp_path, encoding, write):
    path = write(tmp_path, encoding)
    summary = run_import(db_path, path)
    assert summary.rejected == 1
    rejects = summary.reject_file.read_text(encoding="utf-8-sig").splitlines()
    assert rejects[1].startswith("3,an unclosed quote in row 3 takes in the rows after it (4 to 6),")
    assert [c for c, _name in customers(db_path)] == ["3100000401", "3100000406", "3100000407", "3100000408"]
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, path, full=True)
    assert str(refused.value) == (
        "--full is refused for quote.csv, so nothing was imported: an unclosed quote in row 3 takes in the rows after "
        "it (4 to 6), so the customers of those rows would count as not in the file and be made inactive; close the "
        "quote in the file and import it again.")
    assert len(customers(db_path)) == 4
