"""Chinese text in a toast stays whole over the widgets beneath it (a fix to Textual 8's compositor).

Textual cuts each screen line at every widget's edge and divides each widget's line at those cuts; a
double-width character that a cut falls inside becomes two spaces. Under a toast, the edges of the
widgets beneath it cut the toast's own text: "已保存。" showed as " 保存。" on the customer card. Textual
issue #6357 reports it and is open in 8.2.8. Here a widget's line is divided only where a widget in front
of it takes over, so a stretch that one widget paints is never cut inside.
"""

from __future__ import annotations

from textual.strip import Strip

try:   # a private module: a Textual that moved it renders as it always did, the cut characters included
    from textual._compositor import Compositor
except ImportError:
    Compositor = None

_TAKEN = Strip([], 0)   # a cut inside a stretch painted whole: its part is in the stretch's strip
TEXTUALS = getattr(Compositor, "_render_chops", None)   # as Textual wrote it, for the tests to compare against


def _render_chops(self, crop, is_rendered_line):
    """Compositor._render_chops, dividing each render's line only where the owner of the cells changes."""
    cuts = self.cuts
    chops = [dict.fromkeys(line_cuts[:-1]) for line_cuts in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            spans = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            if len(spans) < 2:
                continue   # no width on this line
            # Renders come front to back: a part already filled belongs to a widget in front of this one.
            stretches, free_before = [spans[0]], None
            for cut in spans[:-1]:
                free = line.get(cut) is None
                if free_before is not None and free != free_before:
                    stretches.append(cut)
                free_before = free
            stretches.extend(spans[-1:])
            pieces = strip.divide([cut - render_x for cut in stretches[1:]])
            for start, end, piece in zip(stretches, stretches[1:], pieces):
                if line.get(start) is not None:
                    continue
                line[start] = piece
                for cut in spans:
                    if start < cut < end:
                        line[cut] = _TAKEN
    return chops


def keep_wide_characters_whole() -> None:
    """Put the fix in place (once; the pinned Textual is 8.x, whose compositor it was written for)."""
    if TEXTUALS is not None:
        Compositor._render_chops = _render_chops
