"""The command line run as another console runs it: a locale whose encoding is not UTF-8.

A Latin-1 locale is built with localedef into the test's folder where the system has localedef (a fraction of a
second); without it, PYTHONIOENCODING gives standard output the same encoding, so the test runs either way and
never skips. GB18030 is always given through PYTHONIOENCODING: building that locale takes some ten seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tui_fixtures import NOW

# What the parent's own environment would change about the encoding, or about the run (a developer's settings).
_CLEARED = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LOCPATH", "PYTHONIOENCODING", "PYTHONUTF8",
            "PYTHONCOERCECLOCALE", "COLUMNS", "LINES", "WORKBENCH_DB", "WORKBENCH_USER", "WORKBENCH_NOW", "WORKBENCH_PIN")


def console_env(encoding: str, folder: Path, **extra: str) -> dict[str, str]:
    """An environment whose standard streams write `encoding` ("ISO-8859-1" or "GB18030"), English by default."""
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update(WORKBENCH_HOME=str(folder / "home"), WORKBENCH_LANG="en", WORKBENCH_NOW=NOW.isoformat(), TERM="xterm")
    if encoding == "ISO-8859-1" and shutil.which("localedef"):
        locales = folder / "locales"
        if not (locales / "en_US.ISO-8859-1").is_dir():
            locales.mkdir(exist_ok=True)
            subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(locales / "en_US.ISO-8859-1")],
                           check=True, capture_output=True)
        env.update(LOCPATH=str(locales), LC_ALL="en_US.ISO-8859-1")
    else:
        env.update(LC_ALL="C.UTF-8", PYTHONIOENCODING={"ISO-8859-1": "latin-1", "GB18030": "gb18030"}[encoding])
    return {**env, **extra}


def stdout_encoding(env: dict[str, str]) -> str:
    """The encoding Python gives standard output in env: the test's own check that the console is what it says."""
    return subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], env=env,
                          capture_output=True, text=True, check=True).stdout.strip()


def workbench(env: dict[str, str], *args: str, stdin=subprocess.DEVNULL, timeout: float = 60):
    """`workbench ARGS` in a fresh interpreter under env; stdout and stderr as bytes, as the console gets them."""
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, stdin=stdin,
                          capture_output=True, timeout=timeout)


def in_terminal(env: dict[str, str], *args: str, timeout: float = 30, stdout=None) -> tuple[int | None, bytes]:
    """`workbench ARGS` with a terminal (a pseudo-terminal) for its standard streams, standard output the file stdout
    if given: (exit code, all it wrote on the terminal). An app that opened instead of refusing is stopped after
    timeout seconds, its code None."""
    import pty
    import select
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", *map(str, args)], env=env, stdin=slave,
                            stdout=slave if stdout is None else stdout, stderr=slave, start_new_session=True)
    os.close(slave)
    written, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:   # the terminal's other end closed: the program ended
                    break
                if not chunk:
                    break
                written += chunk
            elif proc.poll() is not None:
                break
        try:
            return proc.wait(timeout=max(deadline - time.monotonic(), 0.1)), written
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None, written
    finally:
        os.close(master)
