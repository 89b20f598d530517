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
    """The user's working database; on first use a copy of the sample, never the sample itself."""
    path = data_dir() / DB_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        if COMMITTED_SAMPLE.exists():
            shutil.copyfile(COMMITTED_SAMPLE, tmp)
        else:
            from workbench.sample import generate_sample

            generate_sample(tmp, force=True)
        become_new_terminal(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return path


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
