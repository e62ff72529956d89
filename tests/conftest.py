"""Shared test helpers: the small valid fixture folder and ways to break it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
sys.path.insert(0, str(ROOT))


# Markers that imply `browser`: `-m "not browser"` is the quick suite, with no browser driven and no
# service (PostgreSQL, nginx, app replicas) installed or started. The scale-out test drives Chromium
# readers and starts all of those; `service` tests start PostgreSQL. Each carries `browser` too, so
# one deselection skips them all.
IMPLY_BROWSER = ("scaleout", "service")


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(name) for name in IMPLY_BROWSER):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture folder."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def rendered(markdown_source: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes and HTML entities resolved."""
    import html
    import re

    return html.unescape(re.sub(r"\\(.)", r"\1", markdown_source))


def fixture_rows(file: str, folder: Path = VALID) -> list[dict[str, str]]:
    """A data file's rows as plain text, read with the csv module: the facts tests check against."""
    import csv

    with open(folder / file, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
