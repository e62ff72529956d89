"""Write the glyph widths the server lays charts out with: DejaVu Sans's advance widths in em, the
font Chromium falls back to on Linux for the charts' font stack and the widest in it, so text
measured with them fits every reader's font.

    .venv/bin/python -m tools.text_widths            # rewrite sistercities/assets/text-widths.json
    .venv/bin/python -m tools.text_widths --check    # exit 1 if the committed table is out of date

Needs Debian's fonts-dejavu-core (Chromium's dependency); the app only reads the table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import ImageFont

from sistercities.textwidth import WIDTHS_FILE

FONTS = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
# ASCII, Latin-1 and Latin Extended-A (place names with diacritics), and the punctuation the labels use.
CHARS = [chr(c) for c in [*range(32, 127), *range(160, 384), *range(0x2010, 0x2027)]]
UNITS = 1000  # measured at 1000 px, so a width in em has three exact decimals


def table() -> dict:
    widths = {}
    for weight, path in FONTS.items():
        font = ImageFont.truetype(path, UNITS)
        widths[weight] = {c: round(font.getlength(c) / UNITS, 3) for c in CHARS}
    return {"font": "DejaVu Sans", "unit": "em", **widths}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args()
    text = json.dumps(table(), ensure_ascii=False, sort_keys=True, indent=0) + "\n"
    if options.check:
        sys.exit(0 if Path(WIDTHS_FILE).read_text(encoding="utf-8") == text else 1)
    Path(WIDTHS_FILE).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
