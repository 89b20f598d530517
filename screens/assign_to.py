"""Pick the manager who takes a customer from the pool: each with how many customers they have; the
one who logged a warm lead's interest first, then the managers of the customer's branch, the first of them
highlighted; a manager of another branch than the customer's last and marked as such (allowed, as `reassign`
allows it, and said again once given)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.branches import branch_label, lineage
from workbench.screens.confirm import filled
from workbench.screens.contrast import GOOD, HEED, WarningsReadable
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.labels import staff_label


class ManagerList(WarningsReadable, OptionList):
    """The managers to pick from: who logged the lead's interest, and who is of another branch, in the theme's success
    and warning colours, readable on the highlighted row too: the one who logged it comes first, highlighted, and a
    green of its own there was 1.0-2.8:1 in all of Textual's themes but one, and 2.7-3.7:1 off it in the light ones."""


class AssignToScreen(ModalScreen):
    """Dismissed with the chosen manager's staff id, or None."""

    CSS_PATH = "assign_to.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, customer_name: str, managers: list, *, first: str | None = None, branch_id: str | None = None,
                 branches: dict | None = None, parents: dict | None = None) -> None:
        super().__init__()
        self.customer_name = customer_name
        self.managers = managers   # (Staff, customers they look after)
        self.first = first if any(m.staff_id == first for m, _held in managers) else None   # staff id
        self.branch_id = branch_id          # the customer's; None: nobody is marked as of another branch
        self.branches = branches or {}      # branch id -> name
        self.covering = lineage(branch_id, parents or {})   # the customer's branch and those above it (its 支行)
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="assign-to"):
            # The customer's name is data, set into the question where the translation puts it.
            heading = filled(_("Give {name} to which manager?"), name=Text(self.customer_name))
            heading.stylize("bold")
            yield Static(heading, classes="section-title")
            options = []
            for manager, held in sorted(self.managers, key=lambda pair: (pair[0].staff_id != self.first,
                                                                          not self._of_the_branch(pair[0]))):
                label = staff_label(manager.name, manager.staff_id)
                label.append("  ")
                label.append(ngettext("{n} customer", "{n} customers", held).format(n=f"{held:,}"), style="italic")
                if manager.staff_id == self.first:
                    label.append("  " + _("logged their interest"), style=GOOD)
                if self._of_another_branch(manager):
                    label.append("  " + _("another branch: {branch}").format(
                        branch=branch_label(manager.branch_id, self.branches.get(manager.branch_id))), style=HEED)
                options.append(Option(label, id=manager.staff_id))
            yield ManagerList(*options, id="managers")

    def _of_the_branch(self, manager) -> bool:
        """Whether the manager works at the customer's branch or one above it (a customer without one: everyone does)."""
        return not self.branch_id or manager.branch_id in self.covering

    def _of_another_branch(self, manager) -> bool:
        """Whether the manager is marked as of another branch: one without a branch, or of one above the customer's, is
        not."""
        return bool(self.branch_id and manager.branch_id and manager.branch_id not in self.covering)

    def on_mount(self) -> None:
        self.query_one("#managers", OptionList).focus()
        self.call_after_refresh(self.fit_list)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_list)

    def fit_list(self) -> None:
        """Give the list the rows the box's max-height leaves under the question, so that it scrolls with its
        highlight: clipped by the box, enter would give the customer to a manager the screen never showed."""
        box, options = self.query_one("#assign-to"), self.query_one("#managers", OptionList)
        most = box.styles.max_height.resolve(self.size, self.app.size) if box.styles.max_height else self.size.height
        rows = int(most) - (options.region.y - box.region.y) - box.styles.gutter.bottom
        options.styles.max_height = max(rows, 3)
        options.scroll_to_highlight()

    @on(OptionList.OptionSelected, "#managers")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
