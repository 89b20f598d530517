"""Files written whole or not at all: a temporary sibling renamed over the target at the end."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import WorkbenchError


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success it replaces target, on error it is removed."""
    target = Path(target)
    if target.is_dir():
        raise WorkbenchError(f"{target} is a folder; give a file name with --out.")
    if not target.parent.exists():
        raise WorkbenchError(f"The folder {target.parent} does not exist.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
