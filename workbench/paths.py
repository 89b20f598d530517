"""Where the workbench keeps its database when none is named, and reading the text files people hand it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import platformdirs

from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _

APP_NAME = "branch-workbench"
DB_FILE = "workbench.sqlite"

# The committed sample sits at the top of a source checkout, beside the package folder.
COMMITTED_SAMPLE = Path(__file__).resolve().parent.parent / "sample.sqlite"


def read_text(path: str | Path) -> str:
    """A UTF-8 text file handed in (a byte-order mark is dropped); a missing file, a folder or another
    encoding is one WorkbenchError sentence."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WorkbenchError(_("No file at {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise WorkbenchError(_("{path} is a folder, not a file.").format(path=path)) from None
    except UnicodeDecodeError:
        raise WorkbenchError(_("{path} is not UTF-8 text.").format(path=path)) from None


def data_dir() -> Path:
    """The per-user data folder (WORKBENCH_HOME overrides it, e.g. in tests)."""
    override = os.environ.get("WORKBENCH_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def reports_dir() -> Path:
    """Where the import writes its reports when the extract's own folder cannot be written (a read-only share, a CD)."""
    return data_dir() / "reports"


def default_db_path() -> Path:
    """The user's working database; on first use a copy of the sample, never the sample itself, made whole or not at
    all: a folder that cannot be made or written, or a disk that fills, is one sentence, and no half copy stays."""
    import sqlite3

    path = data_dir() / DB_FILE
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))   # customer data, even made up: the
        if COMMITTED_SAMPLE.exists():                                        # user's alone from the first byte
            shutil.copyfile(COMMITTED_SAMPLE, tmp)
        else:
            from workbench.sample import generate_sample

            generate_sample(tmp, force=True)
        become_new_terminal(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass   # never made: the folder could not be
        raise WorkbenchError(_("Your working copy of the sample cannot be made in {folder} ({reason}); free some space"
                               " there or make the folder writable, or give a database with --db or WORKBENCH_DB.")
                             .format(folder=path.parent, reason=_problem(exc))) from None
    return path


def _problem(exc: Exception) -> str:
    """Why the copy could not be made, in the language in use."""
    from workbench.errors import os_problem, sqlite_words

    return os_problem(exc) if isinstance(exc, OSError) else sqlite_words(exc) or str(exc)


def become_new_terminal(path: Path) -> None:
    """A copy of the sample (or a sample written as the working database) is a terminal of its own: it must
    not share the sample's terminal id, which the seed fixes."""
    import sqlite3
    import uuid

    from workbench.db.meta import set_terminal_id

    conn = sqlite3.connect(path)
    with conn:
        set_terminal_id(conn, str(uuid.uuid4()))
    conn.close()
