"""Files written whole or not at all: a temporary sibling renamed over the target at the end."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _

ABANDONED_AFTER_S = 600  # a temporary file untouched this long belongs to a writer that was killed


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success it replaces target, on error it is removed."""
    target = Path(target)
    if target.is_dir():
        raise WorkbenchError(_("{target} is a folder; give a file name with --out.").format(target=target))
    if not target.parent.exists():
        raise WorkbenchError(_("The folder {folder} does not exist.").format(folder=target.parent))
    _remove_abandoned(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_abandoned(target: Path) -> None:
    """Delete temporary siblings of target left by a writer killed mid-way (a live writer keeps
    touching its file, so an old one is abandoned)."""
    now = time.time()
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if now - part.stat().st_mtime > ABANDONED_AFTER_S:
                part.unlink()
        except OSError:
            pass   # gone already, or not ours to remove
