"""The sample benchmark's baseline still writes rows shaped as the table is: its row was once a hand-written tuple
that fell two columns behind the customers table, and the bench stopped at its first insert."""

from __future__ import annotations

import sqlite3

from bench import bench_sample
from workbench.sample.customers import COLUMNS


def test_the_sample_benchmarks_baseline_writes_rows_with_every_column(tmp_path):
    path = tmp_path / "baseline.sqlite"
    assert bench_sample.baseline(path, 10) > 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (10,)
        assert len(conn.execute("SELECT * FROM customers LIMIT 1").fetchone()) == len(COLUMNS)
