"""Contrast (WCAG 2) and hue, shared by the filters that keep text readable on a console with few colours or none."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.style import Style as VisualStyle

# A colour whose red, green and blue differ by this much or more carries its meaning in its hue (an error's red,
# a due follow-up's amber, a focused border's blue); the theme's greys differ by 26 at most.
HUE = 40


def luminance(rgb: Sequence[int]) -> float:
    """The relative luminance (WCAG 2) of a colour of red, green and blue 0-255."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: Sequence[int], b: Sequence[int]) -> float:
    """The contrast ratio (WCAG 2, 1 to 21) of two colours of red, green and blue 0-255."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hued(rgb: Sequence[int]) -> bool:
    """Whether a colour is a hue (red, amber, blue...) rather than a grey."""
    return max(rgb) - min(rgb) >= HUE


# A warning in a list of options (overdue, a number unusable): red, and marked so that WarningsReadable draws it in a
# red that reads on the row and, on the highlighted row, in the highlight's own text colour. GOOD (a lead's interest,
# green) and HEED (of another branch, amber) are drawn so too, each in its theme colour: the colour given here is
# only what a plain console would show. The mark names the theme's variable.
FLOOR = 4.5   # the contrast WCAG 2 asks of text
WARNING = Style(bold=True, color="red", meta={"mark": "error"})
GOOD = Style(bold=True, color="green", meta={"mark": "success"})
HEED = Style(color="yellow", meta={"mark": "warning"})


def readable(ink: Color, ground: Color, towards: Color, floor: float = FLOOR) -> Color:
    """`ink` blended toward `towards` by the least step of 5 % that reads at `floor`:1 on `ground` (or `towards`)."""
    for step in range(21):
        colour = ink.blend(towards, step / 20)
        if contrast(colour.rgb, ground.rgb) >= floor:
            return colour
    return towards


class MarksReadable:
    """Mixed into a widget (a Static): text drawn with a mark (WARNING, GOOD, HEED) comes out in its theme colour,
    moved toward the widget's own text colour until it reads at FLOOR:1 on its background; where that text itself
    does not read at FLOOR:1 there (a theme's title bar, 3.45:1 in atom-one-dark), toward white or black instead,
    whichever is farther from the background."""

    def _marked_row(self, y: int) -> tuple[bool, VisualStyle]:
        """Whether line y is a highlighted row (its marks then in the highlight's own text colour), and its style."""
        return False, self.get_visual_style()   # type: ignore[attr-defined]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)   # type: ignore[misc]
        if not any(style is not None and style._meta and style.meta.get("mark") for _t, style, _c in strip):
            return strip
        on_highlight, row = self._marked_row(y)
        text = row.foreground or Color.parse(self.app.theme_variables["foreground"])   # type: ignore[attr-defined]
        if not on_highlight and row.background is not None and contrast(text.rgb, row.background.rgb) < FLOOR:
            text = max((Color(255, 255, 255), Color(0, 0, 0)), key=lambda end: contrast(end.rgb, row.background.rgb))
        segments = []
        for segment in strip:
            style = segment.style
            if style is not None and style._meta and style.meta.get("mark"):
                ground = Color.from_rich_color(style.bgcolor) if style.bgcolor else row.background
                hue = Color.parse(self.app.theme_variables[style.meta["mark"]])   # type: ignore[attr-defined]
                ink = text if on_highlight else readable(hue, ground, text)
                segment = Segment(segment.text, style + Style(color=ink.rich_color, bold=True if on_highlight or
                                                              style.bold else None), segment.control)
            segments.append(segment)
        return Strip(segments, strip.cell_length)


class WarningsReadable(MarksReadable):
    """Mixed into an OptionList: text drawn with WARNING comes out in the theme's error colour lightened until it
    reads at FLOOR:1 on its row (the workbench's #e05252 on the focused list is 3.5:1, a dim olive to a
    deuteranope), and on the highlighted row in the highlight's own text colour, bold: the highlight sets only the
    background, and red on its blue was 1.0-1.1:1 in every theme, the row in use the one row whose warning could
    not be read. GOOD and HEED likewise, in the theme's success and warning colours."""

    def _marked_row(self, y: int) -> tuple[bool, VisualStyle]:
        try:
            on_highlight = self._lines[self.scroll_offset.y + y][0] == self.highlighted   # type: ignore[attr-defined]
        except IndexError:
            on_highlight = False
        return on_highlight, self.get_visual_style(   # type: ignore[attr-defined]
            "option-list--option", *(["option-list--option-highlighted"] if on_highlight else []))
