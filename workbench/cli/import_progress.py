"""ImportProgress: an import's steps (importing.model.STEPS) on one rich progress bar that says which
step it is on, so that a large file's bar does not sit at 100% while its customers are scored."""

from __future__ import annotations

from rich.cells import cell_len
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Column

from workbench.i18n import _
from workbench.importing.model import COMMIT, INDEX, LOAD, READ, SCORE, STEPS


class ImportProgress:
    """import_customers' progress callback: each new step relabels the bar and starts it again, with
    its own total (None: a step of unknown length) and its own time remaining."""

    @staticmethod
    def columns() -> tuple[ProgressColumn, ...]:
        """The bar's columns: the step's label as wide as the widest, so the bar keeps its place."""
        width = max(cell_len(label(step)) for step in (None, *STEPS))
        return (TextColumn("{task.description}", table_column=Column(width=width)), BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())

    def __init__(self, bar: Progress):
        self.bar = bar
        self.task = bar.add_task(_("Importing"), total=None)
        self.step: str | None = None

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if step == self.step:
            self.bar.update(self.task, completed=done, total=total)
            return
        self.step = step
        self.bar.reset(self.task, completed=done, total=total, description=label(step))
        self.bar.refresh()   # each step's name drawn as it starts: a short one (indexes) was skipped between redraws


def label(step: str | None) -> str:
    """What the bar says during a step."""
    labels = {
        READ: _("Reading the file"),
        SCORE: _("Scoring customers"),
        LOAD: _("Saving customers"),
        INDEX: _("Rebuilding indexes"),
        COMMIT: _("Writing to the database"),
    }
    return labels.get(step, _("Importing"))
