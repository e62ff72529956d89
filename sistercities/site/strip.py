"""A tie's picture: its status from the invasion to the data's last update as one strip of coloured
stretches, drawn by the tie template as inline SVG (no script, no browser needed to make it), with
the same stretches in words for its alt text and for the list under it."""

from __future__ import annotations

import pandas as pd

from sistercities.details import date_text
from sistercities.loader import Dataset
from sistercities.outcomes import OUTCOME_COLORS, STATUS_WORDS
from sistercities.status import STORY_START, status_segments

WIDTH = 600  # the SVG's own units; it scales to the page's width
BAR_TOP, BAR_HEIGHT = 4, 28


def _end(dataset: Dataset) -> pd.Timestamp:
    last = pd.Timestamp(dataset.last_updated) if dataset.last_updated else pd.NaT
    if pd.isna(last):  # a folder without a date: as far as its events go
        last = dataset.events["date"].max()
    return max(pd.Timestamp(last), STORY_START + pd.Timedelta(days=1))


def _x(day: pd.Timestamp, end: pd.Timestamp) -> float:
    return round(WIDTH * ((day - STORY_START) / (end - STORY_START)), 1)


def stretches(dataset: Dataset, pair: pd.Series) -> list[dict]:
    end = _end(dataset)
    segments = status_segments(pair.to_frame().T, dataset.marks, STORY_START, end)
    rows = []
    for segment in segments.itertuples(index=False):
        left, right = _x(segment.start, end), _x(min(segment.end, end), end)
        rows.append(
            {
                "x": left,
                "width": round(max(right - left, 1.0), 1),
                "colour": OUTCOME_COLORS[segment.status],
                "words": STATUS_WORDS[segment.status],
                "start": date_text(segment.start),
                "end": date_text(min(segment.end, end)),
            }
        )
    return rows


def year_ticks(dataset: Dataset) -> list[dict]:
    end = _end(dataset)
    years = range(STORY_START.year + 1, end.year + 1)
    return [{"x": _x(pd.Timestamp(year=y, month=1, day=1), end), "year": y} for y in years]


def alt_text(rows: list[dict]) -> str:
    said = "; then ".join(f"{row['words']} from {row['start']}" for row in rows)
    return f"The tie's status over time: {said}, to {rows[-1]['end']}." if rows else ""


def status_strip(dataset: Dataset, pair: pd.Series) -> dict:
    rows = stretches(dataset, pair)
    return {
        "width": WIDTH,
        "bar_top": BAR_TOP,
        "bar_height": BAR_HEIGHT,
        "stretches": rows,
        "ticks": year_ticks(dataset),
        "alt": alt_text(rows),
        "from": date_text(STORY_START),
    }
