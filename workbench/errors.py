"""The one exception type the CLI turns into a single clear sentence and a non-zero exit."""

import errno
import sqlite3

# Exit status for a database another process is writing to: not bad input, worth trying again (EX_TEMPFAIL).
BUSY_EXIT = 75


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
    from workbench.i18n import _

    if path is None:
        return WorkbenchError(_("The database is busy: another process has been writing to it for longer than this one"
                                " waits (an import, most likely); try again when it has finished."), exit_code=BUSY_EXIT)
    return WorkbenchError(_("{path} is busy: another process has been writing to it for longer than this one waits"
                            " (an import, most likely); try again when it has finished.").format(path=path),
                          exit_code=BUSY_EXIT)


def os_problem(exc: OSError) -> str:
    """Why the system would not write a file, in the language in use (its strerror is English): a full disk, a
    read-only disk, a folder this user may not write, else the system's own words."""
    from workbench.i18n import _

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("the disk is full")
    if exc.errno == errno.EROFS:
        return _("the disk is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("this user may not write there")
    return exc.strerror or str(exc)
