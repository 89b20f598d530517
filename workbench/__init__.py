"""Branch Workbench: an offline terminal workbench for waking dormant bank customers."""

import os

# The only BLAS work here is the four-parameter BG/NBD fit, which OpenBLAS's thread pool makes
# five times slower on a 2-core terminal; set before numpy loads (a value the user set wins).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.1.0"


def main() -> None:
    """The `workbench` command. Ctrl-C while the program is still loading (its first second) ends it quietly with
    exit 130, as a Ctrl-C once it runs does, instead of a traceback from the middle of an import."""
    import sys

    try:
        sys.unraisablehook = _interrupt_not_dropped(sys.unraisablehook)
        from workbench.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()


def _interrupt_not_dropped(previous):
    """sys.unraisablehook: a Ctrl-C that lands where Python can only drop it (a weakref callback inside the import
    machinery, an object's clean-up) is delivered again rather than printed as "Exception ignored" and lost."""
    import _thread

    def deliver() -> None:
        # From another thread, a moment later: raised in the hook itself it would be dropped again.
        pause = _thread.allocate_lock()
        pause.acquire()
        pause.acquire(timeout=0.02)
        _thread.interrupt_main()

    def hook(unraisable) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            _thread.start_new_thread(deliver, ())
        else:
            previous(unraisable)
    return hook
