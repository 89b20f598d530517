"""The one exception type the CLI turns into a single clear sentence and a non-zero exit, and the one place where
what SQLite and the system say in English (a locked database, a full disk, a damaged file) becomes such a sentence,
for the CLI and the app alike."""

import errno
import sqlite3
from typing import NamedTuple

from workbench.i18n import N_, _, fill

# Exit status for a database another process is writing to: not bad input, worth trying again (EX_TEMPFAIL).
BUSY_EXIT = 75
# Exit status for a disk that is full or failing, or a damaged database file: not bad input either (EX_IOERR).
DISK_EXIT = 74


class SqliteProblem(NamedTuple):
    """What SQLite says stopped it (a marker in its message), as the person at the desk is told it: its English inside
    a Chinese sentence reads as a fault. SQLITE_PROBLEMS lists them, for the CLI and the app alike."""

    marker: str   # in SQLite's message, lower case
    reason: str   # why a file could not be opened (sqlite_words): "Cannot open X as a workbench database: <reason>."
    sentence: str | None = None   # plain_error's, for a piece of work it stopped ({path}: the database)
    at_opening: bool = False   # the sentence is said when the file could not be opened too (the disk's fault)


SQLITE_PROBLEMS = (
    SqliteProblem("not a database", N_("it is not a database file (a file of another kind, or an encrypted one)")),
    # Not at opening: doctor cannot open such a file either, to say where it is damaged.
    SqliteProblem("malformed", N_("the file is damaged; restore it from a backup"), N_(
        "{path} is damaged: SQLite found a part of it that it cannot read; `workbench doctor` says where, and a backup"
        " restores it.")),
    SqliteProblem("unable to open", N_("the file cannot be opened; check the path and that you may read it")),
    SqliteProblem("database or disk is full", N_("the disk is full"), N_(
        "The disk holding {path} is full, so nothing was recorded; free some space on it and try again."), True),
    SqliteProblem("disk i/o error", N_("the disk could not be read or written (it may be full, failing or removed)"), N_(
        "{path} could not be read or written (the disk may be full, failing or removed), so nothing was recorded;"
        " check the disk and try again."), True),
    SqliteProblem("out of memory", N_("there was not enough memory")),
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


def _sqlite_problem(exc: BaseException) -> SqliteProblem | None:
    """exc's entry in SQLITE_PROBLEMS, None when it is none of those."""
    said = str(exc).lower()
    return next((problem for problem in SQLITE_PROBLEMS if problem.marker in said), None)


def sqlite_words(exc: BaseException) -> str | None:
    """SQLite's message as a reason in words of our own (SQLITE_PROBLEMS), None when it is not one of those."""
    problem = _sqlite_problem(exc)
    return _(problem.reason) if problem is not None else None


def plain_error(exc: BaseException, path=None, *, opening: bool = False) -> WorkbenchError | None:
    """The one sentence for what SQLite or the system said when the machine, not the input, stopped a piece of work
    (path: the database file, when known): a database another process holds (busy_error), a full disk, a disk that
    failed, a damaged database, a file or folder that could not be written; None for anything else. A write that
    fails so is rolled back by SQLite, so nothing of it was recorded. opening: the database at path could not even be
    opened, and anything but a busy database or the disk's fault is then "Cannot open path as a workbench database"
    with sqlite_words' reason, or SQLite's own words (exit 2), never None."""
    if is_busy(exc):
        return busy_error(path)
    sentence = _plain(exc, path if path is not None else _("the database"), opening)
    if sentence is None:
        if not opening:
            return None
        return WorkbenchError(_("Cannot open {path} as a workbench database: {error}.").format(
            path=path, error=sqlite_words(exc) or _("SQLite says: {error}").format(error=exc)))
    if path is None:   # "the database" may start it; a path is as the user typed it (co.sqlite)
        sentence = sentence[:1].upper() + sentence[1:]
    return WorkbenchError(sentence, exit_code=DISK_EXIT)


def plain_words(exc: BaseException) -> str:
    """A caught exception as one sentence for a screen: plain_error's for the machine's problems, as the CLI says them
    in the interface language; anything else, a WorkbenchError's sentence above all, as it says itself."""
    return str(plain_error(exc) or exc)


def _plain(exc: BaseException, where, opening: bool) -> str | None:
    """plain_error's sentence for a full or failing disk, a damaged file or a place that cannot be written."""
    if isinstance(exc, sqlite3.Error):
        problem = _sqlite_problem(exc)
        if problem is None or problem.sentence is None or (opening and not problem.at_opening):
            return None
        return fill(_(problem.sentence), path=where)
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
