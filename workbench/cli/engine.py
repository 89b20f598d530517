"""CLI commands: engine (filled in by its issue)."""
