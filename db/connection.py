"""Open a workbench database: pragmas for a shared, crash-safe file, then migrate it."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from workbench.db.meta import has_terminal_id
from workbench.db.migrations import MIGRATIONS, apply_migrations, current_version, recorded_migrations
from workbench.errors import WorkbenchError, is_busy

SCHEMA_VERSION = MIGRATIONS[-1].version

BUSY_TIMEOUT_MS = 10_000


def connect(path: str | Path, *, read_only: bool = False, create: bool = True) -> sqlite3.Connection:
    """A raw sqlite3 connection with the workbench pragmas (one per thread); read_only opens the file only to
    read it (mode=ro), leaving its journal mode as it is, since switching to WAL is a write; create=False opens
    only a file that is there (mode=rw): the app never makes an empty database where its file was moved away."""
    if read_only:
        return _read_only(Path(path))
    target, uri = (str(path), False) if create else (Path(path).resolve().as_uri() + "?mode=rw", True)
    conn = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL lets the TUI read while a CLI import writes; NORMAL is durable at each checkpoint.
    _ask_for_wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _ask_for_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting as for any write: while a first import holds the write lock of a file under a rollback
    journal, SQLite answers the switch with "database is locked" at once, without its busy wait (holding a read lock
    it could deadlock), so it is asked again until the busy timeout has passed."""
    waited_until = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= waited_until:
                raise
            time.sleep(0.05)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads path, first read at once (a foreign file is said here, on opening). A WAL
    file whose folder this process may not write cannot make its shared-memory file even to read, so it is
    read as immutable then: nobody can be writing it either, for the same reason."""
    uri = path.resolve().as_uri()
    try:
        return _reading(uri + "?mode=ro")
    except sqlite3.OperationalError:
        if folder_writable(path):
            raise
    return _reading(uri + "?mode=ro&immutable=1")


def _reading(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def create_indexes(conn: sqlite3.Connection, statements: list[str],
                   progress: Callable[[int, int], None] | None = None) -> None:
    """Run CREATE INDEX statements with SQLite's sorter allowed a helper thread per spare core.

    A bulk load rebuilds its indexes when nothing else is busy; on two cores this is about a fifth
    faster than sorting on one thread (4.7 -> 3.6 s for the customers indexes at a million rows).
    progress, if given, is told (built, of how many) before the first and after each one.
    """
    helpers = max(0, min(4, (os.cpu_count() or 1) - 1))
    before = conn.execute("PRAGMA threads").fetchone()[0]
    conn.execute(f"PRAGMA threads = {helpers}")
    tell = progress if progress and statements else lambda built, total: None
    try:
        tell(0, len(statements))
        for built, sql in enumerate(statements, 1):
            conn.execute(sql)
            tell(built, len(statements))
    finally:
        conn.execute(f"PRAGMA threads = {int(before)}")


@contextmanager
def rollback_journal(conn: sqlite3.Connection) -> Iterator[bool]:
    """For one bulk load into empty tables: a rollback journal instead of WAL while the block runs,
    if no other connection has the file open; yields whether it switched.

    New pages past the old end of the file need no journal, so each is written once; WAL writes it
    to the log and again at the checkpoint (a million customers: the commit 2.0 -> 0.3 s). Another
    connection that opens meanwhile waits, as for any writer; WAL comes back at the end, and any
    connect() asks for it too, so a process killed in between leaves only a journal that the next
    open rolls back.
    """
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")   # someone has the file open: keep WAL, do not wait
    try:
        switched = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:
        switched = False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
    if not switched:
        yield False
        return
    conn.execute("PRAGMA synchronous = FULL")   # NORMAL is safe for WAL; a rollback journal wants FULL
    try:
        yield True
    finally:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass   # a reader came in meanwhile: the next connect() switches back


class ForeignDatabase(WorkbenchError):
    """An SQLite database of another program: tables of its own, and none of ours."""


class NewerDatabase(WorkbenchError):
    """A workbench database whose schema is past this program's: written by a newer workbench."""


