"""Sync by file: outcome bundles between terminals, confirmed reactivations, supervisor exports and reports.

Nothing here imports Textual; the CLI (workbench/cli/sync.py) and the app call these functions.
"""
