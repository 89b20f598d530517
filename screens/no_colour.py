"""LegibleMonochrome: the app's greys under NO_COLOR, in which what was coloured stays the most readable text."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, monochrome_style

from workbench.screens.contrast import contrast, hued

WHITE = Color(255, 255, 255).rich_color
BLACK = Color(0, 0, 0).rich_color


@lru_cache(1024)
def legible_style(style: Style, background: Color) -> Style:
    """style in greys by luminance, as Textual's Monochrome draws it, except a coloured foreground: that becomes the
    far end from its background (white on a dark one), bold. Red's luminance is near a dark background's, so an
    error's grey would vanish; and what colour marked as urgent must not read as the dimmest text on the screen."""
    grey = monochrome_style(style)
    color = style.color
    if color is not None and color.is_default:
        return grey + Style(color=color)   # the terminal's own text colour, which Monochrome would make black
    if color is None or color.triplet is None or not hued(color.triplet):
        return grey
    under = grey.bgcolor.triplet.red if grey.bgcolor is not None and grey.bgcolor.triplet else background.monochrome.r
    far = WHITE if contrast((255,) * 3, (under,) * 3) >= contrast((0,) * 3, (under,) * 3) else BLACK
    return grey + Style(color=far, bold=True)


class LegibleMonochrome(LineFilter):
    """Textual's NO_COLOR filter (Monochrome), keeping colour's marks as the strongest contrast and bold: a refusal in
    red, an overdue date, a report's bars stay readable, whichever of the app's or a future screen's draws them.

    Its own output is grey, so the dialog backdrop (the screen below, tinted and filtered again) stays dimmed."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, None if style is None else legible_style(style, background), None)
                for text, style, _ in segments]
