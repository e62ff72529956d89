"""Export file names that say what is inside and are safe on every filesystem. Pure."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sistercities.filters import FilterState


def file_name(chart: str, filters: FilterState, today: dt.date, extension: str, suffix: str = "") -> str:
    """'timeline_outcome-cut_2026-11-22.png': chart, active filters, date; safe on every filesystem."""
    parts = [chart]
    for key, value in _filter_parts(filters):
        parts.append(f"{key}-{value}")
    if suffix:
        parts.append(suffix)
    parts.append(today.isoformat())
    stem = "_".join(_slug(p) for p in parts)
    return f"{stem[:150]}.{extension}"


def _filter_parts(filters: FilterState) -> list[tuple[str, str]]:
    parts = []
    if filters.outcomes:
        parts.append(("outcome", "-".join(filters.outcomes)))
    if filters.states:
        parts.append(("state", "-".join(filters.states)))
    if filters.levels:
        parts.append(("level", "-".join(filters.levels)))
    if filters.query:
        parts.append(("q", filters.query))
    if filters.date_from:
        parts.append(("from", filters.date_from.isoformat()))
    if filters.date_to:
        parts.append(("to", filters.date_to.isoformat()))
    if filters.asof:
        parts.append(("asof", filters.asof.isoformat()))
    return parts


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9-]+", "-", ascii_text).strip("-").lower() or "x"
