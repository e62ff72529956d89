"""How wide a line of chart text is, in px, from DejaVu Sans's glyph widths
(sistercities/assets/text-widths.json, written by tools.text_widths). DejaVu Sans is what Chromium
draws the charts' font stack with on Linux, and the widest font in that stack, so room measured
here fits the text in every reader's font. A character the table lacks counts as 1 em."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

WIDTHS_FILE = Path(__file__).parent / "assets" / "text-widths.json"
UNLISTED_EM = 1.0  # wider than any listed glyph: Cyrillic or CJK text is never under-measured


@cache
def _widths(weight: str) -> dict[str, float]:
    return json.loads(WIDTHS_FILE.read_text(encoding="utf-8"))[weight]


def text_px(text: str, font_px: float, bold: bool = False) -> float:
    """The width of `text` on one line at `font_px`, as Chromium draws it in DejaVu Sans."""
    widths = _widths("bold" if bold else "regular")
    return font_px * sum(widths.get(c, UNLISTED_EM) for c in text)
