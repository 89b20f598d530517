"""CLI commands: trust (filled in by its issue)."""
