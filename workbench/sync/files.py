"""Files written whole or not at all: a temporary sibling renamed over the target at the end; and an existing file
replaced only when it is an earlier export of the same kind (or --force says so)."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _

ABANDONED_AFTER_S = 600  # a temporary file untouched this long belongs to a writer that was killed
FIRST_LINE_LIMIT = 1 << 20   # how much of a file's first line is read to recognise it


def may_replace(target: str | Path, *, ours: Callable[[Path], bool], kind: str, force: bool = False) -> None:
    """Refuse, before anything is written, to replace a file at target that is not an earlier export of this kind
    (ours(path) says whether it is; kind names it, marked with N_), unless force: an export must not destroy the
    customer extract just imported, or anything else that happens to have the name. An empty file holds nothing to
    lose; a daily re-export to one name replaces yesterday's as before."""
    if not force and not replaceable(target, ours):
        raise WorkbenchError(_("{path} already exists and is not an earlier {kind}, so it was left as it is; write to"
                               " another file, or add --force to replace it.").format(path=target, kind=_(kind)))


def replaceable(target: str | Path, ours: Callable[[Path], bool]) -> bool:
    """Whether writing target loses nothing: no file is there (a folder is said as such by the writer), an empty one,
    or one ours(path) recognises as an earlier file of the kind to be written."""
    target = Path(target)
    if not target.is_file() or target.stat().st_size == 0:
        return True
    try:
        return ours(target)
    except (OSError, ValueError):   # unreadable, or not what it would have to be: not one of ours
        return False


def first_line(path: Path) -> bytes:
    """The file's first line (at most FIRST_LINE_LIMIT bytes), without its line end."""
    with open(path, "rb") as fh:
        return fh.readline(FIRST_LINE_LIMIT).rstrip(b"\r\n")


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success it replaces target, on error it is removed."""
    target = Path(target)
    if target.is_dir():
        raise WorkbenchError(_("{target} is a folder; give a file name with --out.").format(target=target))
    if not target.parent.exists():
        raise WorkbenchError(_("The folder {folder} does not exist.").format(folder=target.parent))
    remove_left_behind(target, ".part")
    # The writer's pid in the name (.b.wbundle.4711.x1y2.part): a later run knows the file of a killed one at once.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_left_behind(target: Path, suffix: str) -> None:
    """Delete temporary siblings of target (.NAME.PID….SUFFIX) left by a writer that was killed: its process is gone,
    or, for a name without a pid (written before names carried one), the file has not been touched for
    ABANDONED_AFTER_S (a live writer keeps touching its file)."""
    prefix = f".{target.name}."
    now = time.time()
    for part in target.parent.glob(f"{glob.escape(prefix)}*{suffix}"):
        pid = part.name[len(prefix):].split(".", 1)[0]
        try:
            if (pid.isdigit() and not _running(int(pid))) or now - part.stat().st_mtime > ABANDONED_AFTER_S:
                part.unlink()
        except OSError:
            pass   # gone already, or not ours to remove


def _running(pid: int) -> bool:
    """Whether a process pid is running (one of another user's is, though it may not be signalled)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
