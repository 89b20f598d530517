"""Contrast (WCAG 2) and hue, shared by the filters that keep text readable on a console with few colours or none."""

from __future__ import annotations

from collections.abc import Sequence

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
