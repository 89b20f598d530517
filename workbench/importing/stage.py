"""Staging converted rows in scratch SQLite files through Arrow, for the import to copy in with SQL.

The process that converts the rows (a reader process for large files, else the importing one) writes
each block's converted rows, as a polars frame, into a part file through ADBC's SQLite driver: the
values go from Arrow to SQLite in compiled code, never one Python object per cell. At the end of a part
it keeps the first row of each customer number (across the whole file, in a scratch table of numbers
seen) and deletes later repeats, which it names. The importing process then attaches the finished part
and copies it into the customers table with one INSERT ... SELECT (store.CustomerWriter.load).

An import into an empty customers table scores the staged customers before it copies them in, and
copies each part in with its scores from a scratch file of their own (ScoreFile, one per group of
parts: importing.scored_load).

Files ADBC writes are never open in the importing process at the same time: it attaches a part only
once the stager has closed it, the numbers seen only once the stager is done, and a group's score
file only once its last chunk is written and the file closed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.importing.columns import schema

PREFIX = "workbench-import-"
# An import killed outright (power cut, SIGKILL) cannot remove its scratch folder; the next import
# removes such leftovers once they have sat untouched this long (no import takes hours).
STALE_SECONDS = 6 * 3600
IDS_FILE = "ids.sqlite"


# The importing connection reads each attached scratch file from start to end (a part twice: its scoring
# inputs, then its rows), so a cache of SQLite's default 2 MB per file, ten attached at the end, only adds
# memory: a million-row import peaked 14 MB higher with it, and was no faster.
ATTACHED_CACHE_KIB = 256


def attach(conn, path: Path, schema: str) -> None:
    """Attach a finished scratch file to the importing connection as schema (one of our own names)."""
    conn.execute(f"ATTACH DATABASE ? AS {schema}", (str(path),))
    conn.execute(f"PRAGMA {schema}.cache_size = -{ATTACHED_CACHE_KIB}")


def scratch_folder(now: float | None = None) -> Path:
    """A new empty scratch folder in the temporary folder (the caller removes it); stale ones go first."""
    _remove_stale(Path(tempfile.gettempdir()), time.time() if now is None else now)
    return Path(tempfile.mkdtemp(prefix=PREFIX))


def remove_scratch(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _remove_stale(folder: Path, now: float) -> None:
    for leftover in folder.glob(f"{PREFIX}*"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        except OSError:
            pass   # another user's file, or gone already: not ours to worry about


@dataclass
class Part:
    """A finished part file: its staged rows (repeats already deleted) and the repeats it held."""

    path: Path
    rows: int
    repeats: list[tuple[int, str]] = field(default_factory=list)   # (row number, customer number)
    blank_consent: int = 0   # consent cells left blank (None), which the store reads as consent


class Stager:
    """Writes converted frames into part files; keeps the first row of each customer number."""

    def __init__(self, folder: Path, columns: list[str]):
        import adbc_driver_sqlite
        import polars as pl

        self.folder = folder
        types = schema(columns)   # the row number, the customer columns, the two names
        self.columns = list(types)
        self.table_sql = "CREATE TABLE staged ({})".format(", ".join(
            f'"{c}" {"INTEGER" if t == pl.Int64 else "TEXT"}' for c, t in types.items()))
        self._driver = adbc_driver_sqlite
        self._db = self._conn = None
        self.parts = 0
        self.rows = 0   # in the open part
        self.blank_consent = 0   # in the open part: its frames' null consent cells (polars keeps the count)
        self._consent = "consent" in columns
        self._writes = BackgroundWrites(folder)   # the next block converts while a frame is written

    @property
    def ids_path(self) -> Path:
        return self.folder / IDS_FILE

    def add(self, frame) -> None:
        """Append converted rows (a polars frame as columns.schema gives) to the open part."""
        if not frame.height:
            return
        if self._conn is None:
            self._open()
        self._writes.submit(_append, self._conn, "staged", frame.select(self.columns))
        self.rows += frame.height
        if self._consent:
            self.blank_consent += frame["consent"].null_count()

    def finish_part(self) -> Part | None:
        """Close the open part: record its customer numbers, delete repeats of earlier rows, name them."""
        if self._conn is None:
            return None
        self._writes.wait()
        self._execute("ATTACH '{}' AS seen".format(str(self.ids_path).replace("'", "''")))   # a quote doubled
        self._execute("PRAGMA seen.journal_mode = OFF")
        self._execute("PRAGMA seen.synchronous = OFF")
        self._execute("CREATE TABLE IF NOT EXISTS seen.ids (customer_id TEXT PRIMARY KEY, row INTEGER NOT NULL) "
                      "WITHOUT ROWID")
        added = self._execute("INSERT INTO seen.ids SELECT customer_id, line FROM staged ORDER BY rowid "
                              "ON CONFLICT DO NOTHING")
        repeats: list[tuple[int, str]] = []
        if added != self.rows:   # some number came earlier: in this part or in one before
            frame = self._query(
                "DELETE FROM staged WHERE line <> (SELECT row FROM seen.ids WHERE ids.customer_id = staged.customer_id) "
                f"RETURNING line, customer_id, {'consent IS NULL' if self._consent else '0'} AS blank")
            repeats = sorted(zip(frame["line"].to_list(), frame["customer_id"].to_list()))
            self.blank_consent -= frame["blank"].sum()   # a repeat's blank cell is not stored: the first row is
        self._execute("DETACH seen")
        part = Part(self._path(self.parts), self.rows - len(repeats), repeats, self.blank_consent)
        self._close()
        self.parts += 1
        return part

    def close(self) -> None:
        self._writes.close()
        self._close()

    def _open(self) -> None:
        from adbc_driver_manager import AdbcConnection

        self._db = self._driver.connect(str(self._path(self.parts)))
        self._conn = AdbcConnection(self._db)
        # Scratch data: nothing to keep if the machine stops, so no journal and no syncing.
        self._execute("PRAGMA journal_mode = OFF")
        self._execute("PRAGMA synchronous = OFF")
        self._execute(self.table_sql)
        self.rows = self.blank_consent = 0

    def _path(self, number: int) -> Path:
        return self.folder / f"part-{number:03d}.sqlite"

    def _execute(self, sql: str) -> int:
        return _execute(self._conn, self.folder, sql)

    def _query(self, sql: str):
        """The statement's result as a polars frame."""
        import polars as pl
        from adbc_driver_manager import AdbcStatement, Error

        statement = AdbcStatement(self._conn)
        try:
            statement.set_sql_query(sql)
            stream, _ = statement.execute_query()
            return pl.DataFrame(stream)
        except Error as exc:
            raise scratch_error(self.folder, exc) from None
        finally:
            statement.close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._db.close()
            self._conn = self._db = None


