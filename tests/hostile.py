"""A data folder whose every free-text field (the sources' quotes and the excluded ties' names and
notes among them) carries HTML, script, markdown links, formulas, right-to-left and zero-width
characters and very long text: the hostile-input suite's fixture.

Codes the validator constrains (ids, states, outcomes, dates, coordinates) stay valid so the folder
loads; URLs stay http(s) (the validator refuses others, tested apart) but carry markup in their query.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from tests.conftest import VALID

# Each payload sets window.__xss if it ever runs as script; tests assert it stays undefined.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    "[click me](javascript:window.__xss=3)",
    "<svg onload=window.__xss=4>",
    '"><iframe src="javascript:window.__xss=5">',
    '=HYPERLINK("https://evil.example")',
    "\u202etxet tfel-ot-thgir\u202c zero\u200bwidth\u200d",
    "**bold?** <b>raw</b> $x^2$ :red[red]",
]
LONG = "Very long text " * 400  # 6,000 characters
# Quotes and angle brackets are refused by the validator; what is left must still not break out.
URL_WITH_MARKUP = (
    "https://example.org/page?q=%22%3E%3Cscript%3Ewindow.__xss=7%3C/script%3E&next=javascript:window.__xss=8"
)

FREE_TEXT = {
    "pairs.csv": [
        "us_place",
        "us_aliases",
        "us_coord_source",
        "ru_place",
        "ru_region",
        "ru_aliases",
        "ru_coord_source",
        "decision_body",
        "summary",
        "notes",
    ],
    "events.csv": ["body", "title", "description"],
    "sources.csv": ["publisher", "title", "quote"],
    "excluded.csv": ["us_place", "note"],
}
# A quote past this many characters is a defect of its own: the hostile one stays within it.
MAX_QUOTE = 300
# The names a reader sees first: kept recognisable, so tests can find the pair they attack.
MARKED_PLACE = 'Alpha <img src=x onerror="window.__xss=1">'


def hostile_text(original: str, row: int, column_index: int) -> str:
    payload = PAYLOADS[(row + column_index) % len(PAYLOADS)]
    if (row + column_index) % 5 == 4:
        payload += " " + LONG
    return f"{original} {payload}".strip()


def make_hostile_folder(target: Path) -> Path:
    shutil.copytree(VALID, target)
    for file, columns in FREE_TEXT.items():
        table = pd.read_csv(target / file, dtype=str, keep_default_na=False)
        for column_index, column in enumerate(columns):
            table[column] = [hostile_text(value, row, column_index) for row, value in enumerate(table[column])]
            if column == "quote":
                table[column] = [value[:MAX_QUOTE] for value in table[column]]
        if file == "pairs.csv":
            table.loc[table["pair_id"] == "alpha-ca_ekaterinburg", "us_place"] = MARKED_PLACE
        if file == "sources.csv":
            table["url"] = [URL_WITH_MARKUP if i % 2 else url for i, url in enumerate(table["url"])]
        table.to_csv(target / file, index=False)
    return target
