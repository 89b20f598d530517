"""LegibleSixteen, the app's filter on a console of 16 colours: each segment's text kept at least as far from its
background as grey from black, judged on the colours Rich rounds to, on the console that shows them least apart."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from workbench.screens.sixteen_colours import MINIMUM, LegibleSixteen, worst_contrast

PANEL = Color.parse("#2c3040")    # the theme's panel: rounded to grey 8
SURFACE = Color.parse("#23262e")  # the theme's surface: rounded to black


def drawn(style: Style, background: Color = PANEL, text: str = "逾期") -> tuple[int, int, bool]:
    """The colour numbers (text, background) the console is sent once filtered, and bold."""
    [segment] = LegibleSixteen().apply([Segment(text, style)], background)
    style = segment.style
    ink, ground = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor or background.rich_color)
    return (ink.downgrade(ColorSystem.STANDARD).number, ground.downgrade(ColorSystem.STANDARD).number,
            bool(style.bold))


def rounded(colour: str) -> int:
    return Color.parse(colour).rich_color.downgrade(ColorSystem.STANDARD).number


def test_the_colours_below_round_as_the_console_shows_them():
    assert (rounded("#2c3040"), rounded("#23262e"), rounded("#a0309a"), rounded("#e0a526"), rounded("#76787d"),
            rounded("#9a1010")) == (8, 0, 5, 9, 8, 1)


def test_a_red_rounded_to_magenta_on_the_panel_comes_out_white_and_bold():
    assert worst_contrast(5, 8) < 1.2
    assert drawn(Style.parse("#a0309a")) == (15, 8, True)


def test_an_amber_rounded_to_red_on_the_panel_comes_out_white_and_bold():
    assert worst_contrast(9, 8) < 1.1   # xterm's red on its grey
    assert drawn(Style.parse("#e0a526 on #2c3040")) == (15, 8, True)


def test_a_muted_grey_on_the_panel_becomes_the_nearest_grey_that_reads():
    ink, ground, bold = drawn(Style.parse("#76787d"))
    assert (ink, ground, bold) == (7, 8, False) and worst_contrast(ink, ground) >= MINIMUM


def test_a_dark_red_on_black_becomes_bright_red():
    assert drawn(Style.parse("bold #9a1010"), SURFACE) == (9, 0, True)


def test_grey_on_black_and_body_text_are_left_as_they_are():
    # A hint, a placeholder and the screen behind a dialog are grey on black: the dimmest text kept.
    for style, background in ((Style.parse("#76787d"), SURFACE), (Style.parse("#e6e6e6"), PANEL),
                              (Style.parse("#e6e6e6 on #3a7bd5"), SURFACE)):
        [segment] = LegibleSixteen().apply([Segment("x", style)], background)
        assert segment.style == style


def test_reversed_text_is_drawn_in_its_background_colour():
    ink, ground, _bold = drawn(Style.parse("#2c3040 on #76787d reverse"), SURFACE)
    assert (ink, ground) == (7, 8)


def test_blanks_and_no_style_are_left_alone():
    blank = Segment("   ", Style.parse("#76787d on #2c3040 reverse"))
    assert LegibleSixteen().apply([blank, Segment("x")], PANEL) == [blank, Segment("x")]


def test_only_a_console_of_sixteen_colours_gets_the_filter():
    def console(system: str | None) -> Console:
        return Console(color_system=system, force_terminal=True)

    assert LegibleSixteen.for_console(console("standard")) is not None
    assert all(LegibleSixteen.for_console(console(system)) is None for system in ("256", "truecolor", None))
