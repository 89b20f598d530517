"""The Typer application objects and the state every command shares."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import typer

from workbench.errors import WorkbenchError, plain_error
from workbench.i18n import _

app = typer.Typer(
    name="workbench",
    help="Branch Workbench: call lists, scripts and outcomes for waking dormant customers.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import files: customer extracts from head office, outcome bundles.")
export_app = typer.Typer(help="Export files: outcome bundles and supervisor reports.")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


# The database the command line being run opened, for a sentence about an error that comes after (None: none yet).
_opened: list[Path] = []


def opened_database() -> Path | None:
    return _opened[-1] if _opened else None


# While a command line runs under writes_watched: each database it opened, as (its connection, that connection's
# changes once opened, a second connection watching the file, the file's data_version then). None: not watched.
_watched: list[tuple[sqlite3.Connection, int, sqlite3.Connection, int]] | None = None


@contextmanager
def writes_watched() -> Iterator[Callable[[], bool]]:
    """Watch the databases the command line opens from here on; yields a function that says whether it saved a change
    to one (console.shown_as_it_can asks it of a command whose output could not be shown)."""
    global _watched
    _watched = []
    try:
        yield lambda: any(_saved(*watched) for watched in _watched or ())
    finally:
        for _conn, _changes, watcher, _version in _watched or ():
            watcher.close()
        _watched = None


def _watch(conn: sqlite3.Connection, path: Path) -> None:
    """Note conn, just opened (and migrated) on path, for writes_watched; a file that cannot be watched is not."""
    try:
        watcher = sqlite3.connect(path)
        version = watcher.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return
    _watched.append((conn, conn.total_changes, watcher, version))


def _saved(conn: sqlite3.Connection, changes: int, watcher: sqlite3.Connection, version: int) -> bool:
    """Whether conn committed a change: it changed rows (a dry run does too, rolled back), and the file changed under
    the watcher (another program's write does too, but then conn changed nothing; a dry run while another program
    writes is the one case taken for saved)."""
    try:
        if conn.total_changes == changes:
            return False
    except sqlite3.ProgrammingError:   # closed by the command: the file alone says
        pass
    try:
        return watcher.execute("PRAGMA data_version").fetchone()[0] != version
    except sqlite3.Error:
        return False


def folder_must_exist(path: Path) -> None:
    """A path the user gave is written only into a folder that exists: a typo should not make a new tree."""
    if path.parent.exists() and not path.parent.is_dir():
        raise WorkbenchError(_("{folder} is a file, not a folder; check the path {path}.").format(folder=path.parent, path=path))
    if not path.parent.is_dir():
        raise WorkbenchError(_("There is no folder {folder}; create it first, or check the path {path}.").format(
            folder=path.parent, path=path))


def file_ending(option: str, path: Path, kind: str, endings: tuple[str, ...]) -> None:
    """A file an option writes in one format is named for it: a page that says .pdf but holds HTML is refused."""
    if path.is_dir():
        raise WorkbenchError(_("{path} is a folder; give a file name with {option}.").format(path=path, option=option))
    if path.suffix.lower() not in endings:
        raise WorkbenchError(_("{option} writes a file in {kind}, so its name must end in {endings}; {name} does not.").format(
            option=option, kind=kind, endings=" / ".join(endings), name=path.name))


@dataclass
class CliState:
    db_path: Path | None = None
    lang: str | None = None
    user: str | None = None
    now_text: str | None = None
    command: str = "workbench"   # the command line's command ('workbench staff pin'), which state() notes

    def __post_init__(self) -> None:
        _opened.clear()   # a new command line: in tests, many run in one process

    def resolve_db_path(self) -> Path:
        from workbench.paths import default_db_path

        return self.db_path if self.db_path is not None else default_db_path()

    def open(self, *, must_exist: bool = True, read_only_ok: bool = False):
        """Open and migrate the database; a missing file is an error unless must_exist is False. A file this
        process may not write is refused in those words, or, with read_only_ok (doctor), opened only to read."""
        from workbench.db import open_db
        from workbench.db.connection import NewerDatabase, write_block

        path = self.resolve_db_path()
        if path.is_dir():   # SQLite would say only "unable to open database file"
            raise WorkbenchError(_("{path} is a folder, not a database file; give the database file with --db.").format(
                path=path))
        if must_exist and not path.exists():
            raise WorkbenchError(_("No database at {path}; create one with 'workbench init' or 'workbench sample'.").format(
                path=path))
        if must_exist and path.is_file() and path.stat().st_size == 0:   # opening it would make it a database
            raise WorkbenchError(_("{path} is an empty file, not a workbench database; create one there with"
                                 " 'workbench init'.").format(path=path))
        if not must_exist and self.db_path is not None:
            folder_must_exist(path)
        if path.is_file() and not os.access(path, os.R_OK):   # before write_block, which would call it read-only
            raise WorkbenchError(_("{path} may not be read by this user (its permissions); work as the user it belongs"
                                   " to, or give a copy you may read with --db.").format(path=path))
        _opened.append(path)
        read_only = path.is_file() and write_block(path) is not None
        if read_only and not read_only_ok:
            raise read_only_error(path)
        try:
            db = open_db(path, read_only=read_only)
        except NewerDatabase:
            if not read_only_ok:
                raise
            db = open_db(path, read_only=True)   # doctor reads it as it is, and says whose it is
        except WorkbenchError:
            raise
        except Exception as exc:  # a corrupt or foreign file, a full disk, or one locked by a long write
            if isinstance(exc, sqlite3.Error) and "readonly" in str(exc):   # its folder, say, where the WAL files go
                raise read_only_error(path) from None
            raise plain_error(exc, path, opening=True) from None
        if _watched is not None:
            _watch(db.conn, path)
        if self.user and db["staff"].exists():
            self.user = self.staff_id(db, self.user)   # --user m001 acts as M001 in everything after
        if self.now_text:   # a claimed time: an audit entry written far from the real one records that too
            from workbench.audit import real_clock

            real_clock(db.conn, self.real_now)
        return db

    def staff_id(self, db, typed: str | None) -> str | None:
        """A staff id a person typed (--user, --manager, --to, an ID argument) as the staff table spells it."""
        from workbench.access import staff_id_as_stored

        return staff_id_as_stored(db.conn, typed)

    def actor(self, db, staff_id: str | None = None):
        """The staff member acting (staff_id, else --user), with their PIN checked when they have one."""
        from workbench.access import get_staff
        from workbench.pins import check_pin, locked_out

        staff = get_staff(db.conn, self.staff_id(db, staff_id) if staff_id else self.user)   # open() read --user so
        result = check_pin(db.conn, staff.staff_id, os.environ.get("WORKBENCH_PIN"), now=self.now(), where=self.command,
                           real_now=self.real_now())
        if not result.ok:
            if result.wait_seconds:
                raise WorkbenchError(locked_out(staff.staff_id, result.wait_seconds), exit_code=3)
            raise WorkbenchError(_("Wrong or missing PIN for {user}; set WORKBENCH_PIN.").format(user=staff.staff_id),
                                 exit_code=3)
        return staff

    def acting_for(self, db, staff_id: str, action: str):
        """The person at the keyboard (--user, else staff_id), PIN-checked; only a supervisor acts for someone
        else, and a refusal is written to the audit log."""
        from workbench.access import get_staff, require_self_or_supervisor

        staff = self.actor(db, self.user or staff_id)
        if staff.staff_id != staff_id:
            get_staff(db.conn, staff_id)   # a mistyped id (m001: the caller goes on with it) is said as such, not refused
        require_self_or_supervisor(db.conn, staff, staff_id, action, at=self.now())
        return staff

    def supervisor(self, db, action: str, staff_id: str | None = None, *, target: str | None = None):
        """The supervisor acting (staff_id, else --user; PIN checked); anyone else is refused, and the refusal
        audited with the customer or staff member it was about (target)."""
        from workbench.access import require_supervisor

        staff = self.actor(db, staff_id)
        require_supervisor(db.conn, staff, action, at=self.now(), target=target)
        return staff

    def keeper(self, db, action: str) -> str | None:
        """The supervisor acting (PIN-checked, a refusal audited) once the database has one; None before, as
        setting a new database up needs nobody's word."""
        from workbench.staffing import has_supervisor

        if not has_supervisor(db.conn):
            return None
        if not self.user:
            raise WorkbenchError(_("Say which supervisor may {action} with --user ID (or WORKBENCH_USER).").format(
                action=_(action)))
        return self.supervisor(db, action).staff_id

    def now(self) -> datetime:
        """The current local time, read here at the edge so the engine never reads the clock."""
        if self.now_text:
            try:
                given = datetime.fromisoformat(self.now_text)
            except ValueError:
                raise WorkbenchError(_("--now must be an ISO date and time, not {text!r}.").format(
                    text=self.now_text)) from None
            # Every time the workbench writes is local and naive: one with a UTC offset (+08:00) is that moment here.
            # Written as given, it made every later bundle of the desk unreadable (a bundle refuses offsets).
            return given.astimezone().replace(tzinfo=None) if given.tzinfo is not None else given
        return datetime.now().replace(microsecond=0)

    def real_now(self) -> datetime:
        """The computer's clock, whatever --now claims: a PIN lock runs on it, and an audit entry written at a claimed
        time far from it records it too. Read here, at the edge, as now() is."""
        return datetime.now()


