"""LegibleMonochrome, the app's filter under NO_COLOR: greys by luminance as Textual's Monochrome draws them, except
a coloured foreground, which becomes the far end from its background, bold."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome

from workbench.screens.no_colour import LegibleMonochrome

SURFACE = Color.parse("#23262e")   # the theme's surface: grey 38
LIGHT = Color.parse("#f0f0f0")


def drawn(style: Style | None, background: Color = SURFACE) -> Style | None:
    [segment] = LegibleMonochrome().apply([Segment("x", style)], background)
    return segment.style


def test_a_red_on_a_dark_background_comes_out_white_and_bold():
    # The ANSI red Textual's dark theme gives "bold red" is grey 59 by luminance: on grey 38, 1.4:1.
    style = drawn(Style.parse("#f4005f on #23262e"))
    assert (style.color.triplet, style.bgcolor.triplet, style.bold) == ((255, 255, 255), (38, 38, 38), True)


def test_the_background_a_segment_leaves_to_its_widget_is_the_one_it_is_pushed_from():
    assert drawn(Style.parse("#e05252"), SURFACE).color.triplet == (255, 255, 255)
    assert drawn(Style.parse("#e0a526"), LIGHT).color.triplet == (0, 0, 0)


def test_an_amber_on_a_light_background_comes_out_black():
    style = drawn(Style.parse("#e0a526 on #f0f0f0"))
    assert (style.color.triplet, style.bold) == ((0, 0, 0), True)


def test_greys_are_drawn_as_textual_s_monochrome_draws_them():
    # Body text, a muted hint and a grey dimmed behind a dialog keep their greys (and the dialog's backdrop stays
    # dim when the screen below, already filtered, is filtered again).
    for style in (Style.parse("#e6e6e6 on #23262e"), Style.parse("#76787d on #23262e"),
                  Style.parse("bold #3d3e42 on #1b1d23"), Style.parse("italic #aaacb2"), Style(), Style(bold=True)):
        [mine] = LegibleMonochrome().apply([Segment("x", style)], SURFACE)
        [textual] = Monochrome().apply([Segment("x", style)], SURFACE)
        assert mine.style == textual.style, style


def test_a_default_colour_and_no_style_are_left_alone():
    assert drawn(None) is None
    assert drawn(Style.parse("default on #23262e")).color.is_default


def test_the_text_and_the_rest_of_the_style_are_kept():
    [segment] = LegibleMonochrome().apply([Segment("逾期", Style.parse("underline #e05252 on #23262e"))], SURFACE)
    assert segment.text == "逾期" and segment.style.underline and segment.style.bold
