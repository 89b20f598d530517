"""Ask before saving a do-not-call request, which takes the customer off every list at once."""

from __future__ import annotations

from workbench.screens.confirm import ConfirmScreen, with_name
from workbench.screens.localise import _


class ConfirmDoNotCallScreen(ConfirmScreen):
    """y saves the request; n or escape goes back to the form with nothing saved."""

    def __init__(self, name: str) -> None:
        super().__init__(
            _("Do-not-call request"), with_name(_("Did {name} ask never to be called again?"), name),
            _("Saving takes the customer off every call list at once and cancels their follow-ups."),   # typeset there
            _("{yes} yes, save · {no} no, back to the form"))
