"""CLI commands: sync (filled in by its issue)."""