def must_be_ours(path: str | Path, *, newer_ok: bool = False) -> None:
    """Refuse, before anything is written to it, a file this program must not migrate: an SQLite database of another
    program (migrating it would add our tables beside its own and switch it to WAL), or, unless newer_ok (only to read
    it), a database a newer workbench wrote (this one would write into it without keeping what the newer one adds). A
    missing or empty file, or one without tables, becomes ours."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    conn = _read_only(path)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")]
        ours = not tables or _ours(conn, tables)
        version = current_version(conn) if ours else 0
    finally:
        conn.close()
    if not ours:
        from workbench.i18n import _, join_list

        shown = join_list(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise ForeignDatabase(_("{path} is an SQLite database of another program (its tables: {tables}), not a workbench"
                                " database, so it was left as it is; give the workbench database with --db.").format(
                                    path=path, tables=shown))
    if version > SCHEMA_VERSION and not newer_ok:
        raise newer_database(path, version)


def _ours(conn: sqlite3.Connection, tables: list[str]) -> bool:
    """Whether a file with tables is ours to migrate: a workbench database (is_workbench), or one holding
    schema_migrations alone and empty, where a first open stopped before migration 1."""
    return is_workbench(conn) or (tables == ["schema_migrations"] and recorded_migrations(conn) == 0)


def is_workbench(conn: sqlite3.Connection) -> bool:
    """Whether the file is a workbench database, by what only ours have: a schema_migrations table as
    apply_migrations keeps it (other programs keep tables of that name too), recording migration 1, and the meta
    table's terminal id that migration 1 writes. A backup restored must be one (backup)."""
    table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    return table is not None and bool(recorded_migrations(conn)) and has_terminal_id(conn)


def newer_database(path: str | Path, version: int) -> NewerDatabase:
    """The one sentence for a database of schema version past SCHEMA_VERSION."""
    from workbench.i18n import _

    return NewerDatabase(_("{path} was written by a newer Branch Workbench (its schema is version {version}; this one"
                           " knows up to {current}), so this one writes nothing into it, which could lose what the"
                           " newer one keeps; use it with the newer workbench.").format(
                               path=path, version=version, current=SCHEMA_VERSION))


def open_db(path: str | Path, *, migrate: bool = True, read_only: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the database at path and bring it to the current schema, once must_be_ours has
    found it ours; read_only opens an existing file of ours, a newer workbench's too, to read it as it is, neither
    migrated nor switched to WAL."""
    if read_only:
        must_be_ours(path, newer_ok=True)
    elif migrate:
        must_be_ours(path)
    db = sqlite_utils.Database(connect(path, read_only=read_only))
    if migrate and not read_only:
        apply_migrations(db.conn)
    return db


def writable(path: str | Path) -> bool:
    """Whether this process may write the existing file at path: its mode, an immutable flag or a read-only
    mount all say no here, where SQLite would only say "attempt to write a readonly database" later."""
    try:
        os.close(os.open(path, os.O_RDWR))
    except PermissionError:
        return False
    except OSError as exc:
        return exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM)
    return True


def write_block(path: str | Path) -> str | None:
    """What stops this process writing the database at path, if anything: "mode" (its permissions), "immutable"
    (its permissions allow it, yet it cannot be written: an immutable flag or a read-only disk), or "folder"
    (the file can be written but not the folder, where SQLite keeps its journal)."""
    if not writable(path):
        return "immutable" if mode_allows_writing(path) else "mode"
    return None if folder_writable(path) else "folder"


def mode_allows_writing(path: str | Path) -> bool:
    """Whether the file's permission bits let this user write it: when they do and it still cannot be written,
    it is marked immutable or lies on a read-only disk, which chmod does not change."""
    st, uid = os.stat(path), os.geteuid()
    bit = 0o200 if uid in (0, st.st_uid) else 0o020 if st.st_gid in os.getgroups() else 0o002
    return bool(st.st_mode & bit)


def folder_writable(path: str | Path) -> bool:
    """Whether this process may make files in the folder of path, as SQLite must for a database's journal or WAL."""
    return os.access(Path(path).resolve().parent, os.W_OK)


def schema_version(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    return current_version(conn)
