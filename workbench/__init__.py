"""Branch Workbench: an offline terminal workbench for waking dormant bank customers."""

__version__ = "0.1.0"