class ScoreFile:
    """Scores of a fresh import's staged customers (scoring.score_staged), before they are inserted:
    a table per part, scores_K, keyed by the staged row's rowid, in a scratch file written through
    ADBC on a thread (the driver lets go of the GIL, so the next chunk is read and scored meanwhile);
    the importing process attaches the file once finish() has returned."""

    def __init__(self, folder: Path, name: str = "scores.sqlite"):
        import adbc_driver_sqlite
        from adbc_driver_manager import AdbcConnection

        self.folder = folder
        self.path = folder / name
        self._db = adbc_driver_sqlite.connect(str(self.path))
        self._conn = AdbcConnection(self._db)
        for pragma in ("journal_mode = OFF", "synchronous = OFF"):   # scratch data, as the parts
            _execute(self._conn, folder, f"PRAGMA {pragma}")
        self.tables: set[int] = set()
        self._writes = BackgroundWrites(folder)

    def add(self, part: int, columns: dict) -> None:
        """Append score columns (numpy arrays: "rowid", then store.SCORE_COLUMNS) to part's table."""
        import polars as pl

        create = None
        if part not in self.tables:
            types = ", ".join(f'"{name}" {_SQL_TYPES[values.dtype.kind]}' for name, values in columns.items()
                              if name != "rowid")
            create = f"CREATE TABLE scores_{int(part)} (rowid INTEGER PRIMARY KEY, {types})"
            self.tables.add(part)
        frame = pl.DataFrame([_series(pl, name, values) for name, values in columns.items()])
        self._writes.submit(self._write, create, f"scores_{int(part)}", frame)

    def finish(self) -> None:
        """Wait until every chunk handed over is written, and close the file."""
        self._writes.wait()
        self.close()

    def close(self) -> None:
        self._writes.close()
        if self._conn is not None:
            self._conn.close()
            self._db.close()
            self._conn = self._db = None

    def _write(self, create: str | None, table: str, frame) -> None:
        if create:
            _execute(self._conn, self.folder, create)
        _append(self._conn, table, frame)


