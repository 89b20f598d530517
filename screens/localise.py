"""Interface strings go through the workbench catalogue; key bindings get translated descriptions."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from workbench.i18n import gettext as _, ngettext

__all__ = ["_", "localise_bindings", "ngettext"]


def localise_bindings(node: DOMNode) -> None:
    """Replace the node's bindings with copies whose descriptions are in the current language."""
    translated = [
        replace(b, description=_(b.description) if b.description else "", tooltip=_(b.tooltip) if b.tooltip else "")
        for bindings in node._bindings.key_to_bindings.values()
        for b in bindings
    ]
    node._bindings = BindingsMap(translated)
