"""The workbench theme: calm, high-contrast colours that read well in a plain 80x24 terminal; and `legible`, which makes
every theme's text colours read at 4.5:1 (WCAG AA) where the app draws them."""

from __future__ import annotations

from textual.color import Color, ColorParseError
from textual.theme import Theme

from workbench.screens.contrast import FLOOR, contrast

WORKBENCH_THEME = Theme(
    name="workbench",
    primary="#3a7bd5",
    secondary="#2f9e8f",
    accent="#e0a526",
    warning="#e0a526",
    error="#e05252",
    success="#4caf50",
    foreground="#e6e6e6",
    background="#1b1d23",
    surface="#23262e",
    panel="#2c3040",
    boost="#2a2d36",
    dark=True,
    variables={
        "footer-key-foreground": "#dfa526",   # the accent as Textual draws it (its shades round #e0a526 so)
        "block-cursor-background": "#3a7bd5",
        "block-cursor-foreground": "#ffffff",
        "input-selection-background": "#3a7bd5 40%",
    },
)

# Textual's coloured text (an error's red, a done's green, a warning's amber, a key's accent), which the app's tcss
# draws on the screen ($background), a dialog ($surface) and a title or key bar ($panel).
TEXT = ("text-primary", "text-secondary", "text-accent", "text-warning", "text-error", "text-success")
GROUNDS = ("background", "surface", "panel")
# The key bar (KeyBar, app.tcss): a key, and what it does, on the bar.
FOOTER = ("footer-key-foreground", "footer-description-foreground", "footer-foreground")
WHITE, BLACK = Color(255, 255, 255), Color(0, 0, 0)


def _colour(value: str, under: Color | None = None) -> Color | None:
    """A variable's colour, over `under` when it is see-through; None for one the terminal decides (an ANSI theme's
    ansi_red, ansi_default) or no colour at all (auto 87%, transparent)."""
    try:
        colour = Color.parse(value)
    except ColorParseError:
        return None
    if colour.ansi is not None:
        return None
    if colour.a < 1:
        return None if under is None else under + colour
    return colour


def _worst(ink: Color, grounds: list[Color]) -> float:
    return min(contrast(ink.rgb, ground.rgb) for ground in grounds)


def _readable(ink: Color, grounds: list[Color], ends: tuple[Color, ...] = (WHITE, BLACK)) -> Color | None:
    """ink moved by the least step (of 5 %) towards one of ends that reads at FLOOR:1 on each of grounds (ink itself
    when it does); None when none does."""
    for step in range(21):
        for end in ends:
            colour = ink.blend(end, step / 20)
            if _worst(colour, grounds) >= FLOOR:
                return colour
    return None


def _best(ink: Color, grounds: list[Color]) -> Color:
    """_readable's colour, or where none reads at FLOOR:1 the end (white or black) that reads best on grounds."""
    return _readable(ink, grounds) or max((WHITE, BLACK), key=lambda end: _worst(end, grounds))


def legible(variables: dict[str, str]) -> dict[str, str]:
    """A theme's CSS variables (App.get_css_variables) with its coloured text readable at FLOOR:1 (4.5, WCAG AA):
    each of TEXT on the screen, a dialog and a bar; the key bar's key and words on the bar (a key on its own
    background where the theme gives it one). Each keeps its hue, moved towards white or black only as far as it must:
    Textual's light themes drew the key bar's keys at 1.3-2.4:1 (solarized-light 3.6:1), and the red of who-am-I's
    refusal was 3.0-4.4:1 in all themes but two; on a dialog, the theme's own error red reads at 4.1:1 in nord.
    Light words on a bar no light colour reads on (solarized's cream on its blue, 3.6:1) stay, the bar darkened under
    them. An ANSI theme's colours are the terminal's, not measured here: it is left as it is."""
    background = _colour(variables.get("background", ""))
    if background is None:
        return variables
    grounds = [ground for name in GROUNDS if (ground := _colour(variables.get(name, ""), background)) is not None]
    shown = dict(variables)

    def put(name: str, colour: Color, was: Color) -> None:
        if colour.rgb != was.rgb:
            shown[name] = colour.hex

    for name in TEXT:
        ink = _colour(variables.get(name, ""), background)
        if ink is not None:
            put(name, _best(ink, grounds), ink)
    bar = _colour(variables.get("footer-background", ""), background) or _colour(variables.get("panel", ""), background)
    if bar is None:
        return shown
    inks = {name: ink for name in FOOTER if (ink := _colour(variables.get(name, ""), bar)) is not None}
    key_ground = _colour(variables.get("footer-key-background", ""), bar)
    if key_ground is not None and key_ground.rgb != bar.rgb and "footer-key-foreground" in inks:
        ink = inks.pop("footer-key-foreground")
        put("footer-key-foreground", _best(ink, [key_ground]), ink)
    # The bar's words move towards their own side (light words lighter); where that is not enough, the bar moves away.
    lighter = [ink for ink in inks.values() if ink.brightness > bar.brightness]
    side = (WHITE,) if len(lighter) * 2 >= len(inks) else (BLACK,)
    moved = {name: _readable(ink, [bar], side) for name, ink in inks.items()}
    if all(colour is not None for colour in moved.values()):
        for name, colour in moved.items():
            put(name, colour, inks[name])
        return shown
    away = BLACK if side == (WHITE,) else WHITE
    for step in range(1, 21):
        ground = bar.blend(away, step / 20)
        if all(_readable(ink, [ground], side) is not None for ink in inks.values()):
            break
    put("footer-background", ground, bar)
    for name, ink in inks.items():
        put(name, _readable(ink, [ground], side) or away.inverse, ink)
    return shown