def read_only_error(path: Path) -> WorkbenchError:
    """The one sentence for a database this process may open but not write, by what stops it (write_block)."""
    from workbench.db.connection import write_block

    block = write_block(path)
    if block == "folder":
        return WorkbenchError(_("{folder}, the folder of {path}, is read-only for this user, and SQLite writes its journal"
                                " beside the database, so nothing can be recorded; make the folder writable or work on"
                                " a copy elsewhere with --db.").format(folder=path.resolve().parent, path=path))
    if block == "immutable":   # the permissions are not what stops it: chmod would not help
        return WorkbenchError(_("{path} cannot be written although its permissions allow it: it is marked immutable"
                                " (chattr -i {path} lifts that) or lies on a read-only disk; work on a writable copy"
                                " with --db.").format(path=path))
    return WorkbenchError(_("{path} is read-only for this user, so nothing can be recorded in it; make it writable"
                            " (chmod 600 {path} as its owner) or work on a writable copy with --db.").format(path=path))


def echo_json(data, *, indent: int | None = 2) -> None:
    """A --json output, in UTF-8 whatever the locale's encoding, as JSON between programs must be (RFC 8259 §8.1): a
    script's jq or json.loads(bytes) reads the same under zh_CN.GB18030 or en_US.ISO-8859-1, where standard output's
    text layer wrote GB18030 or failed. A lone surrogate (a name read from bytes that were not UTF-8) is written as
    its escape, which JSON reads back the same."""
    text = json.dumps(data, ensure_ascii=False, indent=indent) + "\n"
    sys.stdout.flush()   # what the text layer holds goes out first
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:   # a stream of text alone, put in standard output's place: it takes the text
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8", "backslashreplace"))
    buffer.flush()


def name_cells(width: int) -> int:
    """The most cells a customer's name takes in a table printed `width` columns wide; a longer one is cut
    with "…" (a company's name of 50 cells squeezed rank, phone and reasons out). A Chinese name takes 4-8."""
    return 24 if width >= 100 else 14


# The largest whole number SQLite holds: a count past it cannot even be asked of the database.
_SQLITE_MOST = 2**63 - 1


def at_least_one(option: str, value: int | None) -> None:
    """A count option (--limit, --page), when given, is 1 or more, and no more than SQLite can take: said before
    anything is opened."""
    if value is not None and value < 1:
        raise WorkbenchError(_("{option} must be at least 1, not {value}.").format(option=option, value=value))
    if value is not None and value > _SQLITE_MOST:
        raise WorkbenchError(_("{option} can be at most {most:,}.").format(option=option, most=_SQLITE_MOST))


def state(ctx: typer.Context) -> CliState:
    """The shared state, created by the root callback; it notes the command asking, so that a PIN refused is audited
    naming it."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    root.obj.command = ctx.command_path
    return root.obj
