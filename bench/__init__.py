"""Benchmarks of Branch Workbench; run them all with `python -m bench`."""
