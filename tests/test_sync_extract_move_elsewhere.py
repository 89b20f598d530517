"""A follow-up moved by head office's extract on one desk reaches another desk, which has not imported the extract, as
the extract's move, not a supervisor's reassignment (finding 3 of the month on three desks): the bundle's manifest
names the extract imports whose moves it carries ("extracts", which a desk that does not know the key skips, the
checksum covering it all the same), the desks relay them, and the held notice says to import the same extract there
rather than to reassign the customer. Real database files, a real CSV extract, real bundles, the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from contextlib import closing

from sync_data import terminal_id
from test_sync_stale_extract import _desks, _extract, _import_extract, _run, _state
from workbench.sync.bundle import _canonical, _digest

DAY = "2026-11-24T"
HELD = "The follow-up of 客户1 (C001) was given to M1 李经理 ({by}), but on this terminal the customer's manager is M2 张经理,"
IMPORT_IT = (" so it stays with them; this terminal has not imported that extract: import it here rather than"
             " reassigning the customer.")
REASSIGN = " so it stays with them; reassign the customer on this terminal too if that was meant."


def _terminal(path):
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)


def _by_extract(path, at="08:55"):
    return f"by head office's extract x.csv, imported on terminal {_terminal(path)[:8]} at 2026-11-24 {at}"


def _bundle(cli, path, at, tmp_path):
    out = tmp_path / f"{path.stem}-{at.replace(':', '')}.wbundle"
    _run(cli, path, DAY + at + ":00", "export", "bundle", "--out", out)
    return out


def _import(cli, path, at, bundle):
    return [line for line in _run(cli, path, DAY + at + ":00", "import", "bundle", bundle) if " of 客户" in line]


def test_an_extract_move_from_another_desk_says_to_import_the_extract_there_and_travels_on(tmp_path, cli):
    """S1 imports head office's extract, which gives C001 (M2's) to M1, on desk s at 08:55: F1 goes along. Desk a,
    which has not imported it, keeps F1 with M2 and says to import the extract, naming it; desk b hears of it through
    a's bundle, which relays the move and names the extract too. Once a imports the same file, s and a agree."""
    s, a = _desks(tmp_path)
    b = tmp_path / "b.sqlite"
    shutil.copy(a, b)
    with closing(sqlite3.connect(b)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    extract = _extract(tmp_path, {"C001": "M1"})
    _import_extract(cli, s, DAY + "08:55:00", extract)
    from_s = _bundle(cli, s, "08:58", tmp_path)
    assert [(e["file"], e["by_id"], e["at"], e["terminal_id"]) for e in json.loads(
        from_s.read_bytes().split(b"\n", 1)[0])["extracts"]] == [("x.csv", "S1", DAY + "08:55:00", _terminal(s))]
    assert _import(cli, a, "09:00", from_s) == [HELD.format(by=_by_extract(s)) + IMPORT_IT]
    from_a = _bundle(cli, a, "09:05", tmp_path)
    assert _import(cli, b, "09:07", from_a) == [HELD.format(by=_by_extract(s)) + IMPORT_IT]
    _import_extract(cli, a, DAY + "09:10:00", extract)
    assert _state(a) == _state(s)


def test_a_desk_that_imported_the_same_extract_is_not_told_to_import_it(tmp_path, cli):
    """Desk a imported the same extract at 08:50 and S1 then gave C001 back to M2 there: the move s's import made
    reaches a named as the extract's, with the advice to reassign, since importing the file again would change
    nothing."""
    s, a = _desks(tmp_path)
    extract = _extract(tmp_path, {"C001": "M1"})
    _import_extract(cli, a, DAY + "08:50:00", extract)
    _run(cli, a, DAY + "08:52:00", "reassign", "--customer", "C001", "--to", "M2")
    _import_extract(cli, s, DAY + "08:55:00", extract)
    assert _import(cli, a, "09:00", _bundle(cli, s, "08:58", tmp_path)) == [HELD.format(by=_by_extract(s)) + REASSIGN]


def test_a_follow_up_closed_where_the_extract_was_not_imported_names_the_extract_in_the_clash(tmp_path, cli):
    """M2 marks F1 done on desk a at 09:30, not told that s's extract import gave C001 to M1 at 08:55: a names the move
    as the extract's, on s."""
    s, a = _desks(tmp_path)
    _import_extract(cli, s, DAY + "08:55:00", _extract(tmp_path, {"C001": "M1"}))
    r = cli("--db", a, "--now", DAY + "09:30:00", "--user", "M2", "followup", "done", "F1")
    assert r.exit_code == 0, r.stderr
    [clash] = _import(cli, a, "09:40", _bundle(cli, s, "09:35", tmp_path))
    assert clash.startswith("The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes"
                            f" were kept: marked done (by M2 张经理 on this terminal), given to M1 李经理"
                            f" ({_by_extract(s)}); "), clash


def _rewritten(bundle, change):
    """The bundle with its manifest changed by change(manifest) and its checksum computed again, as a workbench would
    write it."""
    head, body = bundle.read_bytes().split(b"\n", 1)
    manifest = json.loads(head)
    change(manifest)
    manifest["sha256"] = _digest(manifest, body)
    bundle.write_bytes(_canonical(manifest) + b"\n" + body)
    return bundle


def test_a_bundle_without_the_extracts_a_desk_before_them_wrote_names_the_importer(tmp_path, cli):
    s, a = _desks(tmp_path)
    _import_extract(cli, s, DAY + "08:55:00", _extract(tmp_path, {"C001": "M1"}))
    older = _rewritten(_bundle(cli, s, "08:58", tmp_path), lambda manifest: manifest.pop("extracts"))
    assert _import(cli, a, "09:00", older) == [HELD.format(by=f"by S1 主管王 on terminal {_terminal(s)[:8]}") + REASSIGN]


def test_a_manifest_whose_extracts_no_workbench_writes_is_refused_whole(tmp_path, cli):
    s, a = _desks(tmp_path)
    _import_extract(cli, s, DAY + "08:55:00", _extract(tmp_path, {"C001": "M1"}))
    bundle = _bundle(cli, s, "08:58", tmp_path)
    for change in (lambda m: m["extracts"][0].update(file="x\x1b[2J.csv"), lambda m: m["extracts"][0].pop("sha256"),
                   lambda m: m.update(extracts=m["extracts"] * 21), lambda m: m.update(extracts="x.csv")):
        before = _state(a)
        r = cli("--db", a, "--now", DAY + "09:00:00", "--user", "S1", "import", "bundle",
                _rewritten(shutil.copy(bundle, tmp_path / "bad.wbundle"), change))
        assert (r.exit_code, r.stderr.strip()) == (2, "error: Refused bad.wbundle: its manifest's list of head office's"
                                                      " extracts is not as the workbench writes it (the file is damaged"
                                                      " or tampered with); nothing was imported."), r.stderr
        assert _state(a) == before
