"""Partial dates: a day, a month or a year, as sources give them. Each is an interval, never a guess.

'2022-03-08' is that day; '2022-03' is 1 to 31 March 2022; '2025' is the whole year.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
# pandas' nanosecond timestamps hold 1677-09-21 to 2262-04-11; the record needs far less, and a
# date outside this span is a typo that must be reported, not an overflow later.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def parse_partial_date(text: str) -> tuple[pd.Timestamp, str] | None:
    """'2022-03-08' -> (Timestamp, 'day'); '2022-03' -> (first of month, 'month');
    '2025' -> (1 January, 'year'); anything else, or a year outside 1900-2100, -> None."""
    try:
        if DAY_PATTERN.match(text):
            day = dt.date.fromisoformat(text)
            precision = "day"
        elif MONTH_PATTERN.match(text):
            day = dt.date(int(text[:4]), int(text[5:7]), 1)
            precision = "month"
        elif YEAR_PATTERN.match(text):
            day = dt.date(int(text), 1, 1)
            precision = "year"
        else:
            return None
    except ValueError:
        return None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    return pd.Timestamp(day), precision


def period_end(text: str) -> pd.Timestamp:
    """The last day a partial date can mean: '2022-06' -> 2022-06-30, '2025' -> 2025-12-31."""
    start, precision = parse_partial_date(text)
    return end_of_period(start, precision)


def end_of_period(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    if precision == "year":
        return start + pd.offsets.YearEnd(0)
    return start


def period_ends(starts: pd.Series, precisions: pd.Series) -> pd.Series:
    """Vectorised end_of_period: the day a month- or year-only date is known to have passed."""
    month_end = starts + pd.offsets.MonthEnd(0)
    year_end = starts + pd.offsets.YearEnd(0)
    ends = month_end.where(precisions == "month", starts)
    return year_end.where(precisions == "year", ends)


def date_words(value: pd.Timestamp | None, precision: str = "day") -> str:
    """A date for readers, as precise as it is known: '8 March 2022', 'March 2022', '2025', or ''."""
    if value is None or pd.isna(value):
        return ""
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def iso_text(value: pd.Timestamp | None, precision: str = "day") -> str:
    """A date as the files write it: '2022-03-08', '2022-03', '2025', or ''."""
    if value is None or pd.isna(value):
        return ""
    formats = {"month": "%Y-%m", "year": "%Y"}
    return value.strftime(formats.get(precision, "%Y-%m-%d"))
