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
        from workbench.cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
