"""LegibleSixteen: on a console of 16 colours (TERM=xterm or vt100 without COLORTERM), text kept readable after Rich
rounds each colour to one of them."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.color import STANDARD_PALETTE, WINDOWS_PALETTE, Color as RichColor, ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from workbench.screens.contrast import contrast, hued

# The 16 colours as two common consoles draw them: those Rich rounds to (PuTTY's are alike) and xterm's, whose
# grey 8 is lighter (127) and red 9 a pure red; a pair of colours is judged by the console it reads worst on.
XTERM = ((0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
         (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255),
         (0, 255, 255), (255, 255, 255))
PALETTES = (tuple(tuple(STANDARD_PALETTE[n]) for n in range(16)), XTERM)
ROUNDED_TO = {ColorSystem.STANDARD: STANDARD_PALETTE, ColorSystem.WINDOWS: WINDOWS_PALETTE}

BLACK, GREY, LIGHT_GREY, WHITE = 0, 8, 7, 15
GREYS = (BLACK, GREY, LIGHT_GREY, WHITE)   # darkest first


@lru_cache(256)
def worst_contrast(a: int, b: int) -> float:
    """The contrast of colours number a and b on the console that shows them least apart."""
    return min(contrast(palette[a], palette[b]) for palette in PALETTES)


# Grey on black (2.8:1 where grey is 85) is the dimmest text 16 colours draw, and what a hint, a placeholder and the
# screen behind a dialog are rounded to: kept as it is; text any dimmer (red on grey, grey on grey: 1.0:1) is not.
MINIMUM = worst_contrast(GREY, BLACK)


def drawn(color: RichColor | None, system: ColorSystem) -> int | None:
    """The number of the colour the console is sent for color (None: the console's own text or background)."""
    if color is None or color.is_default:
        return None
    return color.downgrade(system).number


def readable(ink: int, ground: int, hue: bool) -> int:
    """The colour text of colour ink is drawn in on ground, at least MINIMUM from it: ink itself when it is; a hue's
    bright or dark twin (red 1 on black: bright red 9) when that is; else the nearest grey towards the far end from
    the ground (grey on grey: light grey), or that end."""
    if worst_contrast(ink, ground) >= MINIMUM:
        return ink
    far = WHITE if worst_contrast(WHITE, ground) >= worst_contrast(BLACK, ground) else BLACK
    if hue:
        twin = ink ^ 8
        return twin if worst_contrast(twin, ground) >= MINIMUM else far
    at = GREYS.index(ink) if ink in GREYS else GREYS.index(far)
    ladder = GREYS[at:] if far == WHITE else GREYS[at::-1]
    return next((grey for grey in ladder if worst_contrast(grey, ground) >= MINIMUM), far)


@lru_cache(4096)
def legible_sixteen_style(style: Style, background: Color, system: ColorSystem) -> Style:
    """style with its text's colour moved, where Rich's rounding brings it too close to its background's, to one at
    least MINIMUM from it; a hue that has to give way to white or black is bold, so that what colour marked (an
    overdue date, a warning) does not read as plain text."""
    ink_color, ground_color = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
    if ground_color is None:
        ground_color = background.rich_color   # the widget's background, which the segment leaves showing
    ink, ground = drawn(ink_color, system), drawn(ground_color, system)
    if ink is None or ground is None:
        return style
    hue = hued(ink_color.triplet) if ink_color.triplet is not None else ink not in GREYS
    now = readable(ink, ground, hue)
    if now == ink:
        return style
    color = RichColor.from_triplet(ROUNDED_TO[system][now])   # rounds back to now
    bold = hue and now in (BLACK, WHITE)
    return style + (Style(bgcolor=color, bold=bold or None) if style.reverse else Style(color=color, bold=bold or None))


class LegibleSixteen(LineFilter):
    """On a console of 16 colours, every segment's text at least as far from its background as grey from black, after
    Rich's rounding: the agenda's panel is rounded to grey, and a red overdue date, an amber warning or a muted
    heading on it to magenta, red or the same grey (1.0-1.2:1). Only text is looked at: a run of blanks keeps its
    colours (the screen behind a dialog, tinted and filtered again, stays as dim as grey on black)."""

    def __init__(self, system: ColorSystem = ColorSystem.STANDARD, enabled: bool = True) -> None:
        super().__init__(enabled)
        self.system = system

    @classmethod
    def for_console(cls, console: Console) -> LegibleSixteen | None:
        """The filter for a console of 16 colours (the legacy Windows console's too), None for one of more or none."""
        system = next((s for s in ROUNDED_TO if s.name.lower() == console.color_system), None)
        return None if system is None else cls(system)

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        drawn_segments = []
        for segment in segments:
            text, style, control = segment
            if style is not None and not control and not text.isspace():
                segment = Segment(text, legible_sixteen_style(style, background, self.system), control)
            drawn_segments.append(segment)
        return drawn_segments
