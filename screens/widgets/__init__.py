"""Widgets of the workbench screens, one class per file."""
