"""An import merges with a larger page cache and gives the connection its own back, whether it merged or refused."""

from __future__ import annotations

import pytest

from test_sync_assignments import NOW, _desks, _export, _run
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.sync.bundle import IMPORT_CACHE_KIB, import_bundle


def test_the_connection_keeps_its_page_cache_after_an_import_and_a_refusal(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M3")
    bundle = _export(cli, s, "10:05")
    damaged = tmp_path / "damaged.wbundle"
    damaged.write_bytes(bundle.read_bytes()[:-20])
    db = open_db(a)
    try:
        db.conn.execute("PRAGMA cache_size = -1234")
        seen = []
        db.conn.set_trace_callback(lambda sql: seen.append(sql) if "cache_size" in sql else None)
        assert import_bundle(db.conn, bundle, now=NOW, actor="S1").assignments_new == 1
        assert f"PRAGMA main.cache_size = -{IMPORT_CACHE_KIB}" in seen
        assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == -1234
        with pytest.raises(WorkbenchError):
            import_bundle(db.conn, damaged, now=NOW, actor="S1")
        assert db.conn.execute("PRAGMA cache_size").fetchone()[0] == -1234
    finally:
        db.close()
