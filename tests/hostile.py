"""Helpers for the crash, hostile-input, concurrency and fuzz tests: the real CLI in a subprocess,
database digests, large extracts and a list of naughty strings."""

from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

NOW = "2026-11-21T09:00:00"
SUPERVISOR = "S001"            # the sample's supervisor
HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期", "备注标签"]

# Strings that break careless code: direction marks, joiners, emoji, SQL, markup, format strings, formulas.
NAUGHTY = [
    "\u202e\u5f20\u4e09\u202c",                  # right-to-left override around 张三
    "\u200f\u05e9\u05dc\u05d5\u05dd",              # right-to-left mark + Hebrew
    "李\u200d四\u200c五\u200b六",                  # zero-width joiner, non-joiner, space
    "👨\u200d👩\u200d👧\u200d👦 王五 🏦💰",          # emoji family sequence and others
    "𠀀𪚥 曾𡈼",                                  # CJK outside the basic plane
    "'); DROP TABLE customers;--",
    "Robert'); DELETE FROM outcomes WHERE ('1'='1",
    "\" OR 1=1 --",
    "[bold]x[/]",
    "[link=http://x]y[/link]",
    "[/]]] [red",
    "<script>alert(1)</script>",
    "{0} %s {name} %(x)s {{}} %n",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2-2",
    "@SUM(A1:A9)",
    "'quoted",
    "a\\b\\\\c \\n \\x00",
    "é (e + combining acute: e\u0301)",
    "ﬁ ＡＢＣ １２３ ㈱",                          # compatibility characters that NFKC would change
    "tab\tinside",
    "two\r\nlines\nand\rmore",
    "bell \u0007 and \u001b[31m ansi escape",
    "\ufeffbom-led",
    "\ud7ff\ue000\ufffd",
]
# A name never spans lines (the importer takes one for an unbalanced quote); notes may.
NAUGHTY_NAMES = [text for text in NAUGHTY if "\n" not in text and "\r" not in text]


def run_workbench(db: Path, *args, now: str = NOW, user: str | None = SUPERVISOR, check: bool = False,
                  timeout: float = 120, **popen) -> subprocess.CompletedProcess:
    """`python -m workbench --db DB ...` in its own process; stdout and stderr as text."""
    result = subprocess.run(workbench_argv(db, *args, now=now, user=user), env=workbench_env(db),
                            capture_output=True, text=True, timeout=timeout, **popen)
    if check and result.returncode != 0:
        raise AssertionError(f"workbench {' '.join(map(str, args))} failed: {result.stderr}")
    return result


def start_workbench(db: Path, *args, now: str = NOW, user: str | None = SUPERVISOR) -> subprocess.Popen:
    """The same command started in the background."""
    return subprocess.Popen(workbench_argv(db, *args, now=now, user=user), env=workbench_env(db),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def workbench_argv(db: Path, *args, now: str, user: str | None) -> list[str]:
    argv = [sys.executable, "-m", "workbench", "--db", str(db), "--now", now]
    if user:
        argv += ["--user", user]
    return argv + [str(a) for a in args]


def workbench_env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("WORKBENCH_DB", "WORKBENCH_USER", "WORKBENCH_NOW", "WORKBENCH_PIN", "WORKBENCH_DEBUG")}
    # Scratch files of a killed import stay beside the test's database, not in the machine's /tmp.
    scratch = Path(db).parent / "tmp"
    scratch.mkdir(exist_ok=True)
    env.update(WORKBENCH_HOME=str(Path(db).parent / "home"), WORKBENCH_LANG="en", COLUMNS="200", TMPDIR=str(scratch))
    return env


def integrity(db: Path) -> str:
    """PRAGMA integrity_check of the file, opened the way a restarted workbench would (WAL replayed)."""
    conn = sqlite3.connect(str(db))
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def table_digest(conn: sqlite3.Connection, table: str, order: str) -> tuple[int, str]:
    """(row count, SHA-256 of every row in a fixed order) of one table."""
    digest = hashlib.sha256()
    count = 0
    for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def sample_ids(db: Path, n: int) -> list[str]:
    conn = sqlite3.connect(str(db))
    try:
        return [r[0] for r in conn.execute("SELECT customer_id FROM customers ORDER BY customer_id LIMIT ?", (n,))]
    finally:
        conn.close()


