"""An access request's file (the customer's name, unmasked number and every note) is readable by its owner only,
as the database and every other export are, whatever the umask; an unknown customer leaves nothing behind."""

import json
import os
import stat

import pytest

from workbench.db import open_db


@pytest.fixture
def staffed(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '王强', 'supervisor')")
    db.execute("INSERT INTO customers (customer_id, name, phone_e164, manager_id) VALUES ('C1', '张伟', '+8613800138000',"
               " NULL)")
    db.close()
    return db_path


def test_the_access_request_file_is_the_owners_alone(cli, staffed, tmp_path):
    out = tmp_path / "c1.json"
    out.write_text(json.dumps({"customer": {}, "holdings": [], "outcomes": [], "followups": [], "contact_state": []}))
    os.chmod(out, 0o644)   # an earlier export by an older workbench: replaced by one of the owner's alone
    fresh = tmp_path / "c1-again.json"
    before = os.umask(0o022)   # the usual umask, under which a plain file is readable by all
    try:
        done = [cli("--db", staffed, "--user", "S1", "privacy", "export", "--customer", "C1", "--out", path)
                for path in (out, fresh)]
    finally:
        os.umask(before)
    assert [d.exit_code for d in done] == [0, 0], done
    assert [stat.S_IMODE(p.stat().st_mode) for p in (out, fresh)] == [0o600, 0o600]
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["phone_e164"] == "+8613800138000"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".tmp") == []


def test_an_unknown_customer_writes_nothing(cli, staffed, tmp_path):
    out = tmp_path / "nobody.json"
    done = cli("--db", staffed, "--user", "S1", "privacy", "export", "--customer", "C9", "--out", out)
    assert done.exit_code != 0 and "C9" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "workbench.sqlite" and "sqlite" not in p.name) == []
