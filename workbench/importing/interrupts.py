"""Ctrl-C while an import runs: the import stops and is rolled back, whatever it was doing.

Python raises KeyboardInterrupt wherever the importing process's main thread is when SIGINT comes, and
that place may turn it into something else: inside a SQL function the import registered, SQLite reports
"user-defined function raised exception"; inside a module being loaded, "initialization failed"; inside
the clean-up of an object being freed (a generator left unfinished), it is printed and dropped. So an
import notes each SIGINT as well (Interrupts): an import that then fails on any error was interrupted,
and one that goes on stops at its next step. From the commit on, and while the import cleans up after a
failure, SIGINT is only noted: a commit cannot be taken back once it has begun, and the scratch files
must go whatever happens.

A read that Ctrl-C (or any error) cuts short keeps its statement going for as long as its cursor lives, and
while one does, no file the connection has attached can be detached ("database import_part0 is locked").
The traceback keeps the cursors of the frames it ran through, so the import's reads let go of theirs where
they are made: one read in steps is closed in a `with closing(...)` (scoring.inputs.read_block), and a
comprehension is given its rows with fetchall() (its own frame would hold the cursor it goes through).
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Callable


class Interrupts:
    """SIGINT during an import (a context manager around it): raised as KeyboardInterrupt where it lands, as
    Python does, and noted; while held is set, only noted. Outside the main thread, or where the program has
    its own SIGINT handler, it changes nothing and notes nothing."""

    def __init__(self) -> None:
        self.noted = False
        self.held = False
        self._previous = None
        self._unraisable = None

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._interrupted)
            self._unraisable, sys.unraisablehook = sys.unraisablehook, self._dropped
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            sys.unraisablehook = self._unraisable
            self._previous = self._unraisable = None
        if exc is not None and self.noted and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from exc   # the error Ctrl-C turned into, or one it caused

    def check(self) -> None:
        """Raise KeyboardInterrupt if SIGINT came and was not raised (held, or lost on its way)."""
        if self.noted:
            raise KeyboardInterrupt

    def checking(self, progress: Callable[..., None]) -> Callable[..., None]:
        """progress, after a check: the import stops at its next step when SIGINT was lost on its way."""
        def told(*args) -> None:
            self.check()
            progress(*args)
        return told

    def _interrupted(self, signum, frame) -> None:
        self.noted = True
        if not self.held:
            raise KeyboardInterrupt

    def _dropped(self, unraisable) -> None:
        """sys.unraisablehook: a KeyboardInterrupt raised where it could only be dropped is not printed (it is
        noted); anything else goes to the hook there was."""
        if not (self.noted and issubclass(unraisable.exc_type, KeyboardInterrupt)):
            self._unraisable(unraisable)
