"""PlainGlyphs: on a console that cannot show the app's glyphs, every segment drawn with plain ones of the same width."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from workbench.screens.glyphs import NARROW, plain_text


class PlainGlyphs(LineFilter):
    """Box-drawing, block and shape characters in ASCII, and any other the console's encoding cannot write as '?':
    the borders of the app's dialogs and of Textual's widgets, a check box (▐X▌), a drop-down's arrow, the report's
    bars and the card's bullets, whoever draws them, each in the cells it had, so nothing moves; and the quotes and
    dashes such a console draws two cells wide (“全天” → "全天", glyphs.NARROW), as wide as they were laid out."""

    def __init__(self, encoding: str, enabled: bool = True) -> None:
        super().__init__(enabled)
        self.encoding = encoding

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        drawn = []
        for segment in segments:
            text, style, control = segment
            if not control and not text.isascii():
                segment = Segment(plain_text(text.translate(NARROW), self.encoding), style, control)
            drawn.append(segment)
        return drawn
