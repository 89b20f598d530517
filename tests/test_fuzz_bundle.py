"""Fuzz the bundle reader: any damaged or re-signed hostile bundle is imported or refused in one
sentence (WorkbenchError), never anything else, and a refusal leaves the database as it was."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_data import add_outcome, dump, seed_branch
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.followups import reassign_customer
from workbench.sync.bundle import _canonical, _digest, export_bundle, import_bundle

NOW = datetime(2026, 11, 20, 16, 0, 0)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Values a hostile or broken writer could put where the reader expects strings and codes.
hostile_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@pytest.fixture(scope="module")
def bundle_and_target(tmp_path_factory):
    base = tmp_path_factory.mktemp("fuzz")
    source, target = base / "source.sqlite", base / "target.sqlite"
    db = open_db(source)
    seed_branch(db.conn)
    db.close()
    shutil.copy(source, target)
    db = open_db(source)
    db.conn.execute("BEGIN")
    for i in range(4):
        add_outcome(db.conn, f"C00{i}", f"2026-11-20T09:0{i}:00", note=f"第{i}次")
    db.conn.execute("COMMIT")
    reassign_customer(db.conn, "C000", "M2", at=NOW, by_id="S1")   # an assignment entry among the rows too
    export_bundle(db.conn, base / "good.wbundle", now=NOW)
    db.close()
    return (base / "good.wbundle").read_bytes(), target


def _attempt(data: bytes, target, tmp_path) -> None:
    """Import data into a fresh copy of target; a refusal must leave that copy unchanged."""
    work = tmp_path / "work.sqlite"
    shutil.copy(target, work)
    before = dump(work)
    path = tmp_path / "x.wbundle"
    path.write_bytes(data)
    db = open_db(work)
    try:
        import_bundle(db.conn, path, now=NOW)
    except WorkbenchError as exc:
        assert "\n" not in str(exc) and str(exc).endswith(".")
        assert dump(work) == before
    finally:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()


@FUZZ
@given(data=st.data())
def test_damaged_bundles(bundle_and_target, tmp_path, data):
    good, target = bundle_and_target
    kind = data.draw(st.sampled_from(["flip", "cut", "insert", "garbage"]))
    if kind == "flip":
        pos = data.draw(st.integers(0, len(good) - 1))
        damaged = good[:pos] + bytes([good[pos] ^ data.draw(st.integers(1, 255))]) + good[pos + 1:]
    elif kind == "cut":
        damaged = good[: data.draw(st.integers(0, len(good) - 1))]
    elif kind == "insert":
        pos = data.draw(st.integers(0, len(good)))
        damaged = good[:pos] + data.draw(st.binary(min_size=1, max_size=20)) + good[pos:]
    else:
        damaged = data.draw(st.binary(max_size=400))
    _attempt(damaged, target, tmp_path)


@FUZZ
@given(data=st.data())
def test_resigned_bundles_with_hostile_rows(bundle_and_target, tmp_path, data):
    """A writer that signs its own bundle correctly still cannot get malformed rows in."""
    good, target = bundle_and_target
    head, body = good.split(b"\n", 1)
    manifest = json.loads(head)
    lines = [json.loads(line) for line in body.split(b"\n") if line]
    victim = lines[data.draw(st.integers(0, len(lines) - 1))]
    row = victim["row"]
    key = data.draw(st.sampled_from(sorted(row)))
    if data.draw(st.booleans()):
        row[key] = data.draw(hostile_values)
    else:
        del row[key]
    new_body = b"".join(_canonical(entry) + b"\n" for entry in lines)
    manifest["sha256"] = _digest(manifest, new_body)
    _attempt(_canonical(manifest) + b"\n" + new_body, target, tmp_path)
