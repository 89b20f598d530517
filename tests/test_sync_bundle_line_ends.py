"""A bundle whose line ends an editor, a mail or git made Windows ones (CR LF) is the bundle exported: it imports as
the original does, the checksum checked over the bytes as written. One whose content changed besides is refused,
saying both. Real database files, real bundles, the real CLI."""

from __future__ import annotations

from sync_data import dump
from test_sync_assignments import _desks
from test_sync_since import _bundle, _log


def _windows(data: bytes) -> bytes:
    """What unix2dos, Notepad's save or git's autocrlf makes of the file."""
    return data.replace(b"\n", b"\r\n")


def _a_days_bundle(cli, tmp_path):
    supervisor, desk = _desks(tmp_path)
    _log(cli, supervisor, "2026-11-24T09:00:00", "C000", "2026-11-27")   # a call and its follow-up
    _log(cli, supervisor, "2026-11-24T09:10:00", "C001")
    return _bundle(cli, supervisor, "2026-11-24T10:00:00", "s.wbundle"), desk


def _import(cli, desk, bundle, *lang):
    return cli("--db", desk, *lang, "--now", "2026-11-24T11:00:00", "--user", "S1", "import", "bundle", bundle)


def test_windows_line_ends_import_as_the_bundle_exported(tmp_path, cli):
    bundle, desk = _a_days_bundle(cli, tmp_path)
    data = bundle.read_bytes()
    assert b"\r" not in data
    lines = data.splitlines(keepends=True)
    copies = {
        "crlf.wbundle": _windows(data),
        "bom.wbundle": "\ufeff".encode() + _windows(data),           # Notepad's UTF-8 with its byte-order mark
        "half.wbundle": b"".join(_windows(line) if i % 2 else line for i, line in enumerate(lines)),
        "twice.wbundle": data.replace(b"\n", b"\r\r\n"),
    }
    original = tmp_path / "original.sqlite"
    original.write_bytes(desk.read_bytes())
    r = _import(cli, original, bundle)
    assert r.exit_code == 0 and "outcome entries 2 new" in r.stdout
    for name, copy in copies.items():
        (tmp_path / name).write_bytes(copy)
        work = tmp_path / f"{name}.sqlite"
        work.write_bytes(desk.read_bytes())
        r = _import(cli, work, tmp_path / name)
        assert r.exit_code == 0, (name, r.stderr)
        assert "outcome entries 2 new, 0 already here; follow-up events 1 new" in r.stdout
        # Merged exactly as the original: the same rows, the same checksum in the import log, the file's name aside.
        assert {t: rows for t, rows in dump(work).items() if t not in ("import_log", "audit_log")} == {
            t: rows for t, rows in dump(original).items() if t not in ("import_log", "audit_log")}
    # The same bundle, whatever its line ends: a repeat is recognised as one.
    r = _import(cli, original, tmp_path / "crlf.wbundle")
    assert r.exit_code == 0 and r.stdout.startswith("This bundle was already imported on 2026-11-24 11:00;")


def test_windows_line_ends_and_a_change_besides_are_refused_saying_both(tmp_path, cli):
    bundle, desk = _a_days_bundle(cli, tmp_path)
    before = dump(desk)
    data = _windows(bundle.read_bytes())
    changed = data.replace(b'"at":"2026-11-24T09:10:00"', b'"at":"2026-11-24T09:11:00"')
    assert changed != data
    (tmp_path / "changed.wbundle").write_bytes(changed)
    r = _import(cli, desk, tmp_path / "changed.wbundle")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (
        "error: Refused changed.wbundle: its line ends were changed to Windows ones (as an editor, mail or git may do)"
        " and its content was changed besides, so its checksum does not match; import the original file as it was"
        " exported; nothing was imported.")
    r = _import(cli, desk, tmp_path / "changed.wbundle", "--lang", "zh_CN")
    assert r.exit_code == 2 and "其换行符被改成了 Windows 格式" in r.stderr and "请导入导出时的原始文件" in r.stderr
    # The same change with the line ends as written: the checksum's own sentence, as before.
    (tmp_path / "lf.wbundle").write_bytes(changed.replace(b"\r\n", b"\n"))
    r = _import(cli, desk, tmp_path / "lf.wbundle")
    assert r.exit_code == 2 and "its checksum does not match its content" in r.stderr
    assert dump(desk) == before


def test_a_copy_given_windows_line_ends_is_an_earlier_bundle_to_replace(tmp_path, cli):
    bundle, _desk = _a_days_bundle(cli, tmp_path)
    supervisor = tmp_path / "s.sqlite"
    kept = tmp_path / "kept.wbundle"
    kept.write_bytes("\ufeff".encode() + _windows(bundle.read_bytes()))   # re-saved by Notepad, as import takes it
    r = cli("--db", supervisor, "--now", "2026-11-24T12:00:00", "--user", "S1", "export", "bundle", "--out", kept)
    assert r.exit_code == 0, r.stderr
    assert kept.read_bytes().startswith(b'{"audit_head"') and b"\r" not in kept.read_bytes()   # written anew
    # A file that is no bundle, with the same byte-order mark, is still left as it is.
    other = tmp_path / "notes.wbundle"
    other.write_bytes("\ufeff".encode() + b"customer_id,note\r\nC000,hi\r\n")
    r = cli("--db", supervisor, "--now", "2026-11-24T12:01:00", "--user", "S1", "export", "bundle", "--out", other)
    assert r.exit_code == 2 and "already exists and is not an earlier outcome bundle" in r.stderr
    assert other.read_bytes().startswith("\ufeff".encode() + b"customer_id")
