"""The Textual screens of the workbench, one per file with its .tcss beside it."""
