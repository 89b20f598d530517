"""Backups of a workbench database, and a backup put back in its place.

A backup is SQLite's online backup of the open database (consistent while the app writes: what is committed when it
starts, WAL included), written beside its name and renamed into place whole, for this user only; it records in its meta
table when it was taken and from which terminal. A restore checks the backup (a workbench database, whole, not newer
than this program), migrates a copy of it beside the database, gives that copy a new terminal id (the desk's entries
made after the backup come back in other desks' bundles, and must not look like a copy's) and, with every other
workbench closed, renames it over the database, keeping the database as it was beside.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from workbench import audit, schema_check
from workbench.db import SCHEMA_VERSION, open_db, terminal_id
from workbench.db.migrations import current_version
from workbench.errors import BUSY_EXIT, DISK_EXIT, WorkbenchError, is_busy, os_problem, sqlite_words
from workbench.i18n import gettext as _
from workbench.sync.files import atomic_path, remove_left_behind
from workbench.txn import write_transaction

# The backup's own meta rows: when it was taken, and the terminal id of the database it was taken of.
TAKEN_AT, TAKEN_OF = "backup.taken_at", "backup.terminal_id"
# What SQLite says when the file a backup is written to cannot grow or be made: the place's fault, not the database's.
_WRITING_PROBLEMS = ("full", "disk i/o", "unable to open", "readonly")


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int          # bytes
    taken_at: str      # local time, ISO to the second
    terminal_id: str
    altered: tuple[schema_check.Alteration, ...] = ()   # the schema's alterations the copy carries, as the database's


def take_backup(conn: sqlite3.Connection, database: Path, out: Path, *, now: datetime, actor: str | None,
                force: bool = False) -> Backup:
    """Write a consistent copy of the database open on conn to out, atomically and readable by this user only, and
    record the export in the audit log. out must not be the database itself, nor (without force) any existing file."""
    _may_write(database, Path(out), force)
    taken, here = now.isoformat(timespec="seconds"), terminal_id(conn)
    with atomic_path(out) as tmp:
        with _writing(out):
            copy = _backup_into(conn, tmp)
            try:
                with write_transaction(copy):
                    copy.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                     [(TAKEN_AT, taken), (TAKEN_OF, here)])
                altered = tuple(schema_check.alterations(copy))
            finally:
                copy.close()
            os.chmod(tmp, 0o600)
            _sync(tmp)
        size = tmp.stat().st_size
        with write_transaction(conn):
            audit.record(conn, "backup", at=now, actor=actor, subject=Path(out).name,
                         detail={"bytes": size, "terminal_id": here})
    _sync(Path(out).parent)
    return Backup(Path(out), size, taken, here, altered)


def _may_write(database: Path, out: Path, force: bool) -> None:
    """Refuse, before anything is written, an out that is a folder, the database itself, or (without force) a file."""
    if out.is_dir():
        raise WorkbenchError(_("{path} is a folder; give the backup a file name.").format(path=out))
    if out.exists() and os.path.samefile(out, database):   # by device and inode: a link to it, or its own path
        raise WorkbenchError(_("{path} is the database itself; write the backup to another file.").format(path=out))
    if out.exists() and not force:
        raise WorkbenchError(_("{path} already exists, so it was left as it is; give another name, or add --force to"
                               " replace it.").format(path=out))


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """The one sentence for a place the backup cannot be written to (a full disk, a folder this user may not write),
    naming out; anything else is said where it is caught."""
    try:
        yield
    except OSError as exc:
        raise _not_written(out, os_problem(exc)) from None
    except sqlite3.Error as exc:
        if not any(marker in str(exc).lower() for marker in _WRITING_PROBLEMS):
            raise
        raise _not_written(out, sqlite_words(exc) or _("this user may not write there")) from None


def _not_written(out: Path, reason: str) -> WorkbenchError:
    return WorkbenchError(_("The backup could not be written to {path}: {reason}; nothing was written there.").format(
        path=out, reason=reason), exit_code=DISK_EXIT)


def _backup_into(src: sqlite3.Connection, tmp: Path) -> sqlite3.Connection:
    """SQLite's online backup of src into the empty file tmp in one step, so one consistent state (what another
    connection commits meanwhile, or holds uncommitted, is not in it); the copy is left open, in a rollback journal,
    so that it stays one file."""
    copy = sqlite3.connect(tmp, isolation_level=None)
    try:
        src.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        copy.close()
        raise
    return copy


def _sync(path: Path) -> None:
    """Make what was written to the file (or the renames in the folder) at path reach the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_record(conn: sqlite3.Connection) -> dict | None:
    """When this file was taken as a backup and of which terminal ({"terminal_id", "taken_at"}), None when it is not
    one."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (TAKEN_AT, TAKEN_OF)).fetchall())
    if TAKEN_AT not in rows:
        return None
    return {"terminal_id": rows.get(TAKEN_OF), "taken_at": rows[TAKEN_AT]}


def restored_by_hand(conn: sqlite3.Connection) -> str | None:
    """When the backup this database is was taken, if it is a backup still under the terminal id it was taken of: one
    put in place by hand (a restore gives a new id). Entries made under that id after then are the desk's own work
    after the backup, which the other desks send back; None for any other database."""
    record = backup_record(conn)
    return record["taken_at"] if record and record["terminal_id"] == terminal_id(conn) else None


@dataclass
class Staged:
    """A backup checked and copied beside the database, migrated, not yet in place."""
    source: Path
    path: Path              # the copy
    db: sqlite_utils.Database
    terminal_id: str        # the backup's: the terminal it was taken of
    taken_at: str | None    # when it was taken, None when it does not say (not written by `workbench backup`)
    latest: str | None      # its latest entry's time: where a backup that does not say when it was taken ends
    altered: tuple[schema_check.Alteration, ...] = ()   # its schema's alterations, restored only with force


@dataclass(frozen=True)
class Restored:
    backup_terminal: str
    taken_at: str | None
    latest: str | None
    terminal_id: str        # the new one
    kept: Path | None       # the database as it was, None when there was none
    altered: tuple[schema_check.Alteration, ...] = ()   # the schema's alterations it was restored with (force)


@contextmanager
def staged_restore(source: Path, database: Path, *, force: bool = False) -> Iterator[Staged]:
    """Check the backup at source (a workbench database, not damaged, not newer than this program, its schema as the
    migrations make it unless force), copy it beside the database and migrate the copy; yields it open. The copy is
    removed unless install() put it in place."""
    source, database = Path(source), Path(database).resolve()
    _may_restore(source, database)
    remove_left_behind(database, ".part")
    fd, name = tempfile.mkstemp(prefix=f".{database.name}.{os.getpid()}.", suffix=".part", dir=database.parent)
    os.close(fd)
    tmp = Path(name)
    staged = None
    try:
        taken_of, taken_at, latest = _checked_copy(source, tmp)
        staged = Staged(source, tmp, open_db(tmp), taken_of, taken_at, latest)
        staged.altered = tuple(schema_check.alterations(staged.db.conn))
        if staged.altered and not force:
            raise WorkbenchError(_("The schema of {path} was altered outside the workbench ({changes}), and restoring it"
                                   " would bring that here; nothing was restored: restore a backup taken before the"
                                   " change, or add --force to restore this one all the same.").format(
                path=source, changes=schema_check.listed(staged.altered)))
        yield staged
    finally:
        if staged is not None:
            staged.db.close()
        for leftover in (tmp, *(tmp.with_name(tmp.name + end) for end in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


def _may_restore(source: Path, database: Path) -> None:
    if database.is_dir():
        raise WorkbenchError(_("{path} is a folder, not a database file; give the database file with --db.").format(
            path=database))
    if source.is_dir():
        raise WorkbenchError(_("{path} is a folder; give the backup file.").format(path=source))
    if not source.exists():
        raise WorkbenchError(_("There is no file {path}.").format(path=source))
    if database.exists() and os.path.samefile(source, database):
        raise WorkbenchError(_("{path} is the database itself; give a backup of it.").format(path=source))


def _checked_copy(source: Path, tmp: Path) -> tuple[str, str | None, str | None]:
    """Copy the backup at source into tmp and check it: (the terminal it was taken of, when it was taken or None,
    its latest entry's time or None)."""
    from workbench.db.connection import connect, is_workbench

    try:
        conn = connect(source, read_only=True)
    except sqlite3.DatabaseError as exc:
        raise _unusable(source, exc) from None
    try:
        if not is_workbench(conn):
            raise _not_ours(source)
        if (version := current_version(conn)) > SCHEMA_VERSION:
            raise WorkbenchError(_("{path} was written by a newer Branch Workbench (its schema is version {version};"
                                   " this one knows up to {current}); restore it with that one, which keeps what it"
                                   " added; nothing was restored.").format(path=source, version=version,
                                                                           current=SCHEMA_VERSION))
        record, latest = backup_record(conn) or {}, _latest_entry(conn)
        taken_of = record.get("terminal_id") or terminal_id(conn)
        copy = _backup_into(conn, tmp)
    except sqlite3.DatabaseError as exc:
        raise _unusable(source, exc) from None
    finally:
        conn.close()
    try:
        found = copy.execute("PRAGMA integrity_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        found = str(exc)
    finally:
        copy.close()
    if found != "ok":
        raise _damaged(source, found)
    return taken_of, record.get("taken_at"), latest


def _latest_entry(conn: sqlite3.Connection) -> str | None:
    """The time of the latest entry the database holds (audit log, outcomes, follow-up changes): a backup was taken
    after it."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    times = [f"SELECT max({column}) AS t FROM {table}" for table, column in
             (("audit_log", "at"), ("outcomes", "recorded_at"), ("followup_events", "at")) if table in tables]
    return conn.execute(f"SELECT max(t) FROM ({' UNION ALL '.join(times)})").fetchone()[0]


def _not_ours(source: Path) -> WorkbenchError:
    return WorkbenchError(_("{path} is not a workbench database, nor a backup of one; nothing was restored.").format(
        path=source))


def _unusable(source: Path, exc: sqlite3.DatabaseError) -> WorkbenchError:
    """A file SQLite cannot read as a database, or stopped reading: not one, or damaged."""
    if "not a database" in str(exc):
        return _not_ours(source)
    return _damaged(source, str(exc))


def _damaged(source: Path, found: str) -> WorkbenchError:
    return WorkbenchError(_("{path} is damaged (SQLite's integrity check: {found}), so it was not restored; restore"
                            " another backup.").format(path=source, found=found))


def install(staged: Staged, database: Path, *, now: datetime, actor: str | None) -> Restored:
    """Give the staged copy a new terminal id, record the restore in its audit log, and, with no other workbench
    holding the database, keep the database beside as <name>.before-restore-<time> and rename the copy over it."""
    from workbench.sync.terminal import new_terminal_id

    shown, database = Path(database), Path(database).resolve()
    kept = _kept_name(database, now) if database.exists() else None
    conn = staged.db.conn
    with write_transaction(conn):
        _old, new = new_terminal_id(conn, at=now, actor=actor)
        conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (TAKEN_AT, TAKEN_OF))   # no longer a backup: a database
        audit.record(conn, "restore", at=now, actor=actor, subject=staged.source.name, detail={
            "taken_at": staged.taken_at, "latest_entry": staged.latest, "backup_terminal": staged.terminal_id,
            "terminal_id": new, "kept_as": kept.name if kept else None})
    conn.execute("PRAGMA journal_mode = DELETE")   # the WAL folded in: one file to rename
    staged.db.close()
    os.chmod(staged.path, 0o600)
    _sync(staged.path)
    with _held(database, shown):
        if kept is not None:
            _keep(database, kept)
        for end in ("-wal", "-shm", "-journal"):   # the old file's: beside the new one they would be read into it
            database.with_name(database.name + end).unlink(missing_ok=True)
        os.replace(staged.path, database)
        _sync(database.parent)
    return Restored(staged.terminal_id, staged.taken_at, staged.latest, new, kept, staged.altered)


# The audit actions of what a desk does that no bundle carries: made after a backup, they are made again after a restore.
NOT_TRAVELLING = ("campaigns_import", "setting", "staff_add", "staff_change", "pin_set", "pin_clear", "branch_change")


@dataclass(frozen=True)
class KeptLater:
    """What the database kept beside a restore holds from after the backup: how many entries a bundle `--since` the
    backup's day would bring back from it, and its audit entries of what no bundle carries, by action."""
    entries: int
    not_travelling: dict[str, int]


def kept_after(kept: Path, at: str) -> KeptLater | None:
    """What the database kept at kept holds from after at (local time, ISO); None when it cannot be read as a workbench
    database (damaged, or not one: often the reason to restore)."""
    from workbench.db.connection import connect, is_workbench
    from workbench.sync.bundle import SINCE_TIME

    try:
        conn = connect(kept, read_only=True)
    except sqlite3.DatabaseError:
        return None
    try:
        if not is_workbench(conn):
            return None
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        entries = sum(conn.execute(f"SELECT count(*) FROM {table} WHERE {since} > ?", (at,)).fetchone()[0]
                      for table, since in SINCE_TIME.items() if table in tables)
        actions = dict(conn.execute(
            f"SELECT action, count(*) FROM audit_log WHERE at > ? AND action IN ({', '.join('?' * len(NOT_TRAVELLING))})"
            " GROUP BY action", (at, *NOT_TRAVELLING)))
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return KeptLater(entries, {action: actions[action] for action in NOT_TRAVELLING if action in actions})


def _kept_name(database: Path, now: datetime) -> Path:
    kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    n = 1
    while kept.exists() or kept.is_symlink():
        n += 1
        kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}-{n}")
    return kept


@contextmanager
def _held(database: Path, shown: Path) -> Iterator[None]:
    """The database locked against every other connection while the block runs, or refused in one sentence when
    another workbench has it open. A rollback journal kept in memory while held, the WAL folded into the file, so that
    nothing of it is left beside the file to be read into another; a file SQLite cannot take as a database (damaged,
    not one) cannot be open in a workbench either, and is replaced without."""
    if not database.exists():
        yield
        return
    conn = sqlite3.connect(database.as_uri() + "?mode=rw", uri=True, timeout=0, isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise WorkbenchError(_("{path} is open in another workbench (the app, or a command still running);"
                                       " close every workbench first, then restore again; nothing was"
                                       " restored.").format(path=shown), exit_code=BUSY_EXIT) from None
        yield
    finally:
        conn.close()


def _keep(database: Path, kept: Path) -> None:
    """The database as it was, kept at kept for this user only: the same file under a second name, or a copy where
    the disk has no such names."""
    try:
        os.link(database, kept)
    except OSError:
        shutil.copyfile(database, kept)
        _sync(kept)
    os.chmod(kept, 0o600)


def file_size(n: int) -> str:
    """A file's size as a person reads it: 840 KB, 12.5 MB, 1.2 GB."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{max(1, round(n / 1000))} KB"