def write_extract(path: Path, new: int, existing: list[str] = (), *, prefix: str = "X") -> Path:
    """A head-office extract: `new` customers not seen before, then the `existing` ones renamed."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(HEADER)
        for i in range(new):
            out.writerow([f"{prefix}{i:07d}", f"客户{i}", f"138{i % 10**8:08d}", "M001", "B100",
                          f"{(i * 37) % 500_000}.00", "2025-01-15", "导入"])
        for i, cid in enumerate(existing):
            out.writerow([cid, f"改名{i}", f"139{i % 10**8:08d}", "M002", "B100", "1000.00", "2026-10-01", "更新"])
    return path


def rows_to_csv(rows: list[list[str]]) -> bytes:
    """Rows as UTF-8 CSV text with CRLF line ends, quoting what needs it."""
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _padding_rows(size: int) -> str:
    """Plain valid rows filling about size bytes, to push a problem past what detection samples."""
    line = "P{:07d},填充客户\r\n"
    return "".join(line.format(i) for i in range(size // len(line.format(0).encode()) + 1))


def _xlsx_bytes(rows: list[list]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def hostile_corpus() -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """File name -> (content, extra import options): files a careless importer would choke on."""
    import random

    head = "客户号,姓名\r\n"
    pad = _padding_rows(300 * 1024)
    wide_header = ["客户号", "姓名"] + [f"列{i}" for i in range(9_998)]
    workbook = _xlsx_bytes([["客户号", "姓名"]] + [[f"C{i}", f"名{i}"] for i in range(200)])
    utf8 = lambda s: s.encode("utf-8")  # noqa: E731
    return {
        "unbalanced_quote.csv": (utf8(head + 'C1,"张三\r\nC2,李四\r\n'), ()),
        "stray_quotes.csv": (utf8(head + 'C1,张"三\r\nC2,"李"四"\r\n"C3"x,王五\r\n'), ()),
        "nul_early.csv": (utf8(head + "C1,张\x00三\r\n"), ()),
        "nul_late.csv": (utf8(head + pad + "C9,张\x00三\r\n"), ()),
        "mixed_line_endings.csv": (utf8(head + "C1,张三\nC2,李四\rC3,王五\r\nC4,赵六\n\rC5,钱七"), ()),
        "one_mb_field.csv": (utf8(head + "C1," + "长" * (1 << 20) + "\r\n"), ()),
        "one_mb_quoted_field.csv": (utf8(head + 'C1,"' + "a,\r\n\"\"" * (1 << 18) + '"\r\n'), ()),
        "ten_thousand_columns.csv": (rows_to_csv([wide_header, ["C1", "张三"] + ["x"] * 9_998]), ()),
        "ten_thousand_cells_in_a_row.csv": (utf8(head + "C1,张三" + ",x" * 9_998 + "\r\n"), ()),
        "gbk_said_utf8.csv": ((head + "C1,张三\r\n").encode("gbk"), ("--encoding", "utf-8")),
        "unknown_encoding.csv": (utf8(head + "C1,张三\r\n"), ("--encoding", "klingon")),
        "two_char_delimiter.csv": (utf8(head + "C1,张三\r\n"), ("--delimiter", ";;")),
        "utf8_then_gbk.csv": (utf8(head + pad) + "C9,张三\r\n".encode("gbk"), ()),
        "utf16_without_bom.csv": ((head + "C1,张三\r\n").encode("utf-16-le"), ()),
        "utf16_with_bom.csv": ((head + "C1,张三\r\n").encode("utf-16"), ()),
        "latin1.csv": ("customer_id,name\r\nC1,Zoë Ångström\r\n".encode("latin-1"), ()),
        # Valid GB18030 too, so it is read as GB18030 unless the encoding is given (see test_import_encodings).
        "shift_jis.csv": ("customer_id,name\r\nC1,山田太郎\r\n".encode("shift_jis"), ("--encoding", "shift_jis")),
        "bom_only.csv": (b"\xef\xbb\xbf", ()),
        "header_only.csv": (utf8(head), ()),
        "duplicate_header.csv": (utf8("客户号,姓名,客户号,姓名\r\nC1,张三,C2,李四\r\n"), ()),
        "only_delimiters.csv": (b",,,,\r\n,,,,\r\n;;;\r\n", ()),
        "escapes_in_header.csv": (utf8('"客户\r\n\x1b[2J\x1b]0;owned\x07",\u202e名\r\nC1,张三\r\n'), ()),
        "random_bytes.csv": (random.Random(6).randbytes(8192), ()),
        "text.xlsx": (utf8(head + "C1,张三\r\n"), ()),
        "html.xlsx": (b"<html><body><table><tr><td>\xe5\xae\xa2</td></tr></table></body></html>", ()),
        "zip_of_text.xlsx": (_zip_bytes({"readme.txt": b"not a workbook"}), ()),
        "zip_of_csv.xlsx": (_zip_bytes({"customers.csv": utf8(head + "C1,张三\r\n")}), ()),
        "truncated.xlsx": (workbook[: len(workbook) // 2], ()),
        "zip_header_then_junk.xlsx": (b"PK\x03\x04" + random.Random(7).randbytes(4096), ()),
        "ole_header_then_junk.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), ()),
        "workbook_named_csv.csv": (workbook, ()),
    }


def write_typed_xlsx(path: Path, rows: list[list]) -> Path:
    """A workbook whose cells keep their Python types; text is always text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                book.active.cell(r, c, ILLEGAL_CHARACTERS_RE.sub("", value)).data_type = "s"
            else:
                book.active.cell(r, c, value)
    book.save(path)
    return path
