"""Outcome bundles between two real database files: merge by id, repeats, refusal of broken files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from datetime import datetime

import pytest

import sync_data
from sync_data import add_outcome, dump, terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.errors import WorkbenchError
from workbench.sync.bundle import FORMAT_VERSION, _canonical, _digest, export_bundle, import_bundle, verify_bundle

NOW = datetime(2026, 11, 20, 16, 0, 0)


@pytest.fixture
def two_terminals(tmp_path):
    """Two copies of one branch database, each with its own terminal id."""
    return sync_data.two_terminals(tmp_path)


def _log_morning(path):
    db = open_db(path)
    conn = db.conn
    conn.execute("BEGIN")
    oid = add_outcome(conn, "C000", "2026-11-20T09:15:00", business_outcome="interested", note="=HYPERLINK(\"x\")")
    add_outcome(conn, "C002", "2026-11-20T09:30:00", line_result="no_answer")
    add_outcome(conn, "C004", "2026-11-20T09:40:00", business_outcome="do_not_call")
    append_event(conn, followup_id="F1", customer_id="C000", kind="created", at="2026-11-20T09:16:00",
                 terminal_id=terminal_id(conn), by_id="M1", owner_id="M1", due_on="2026-11-23", outcome_id=oid)
    conn.execute("COMMIT")
    db.close()


def test_bundle_carries_calls_to_the_other_terminal(two_terminals, tmp_path, cli):
    a, b = two_terminals
    _log_morning(a)
    bundle = tmp_path / "a.wbundle"
    r = cli("--db", a, "--now", "2026-11-20T12:00:00", "--user", "M1", "export", "bundle", "--out", bundle)
    assert r.exit_code == 0, r.stderr
    assert "3 outcome entries, 1 follow-up events" in r.stdout
    manifest = json.loads(bundle.read_bytes().split(b"\n", 1)[0])
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["counts"] == {"outcomes": 3, "followup_events": 1, "assignments": 0, "erasures": 0}
    assert manifest["branch"] == "B1"
    assert manifest["first_at"] == "2026-11-20T09:15:00" and manifest["last_at"] == "2026-11-20T09:40:00"
    with sqlite3.connect(a) as conn:
        assert manifest["terminal_id"] == terminal_id(conn)
        head, action = conn.execute("SELECT prev_hash, action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert (manifest["audit_head"], action) == (head, "export")   # the head just before the export entry
    assert verify_bundle(bundle) == manifest

    r = cli("--db", b, "--user", "S1", "--now", "2026-11-20T13:00:00", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    assert "outcome entries 3 new, 0 already here; follow-up events 1 new" in r.stdout
    with sqlite3.connect(b) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 3
        assert conn.execute("SELECT status, due_on FROM followups WHERE followup_id = 'F1'").fetchone() == ("open", "2026-11-23")
        # "last contact" reflects the call from the other desk at once.
        assert conn.execute("SELECT last_contact_at FROM contact_state WHERE customer_id = 'C000'").fetchone() == (
            "2026-11-20T09:15:00",)
        assert conn.execute("SELECT do_not_call FROM customers WHERE customer_id = 'C004'").fetchone() == (1,)
        log = conn.execute("SELECT kind, file_name, sha256, inserted FROM import_log").fetchall()
        assert log == [("bundle", "a.wbundle", manifest["sha256"], 4)]
        assert conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == ("import",)

    before = dump(b)
    r = cli("--db", b, "--user", "S1", "--now", "2026-11-20T14:00:00", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    assert "already imported on 2026-11-20 13:00;" in r.stdout   # to the minute, as every sentence says a time
    assert "outcome entries 0 new, 3 already here" in r.stdout
    after = dump(b)
    for table in ("outcomes", "followup_events", "followups", "customers", "contact_state"):
        assert after[table] == before[table]
    assert len(after["import_log"]) == 2 and after["import_log"][1][8] == 0   # recorded, nothing inserted
    r = cli("--db", b, "--lang", "zh_CN", "--user", "S1", "--now", "2026-11-20T14:00:00", "import", "bundle", bundle)
    assert "此同步包已于 2026-11-20 13:00 导入过" in r.stdout


def test_since_and_manager_narrow_the_bundle(two_terminals, tmp_path):
    a, _ = two_terminals
    db = open_db(a)
    db.conn.execute("BEGIN")
    add_outcome(db.conn, "C000", "2026-11-18T10:00:00")
    add_outcome(db.conn, "C002", "2026-11-20T10:00:00")
    add_outcome(db.conn, "C001", "2026-11-20T11:00:00", manager_id="M2")
    db.conn.execute("COMMIT")
    r = export_bundle(db.conn, tmp_path / "x.wbundle", now=NOW, since="2026-11-19", manager_id="M1")
    assert r.manifest["counts"]["outcomes"] == 1
    with pytest.raises(WorkbenchError, match="--since must be a date"):
        export_bundle(db.conn, tmp_path / "y.wbundle", now=NOW, since="yesterday")
    assert not (tmp_path / "y.wbundle").exists()


def test_concurrent_follow_up_changes_are_resolved_and_reported(two_terminals, tmp_path, cli):
    a, b = two_terminals
    _log_morning(a)
    shutil.copy(a, b)   # both desks start from the same state...
    with sqlite3.connect(b) as conn:
        conn.execute("UPDATE meta SET value = 'terminal-b' WHERE key = 'terminal_id'")
    for path, due, at in ((a, "2026-11-25", "2026-11-20T10:00:00"), (b, "2026-11-27", "2026-11-20T10:05:00")):
        db = open_db(path)   # ...then each reschedules F1 without seeing the other
        db.conn.execute("BEGIN")
        append_event(db.conn, followup_id="F1", customer_id="C000", kind="rescheduled", due_on=due, at=at,
                     terminal_id=terminal_id(db.conn), by_id="M1")
        db.conn.execute("COMMIT")
        db.close()
    assert cli("--db", a, "--user", "S1", "export", "bundle", "--out", tmp_path / "a.b").exit_code == 0
    assert cli("--db", b, "--user", "S1", "export", "bundle", "--out", tmp_path / "b.b").exit_code == 0
    r = cli("--db", a, "--user", "S1", "import", "bundle", tmp_path / "b.b")
    # The customer, both due dates, who made each change and where: a supervisor can act on it.
    assert ("The follow-up of 客户0 (C000) was changed on more than one terminal at once: kept: due 2026-11-27 (by M1 李经理 on"
            " terminal terminal); lost: due 2026-11-25 (by M1 李经理 on this terminal); if 2026-11-25 is the time agreed"
            " with the customer, move it back: `workbench followup move F1 --when 2026-11-25`.") in r.stdout
    assert cli("--db", b, "--user", "S1", "import", "bundle", tmp_path / "a.b").exit_code == 0
    states = [sqlite3.connect(p).execute("SELECT due_on, status FROM followups").fetchall() for p in (a, b)]
    assert states[0] == states[1] == [("2026-11-27", "rescheduled")]   # the newer event wins on both


# --- refusals ------------------------------------------------------------------------------------


@pytest.fixture
def bundle_and_target(two_terminals, tmp_path):
    a, b = two_terminals
    _log_morning(a)
    db = open_db(a)
    export_bundle(db.conn, tmp_path / "good.wbundle", now=NOW)
    db.close()
    return (tmp_path / "good.wbundle").read_bytes(), b


def _refused(target, data, tmp_path, name="bad.wbundle") -> str:
    bad = tmp_path / name
    bad.write_bytes(data)
    db = open_db(target)
    try:
        with pytest.raises(WorkbenchError) as info:
            import_bundle(db.conn, bad, now=NOW)
    finally:
        db.close()
    return str(info.value)


def test_every_single_byte_change_is_refused_and_changes_nothing(bundle_and_target, tmp_path):
    data, target = bundle_and_target
    before = dump(target)
    for i in range(len(data)):
        for flip in (0x01, 0x20):
            tampered = data[:i] + bytes([data[i] ^ flip]) + data[i + 1:]
            message = _refused(target, tampered, tmp_path)
            assert message.startswith("Refused bad.wbundle: ") and message.endswith("nothing was imported.")
    assert dump(target) == before


def test_truncated_bundles_are_refused(bundle_and_target, tmp_path):
    data, target = bundle_and_target
    before = dump(target)
    for cut in sorted({0, 1, 10, len(data) // 3, len(data) // 2, len(data) - 2, len(data) - 1}):
        _refused(target, data[:cut], tmp_path)
    assert "checksum does not match" in _refused(target, data[: data.rindex(b"\n", 0, len(data) - 1) + 1], tmp_path)
    assert dump(target) == before


def test_unknown_format_version_is_refused(bundle_and_target, tmp_path):
    data, target = bundle_and_target
    before = dump(target)
    head, body = data.split(b"\n", 1)
    manifest = json.loads(head)
    manifest["format_version"] = FORMAT_VERSION + 1
    manifest["sha256"] = _digest(manifest, body)   # a well-formed bundle from a newer workbench
    message = _refused(target, _canonical(manifest) + b"\n" + body, tmp_path)
    assert f"format version {FORMAT_VERSION + 1} is not one this workbench reads" in message
    assert dump(target) == before


def test_files_that_are_not_bundles_are_refused(bundle_and_target, tmp_path, cli):
    _, target = bundle_and_target
    before = dump(target)
    zipped = tmp_path / "z.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("manifest.json", "{}")
    samples = [b"", b"customer_id,name\nC1,x\n", b'{"format": "something-else"}\n', zipped.read_bytes(),
               "客户".encode("gbk"), b"\x00" * 64]
    for data in samples:
        assert "is not an outcome bundle" in _refused(target, data, tmp_path)
    (tmp_path / "bad.wbundle").write_bytes(b"hello\n")
    r = cli("--db", target, "--user", "S1", "import", "bundle", tmp_path / "bad.wbundle")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and r.stderr.startswith("error: Refused bad.wbundle:")
    r = cli("--db", target, "--user", "S1", "import", "bundle", tmp_path / "missing.wbundle")
    assert r.exit_code == 2 and "No bundle at" in r.stderr
    assert dump(target) == before


def test_a_bundle_written_with_a_bad_row_is_refused_whole(bundle_and_target, tmp_path):
    data, target = bundle_and_target
    head, body = data.split(b"\n", 1)
    manifest = json.loads(head)
    lines = body.split(b"\n")
    entry = json.loads(lines[0])
    del entry["row"]["customer_id"]   # shape error in the first entry; the others are fine
    body = _canonical(entry) + b"\n" + b"\n".join(lines[1:])
    manifest["sha256"] = _digest(manifest, body)
    before = dump(target)
    assert "line 2 is not an outcome, follow-up, assignment or erasure entry" in _refused(target, _canonical(manifest) + b"\n" + body, tmp_path)
    assert dump(target) == before


def test_an_entry_id_reused_with_other_content_is_kept_as_here_and_reported(two_terminals, tmp_path, cli):
    a, b = two_terminals
    for path, note in ((a, "from a"), (b, "from b")):
        db = open_db(path)
        db.conn.execute("BEGIN")
        add_outcome(db.conn, "C000", "2026-11-20T09:00:00", outcome_id="same-id", note=note)
        db.conn.execute("COMMIT")
        db.close()
    assert cli("--db", a, "--user", "S1", "export", "bundle", "--out", tmp_path / "a.b").exit_code == 0
    r = cli("--db", b, "--user", "S1", "import", "bundle", tmp_path / "a.b")
    assert r.exit_code == 0 and "1 entry in the bundle reuses an id held here with different content" in r.stdout
    assert sqlite3.connect(b).execute("SELECT note FROM outcomes").fetchall() == [("from b",)]


def test_after_import_the_other_desks_calls_block_and_rescore_at_once(two_terminals, tmp_path, cli):
    a, b = two_terminals
    _log_morning(a)   # C002 did not answer at 09:30 on desk A
    assert cli("--db", a, "--user", "S1", "export", "bundle", "--out", tmp_path / "a.b").exit_code == 0
    assert cli("--db", b, "--user", "S1", "--now", "2026-11-20T10:00:00", "import", "bundle", tmp_path / "a.b").exit_code == 0
    with sqlite3.connect(b) as conn:
        blocked_until, last = conn.execute(
            "SELECT blocked_until, last_contact_at FROM contact_state WHERE customer_id = 'C002'").fetchone()
        assert last == "2026-11-20T09:30:00"
        assert blocked_until is not None and blocked_until > "2026-11-20T10:00:00"   # desk B will not ring again yet
        scored = dict(conn.execute("SELECT customer_id, scored_on FROM customers WHERE customer_id IN ('C000', 'C002', 'C001')"))
        assert scored["C000"] == scored["C002"] == "2026-11-20" and scored["C001"] is None   # only the affected ones
        assert conn.execute("SELECT priority FROM customers WHERE customer_id = 'C004'").fetchone() == (None,)  # do-not-call


def test_the_manifest_and_sha256_kept_are_those_of_the_read_that_merges(two_terminals, tmp_path, monkeypatch):
    """The file is read once, by the merge (it was read twice, checked before the write lock, then merged: replaced
    in between, the log named the bundle checked): the import log and audit entry name the bundle merged."""
    from workbench.sync import bundle as bundle_module

    a, b = two_terminals
    _log_morning(a)
    first, second = tmp_path / "first.wbundle", tmp_path / "second.wbundle"
    db = open_db(a)
    try:
        export_bundle(db.conn, first, now=NOW)
        with db.conn:
            add_outcome(db.conn, "C002", "2026-11-20T11:00:00")
        merged = export_bundle(db.conn, second, now=NOW).manifest
    finally:
        db.close()
    checked = verify_bundle(first)
    target = tmp_path / "in.wbundle"
    shutil.copy(second, target)   # another bundle lands at the path after the first was checked by hand
    real_scan, reads = bundle_module._scan, []

    def counted_scan(path, sink):
        reads.append(path)
        return real_scan(path, sink)

    monkeypatch.setattr(bundle_module, "_scan", counted_scan)
    db = open_db(b)
    try:
        result = import_bundle(db.conn, target, now=NOW)
        assert len(reads) == 1   # one read, the one that merges: nothing can land between two
        assert checked["sha256"] != merged["sha256"]
        assert result.manifest == merged and result.sha256 == merged["sha256"]
        assert result.outcomes_new == merged["counts"]["outcomes"]
        assert db.conn.execute("SELECT sha256, rows_read FROM import_log").fetchall() == [
            (merged["sha256"], sum(merged["counts"].values()))]
        detail = db.conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0]
        assert json.loads(detail)["sha256"] == merged["sha256"]
    finally:
        db.close()
