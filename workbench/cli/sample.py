"""CLI commands: sample (filled in by its issue)."""
