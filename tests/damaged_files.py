"""Database files damaged as a failing disk or a bad copy damages them, for the tests of what is said then."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage_pages(path: Path, table: str) -> None:
    """Write over every leaf page of table (or index): SQLite then calls the file malformed where it reads them."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages, table
    with open(path, "r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size)
            fh.write(bytes(range(7, 256)) * (size // 249) + bytes(size % 249))


def index_out_of_step(path: Path, index: str, columns: str) -> None:
    """Make index's entries disagree with its table, as a program that wrote the file around SQLite could: its
    definition now names other columns than those it was built from."""
    conn = sqlite3.connect(path)
    table = conn.execute("SELECT tbl_name FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (f"CREATE INDEX {index} ON {table} ({columns})", index))
    conn.commit()
    conn.close()
