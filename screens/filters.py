"""The filter dialog of the call list: segment, tier, trigger and follow-ups only."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Select, Static

from workbench.screens.labels import DEFAULT_TIER_LINES, SEGMENTS, TRIGGERS, segment_label, tier_label, trigger_label
from workbench.screens.localise import _, localise_bindings
from workbench.screens.widgets.key_bar import key_in_force


class FilterScreen(ModalScreen):
    CSS_PATH = "filters.tcss"
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="apply"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, filters: dict, tier_lines=DEFAULT_TIER_LINES) -> None:
        super().__init__()
        self.initial = filters
        self.tier_lines = tier_lines   # the list's, so a branch's own lines are offered
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        f = self.initial
        with Vertical(id="filters"):
            yield Static(_("Filters"), classes="section-title")
            yield Select([(segment_label(c), c) for c in SEGMENTS], prompt=_("Any segment"),
                         value=f.get("segment") or Select.NULL, id="segment")
            yield Select([(tier_label(n, self.tier_lines), n) for n in range(len(self.tier_lines) + 1)],
                         prompt=_("Any tier"),
                         value=f["tier"] if f.get("tier") is not None else Select.NULL, id="tier")
            yield Select([(trigger_label(c), c) for c in TRIGGERS], prompt=_("Any trigger"),
                         value=f.get("trigger") or Select.NULL, id="trigger")
            yield Checkbox(_("Follow-ups only"), value=bool(f.get("follow_ups_only")), id="follow_ups_only")
            yield Static(_("{apply} apply · {cancel} cancel").format(
                apply=key_in_force(self, "apply"), cancel=key_in_force(self, "cancel")), classes="status-line")

    def action_apply(self) -> None:
        def value(widget_id: str):
            v = self.query_one(f"#{widget_id}", Select).value
            return None if v is Select.NULL else v

        self.dismiss({
            "segment": value("segment"),
            "tier": value("tier"),
            "trigger": value("trigger"),
            "follow_ups_only": self.query_one("#follow_ups_only", Checkbox).value,
            "search": self.initial.get("search"),
        })

    def action_cancel(self) -> None:
        self.dismiss(None)
