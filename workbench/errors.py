"""The one exception type the CLI turns into a single clear sentence and a non-zero exit, and the one place where
what SQLite and the system say in English (a locked database, a full disk, a damaged file) becomes such a sentence,
for the CLI and the app alike."""

import errno
import sqlite3

from workbench.i18n import N_, _, fill

# Exit status for a database another process is writing to: not bad input, worth trying again (EX_TEMPFAIL).
BUSY_EXIT = 75
# Exit status for a disk that is full or failing, or a damaged database file: not bad input either (EX_IOERR).
DISK_EXIT = 74

# SQLite's own words for what stopped it (a marker in its message, lower case), as the person at the desk is told
# them: its English inside a Chinese sentence reads as a fault.
SQLITE_PROBLEMS = (
    ("not a database", N_("it is not a database file (a file of another kind, or an encrypted one)")),
    ("malformed", N_("the file is damaged; restore it from a backup")),
    ("unable to open", N_("the file cannot be opened; check the path and that you may read it")),
    ("database or disk is full", N_("the disk is full")),
    ("disk i/o error", N_("the disk could not be read or written (it may be full, failing or removed)")),
    ("out of memory", N_("there was not enough memory")),
)


class WorkbenchError(Exception):
    """Bad input or a refused action; the message is one sentence a user can act on."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


def is_busy(exc: BaseException) -> bool:
    """Whether exc is SQLite giving up on a lock another connection holds (after the busy timeout)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def busy_error(path=None) -> WorkbenchError:
    """The one sentence for is_busy (path: the database file, when known)."""
    if path is None:
        return WorkbenchError(_("The database is busy: another process has been writing to it for longer than this one"
                                " waits (an import, most likely); try again when it has finished."), exit_code=BUSY_EXIT)
    return WorkbenchError(_("{path} is busy: another process has been writing to it for longer than this one waits"
                            " (an import, most likely); try again when it has finished.").format(path=path),
                          exit_code=BUSY_EXIT)


def os_problem(exc: OSError) -> str:
    """Why the system would not write a file, in the language in use (its strerror is English): a full disk, a
    read-only disk, a folder this user may not write, else the system's own words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full")
    if exc.errno == errno.EROFS:
        return _("the disk is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("this user may not write there")
    if exc.errno == errno.ENOTDIR:
        return _("a part of the path is a file, not a folder")
    return exc.strerror or str(exc)


def sqlite_words(exc: BaseException) -> str | None:
    """SQLite's message in words of our own (SQLITE_PROBLEMS), None when it is not one of those."""
    said = str(exc).lower()
    return next((_(words) for marker, words in SQLITE_PROBLEMS if marker in said), None)


def plain_error(exc: BaseException, path=None) -> WorkbenchError | None:
    """The one sentence for what SQLite or the system said when the machine, not the input, stopped a piece of work
    (path: the database file, when known): a database another process holds (busy_error), a full disk, a disk that
    failed, a damaged database, a file or folder that could not be written; None for anything else. A write that
    fails so is rolled back by SQLite, so nothing of it was recorded."""
    sentence = _plain(exc, path if path is not None else _("the database"))
    if sentence is None:
        return busy_error(path) if is_busy(exc) else None
    if path is None:   # "the database" may start it; a path is as the user typed it (co.sqlite)
        sentence = sentence[:1].upper() + sentence[1:]
    return WorkbenchError(sentence, exit_code=DISK_EXIT)


# SQLite's messages (str of its error) that a screen's worker hands on as text, put in words by plain_text.
_SQLITE_SAID = frozenset({"database is locked", "database table is locked", "database or disk is full",
                          "disk I/O error", "database disk image is malformed"})


def plain_text(text: str) -> str:
    """A sentence a screen is about to show: SQLite's own English (a worker's str(exc)) becomes plain_error's
    sentence, as the CLI says it; anything else, a WorkbenchError's sentence above all, stays as it is."""
    return str(plain_error(sqlite3.OperationalError(text))) if text in _SQLITE_SAID else text


def _plain(exc: BaseException, where) -> str | None:
    """plain_error's sentence for a full or failing disk, a damaged file or a place that cannot be written."""
    if isinstance(exc, sqlite3.Error):
        said = str(exc).lower()
        if "database or disk is full" in said:
            return fill(_("The disk holding {path} is full, so nothing was recorded; free some space on it and try"
                          " again."), path=where)
        if "disk i/o error" in said:
            return fill(_("{path} could not be read or written (the disk may be full, failing or removed), so nothing"
                          " was recorded; check the disk and try again."), path=where)
        if "malformed" in said:
            return fill(_("{path} is damaged: SQLite found a part of it that it cannot read; `workbench doctor` says"
                          " where, and a backup restores it."), path=where)
        return None
    if not isinstance(exc, OSError) or exc.filename is None:
        return None
    shown = _shown(exc.filename)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS):
        return fill(_("Nothing could be written in {folder}: {reason}; free some space there, or choose a folder you"
                      " may write."), folder=shown.parent, reason=os_problem(exc))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return fill(_("This user may not use {path} (its permissions, or its folder's); choose another place, or ask"
                      " whoever it belongs to."), path=shown)
    return None


def _shown(filename):
    """A file the system refused as the user knows it: a hidden temporary file (.out.wbundle.4711.x1y2.part, written
    to be renamed into place) is said as the file it was to become."""
    from pathlib import Path

    path = Path(filename)
    if not (path.name.startswith(".") and path.suffix in (".part", ".partial")):
        return path
    name = path.name[1:-len(path.suffix)].rsplit(".", 1)[0]   # .b.wbundle.4711.x1y2.part: without x1y2
    stem, _dot, pid = name.rpartition(".")
    return path.with_name(stem if pid.isdigit() and stem else name)   # and without the writer's pid