class BackgroundWrites:
    """Writes to scratch files run on one thread (ADBC lets go of the GIL while it writes, so the
    caller converts or scores the next block meanwhile), at most WAITING handed over and not done, so
    memory stays flat. A write's failure is raised on the caller's side, as scratch_error's sentence,
    by the next submit or wait."""

    WAITING = 2

    def __init__(self, folder: Path):
        self.folder = folder
        self._pool = ThreadPoolExecutor(1)
        self._waiting: deque[Future] = deque()

    def submit(self, write: Callable[..., object], *args) -> None:
        while len(self._waiting) >= self.WAITING:
            self._result(self._waiting.popleft())
        self._waiting.append(self._pool.submit(write, *args))

    def wait(self) -> None:
        """Wait until every write handed over is done."""
        while self._waiting:
            self._result(self._waiting.popleft())

    def close(self) -> None:
        """Stop: writes not yet started are dropped, the one running is waited for."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._waiting.clear()

    def _result(self, future: Future) -> None:
        try:
            future.result()
        except BaseException as exc:
            raise scratch_error(self.folder, exc) from None


_SQL_TYPES = {"f": "REAL", "i": "INTEGER", "O": "TEXT"}


def _series(pl, name: str, values):
    """A numpy column as polars: floats with NaN as null, objects as text."""
    if values.dtype.kind == "f":
        return pl.Series(name, values).fill_nan(None)
    if values.dtype.kind == "O":
        return pl.Series(name, values.tolist(), dtype=pl.String)
    return pl.Series(name, values)


def _append(conn, table: str, frame) -> None:
    """Append a polars frame's rows to a table through ADBC (values from Arrow, in compiled code)."""
    from adbc_driver_manager import AdbcStatement

    statement = AdbcStatement(conn)
    try:
        statement.set_options(**{"adbc.ingest.target_table": table, "adbc.ingest.mode": "adbc.ingest.mode.append"})
        statement.bind_stream(frame.__arrow_c_stream__())
        statement.execute_update()
    finally:
        statement.close()


def _execute(conn, folder: Path, sql: str) -> int:
    from adbc_driver_manager import AdbcStatement, Error

    statement = AdbcStatement(conn)
    try:
        statement.set_sql_query(sql)
        return statement.execute_update()
    except Error as exc:
        raise scratch_error(folder, exc) from None
    finally:
        statement.close()


def scratch_error(folder: Path, exc: BaseException) -> BaseException:
    """The driver's or the system's failure to write (a full disk, most likely) as one sentence
    naming the folder; any other exception as it is."""
    from adbc_driver_manager import Error

    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
    elif not isinstance(exc, Error):
        return exc
    else:
        reason = str(exc).splitlines()[0].rsplit(": ", 1)[-1]
    if "rollback" in reason:   # the driver's own clean-up failed after the write did
        reason = _("a write failed")
    text = _("Cannot write the import's scratch files in {folder} ({reason}); free some space there or set TMPDIR "
             "to a folder with room. The database is unchanged.")
    return WorkbenchError(text.format(folder=folder.parent, reason=reason))
