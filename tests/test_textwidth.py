"""The glyph widths the server lays charts out with are DejaVu Sans's, the font Chromium draws the
charts in on Linux: checked against the font file itself, read by Pillow. And the page's copy of a
chart leaves the built figure's margins as they were, since exports frame that figure."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PIL import ImageFont

from sistercities.loader import load_dataset
from sistercities.margins import for_screen
from sistercities.textwidth import text_px
from sistercities.timeline import axis_labels, timeline_figure
from tests.conftest import ROOT

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="Debian's fonts-dejavu-core is not installed")


@needs_font
def test_the_committed_widths_are_the_fonts():
    import json

    from tools.text_widths import WIDTHS_FILE, table

    assert json.loads(Path(WIDTHS_FILE).read_text(encoding="utf-8")) == table()


@needs_font
def test_a_lane_label_measures_what_the_font_draws():
    data = load_dataset(ROOT / "data")
    font = ImageFont.truetype(str(FONT), 12)
    for label in axis_labels(data.pairs):
        drawn = font.getlength(label)  # with the font's kerning
        assert drawn * 0.98 <= text_px(label, 12) <= drawn * 1.05, label


def test_the_page_copy_leaves_the_built_figure_as_it_was():
    data = load_dataset(ROOT / "data")
    built = timeline_figure(data.pairs, data.events, data.sources, today=dt.date(2026, 12, 1))
    before = built.to_json()
    shown = for_screen(built)
    assert built.to_json() == before
    with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
        widest = max(font_free_width(row) for row in csv.DictReader(handle))
    # The copy's left margin holds the widest lane label (at least 6 px a character).
    assert shown.layout.margin.l >= widest


def font_free_width(row: dict) -> int:
    return 6 * len(f"{row['us_place']}, {row['us_state']} – {row['ru_place']}")
