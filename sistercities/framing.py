"""Framing charts for articles: the finding as a title, the filters as a subtitle, a source line,
generated alt text, file names, and the static map. Pure: figures and DataFrames in, figures and
text out."""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go

from sistercities.escaping import plotly_text
from sistercities.filters import FilterState
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES
from sistercities.record import SOURCE_LINE
from sistercities.summaries import count_noun
from sistercities.timeline import FONT


def wrap(text: str, width_px: int, font_px: float) -> list[str]:
    """Lines that fit width_px at font_px (average glyph ~0.55 em): plotly does not wrap text."""
    limit = max(20, int(width_px / (font_px * 0.6)))
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def framed(
    figure: go.Figure, title: str, subtitle: str, data_date: str, version: str = "", width: int = 1200
) -> go.Figure:
    """A copy of the chart with the finding as title, the filters as subtitle and a source line,
    wrapped to the export's width."""
    out = go.Figure(copy.deepcopy(figure))
    title_lines = wrap(title, width - 30, 19)
    subtitle_lines = wrap(subtitle, width - 30, 13)
    credit = f"{SOURCE_LINE}. Data as of {data_date}" + (f" (version {version})" if version else "") + "."
    credit_lines = wrap(credit, width - 40, 11)
    extra_top = 26 * (len(title_lines) - 1) + 18 * (len(subtitle_lines) - 1)
    extra_bottom = 15 * (len(credit_lines) - 1)
    top = 110 + extra_top + (out.layout.margin.t or 0)
    bottom = 120 + extra_bottom + (out.layout.margin.b or 0)
    height = (out.layout.height or 450) + 230 + extra_top + extra_bottom
    out.update_layout(
        title={
            "text": "<b>"
            + "<br>".join(plotly_text(t) for t in title_lines)
            + "</b><br><span style='font-size:13px;color:#555555'>"
            + "<br>".join(plotly_text(t) for t in subtitle_lines)
            + "</span>",
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 16},
            "font": {"family": FONT, "size": 19, "color": "#1F1F1F"},
        },
        margin={"t": top, "b": bottom, "l": out.layout.margin.l or 10, "r": out.layout.margin.r or 20},
        height=height,
        paper_bgcolor="#FFFFFF",
        # Legend in one band above the credit line, both pinned to the image's bottom edge.
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 34 / height,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
        },
    )
    out.add_annotation(
        text="<br>".join(plotly_text(line) for line in credit_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(bottom - 12),
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"family": FONT, "size": 11, "color": "#555555"},
    )
    return out


def subtitle_for(filters: FilterState, shown: int, total: int) -> str:
    described = filters.describe()
    if shown != total:
        ties = f"{shown} of {total} ties"
    else:
        ties = f"All {total} ties" if total > 1 else count_noun(total, "tie")
    return f"{ties}{' · ' + described if described else ''}"


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


def counts_by_status(pairs: pd.DataFrame) -> dict[str, int]:
    column = "status" if "status" in pairs.columns else "outcome"
    counts = pairs[column].astype(str).value_counts()
    return {code: int(counts.get(code, 0)) for code in OUTCOME_CODES}


def finding_title(pairs: pd.DataFrame) -> str:
    """The headline a chart states: '10 of 92 US ties to Russian places were cut or suspended …'."""
    counts = counts_by_status(pairs)
    total = len(pairs)
    if total == 0:
        return "No ties match these filters"
    acted = counts["cut"] + counts["suspended"]
    kept = counts["letter"] + counts["kept"]
    if acted:
        done = "cut or suspended" if counts["cut"] and counts["suspended"] else "cut" if counts["cut"] else "suspended"
        return f"{_share(acted, total)} {done} after the invasion"
    if kept:
        return f"{_share(kept, total)} kept after the invasion"
    if counts["no_action"]:
        return f"{_share(counts['no_action'], total)} left standing with no action"
    return f"No public decision found for {count_noun(total, 'US tie')} to Russian places"


def _share(count: int, total: int) -> str:
    """'1 of 4 US ties to Russian places was', 'All 3 … were', 'The one US tie to a Russian place was'."""
    if total == 1:
        return "The one US tie to a Russian place was"
    if count == total:
        return f"All {total} US ties to Russian places were"
    return f"{count} of {total} US ties to Russian places {_were(count)}"


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def day_text(day: dt.date) -> str:
    """'1 June 2022': the day as a reader writes it, no leading zero."""
    return f"{day.day} {day:%B %Y}"


def _by_when(pairs: pd.DataFrame, events: pd.DataFrame, filters: FilterState) -> str:
    """'1 June 2022' under an as-of day; else the latest decision's month ('October 2025'), or its
    year alone when the record knows only the year; '' when nothing was decided."""
    if filters.asof:
        return day_text(filters.asof)
    decided = events[
        events["pair_id"].isin(pairs["pair_id"]) & events["status_after"].astype(str).isin(DECIDED_OUTCOMES)
    ]
    if decided.empty or pd.isna(decided["date"].max()):
        return ""
    latest = decided.loc[decided["date"].idxmax()]
    precision = str(latest.get("date_precision", "day"))
    return f"{latest['date']:%Y}" if precision == "year" else f"{latest['date']:%B %Y}"


def _status_clauses(counts: dict[str, int]) -> list[str]:
    """One clause per status that has ties, none for a zero count."""
    words = {
        "cut": "{n} {was} cut",
        "suspended": "{n} {was} suspended",
        "letter": "{n} {was} kept with a letter to the Russian side",
        "kept": "{n} {was} kept without one" if counts["letter"] else "{n} {was} kept",
        "under_review": "{n} {are} under review",
        "no_action": "{n} {was} left standing with no action",
        "unknown": "for {n} nothing was found since the invasion",
    }
    return [
        words[code].format(n=counts[code], was=_were(counts[code]), are="is" if counts[code] == 1 else "are")
        for code in OUTCOME_CODES
        if counts.get(code)
    ]


def joined(clauses: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(clauses) <= 1:
        return "".join(clauses)
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


CHART_LEADS = {
    "timeline": "Timeline with one lane per US–Russia sister tie, coloured by its status over time from "
    "February 2022, with a mark for each dated event.",
    "decisions": "Line chart of how many US–Russia sister ties were cut, suspended or kept, month by month "
    "from February 2022.",
    "states": "Stacked bar chart of US–Russia sister ties by US state, coloured by outcome.",
    "compare": "Side-by-side timelines of chosen US–Russia sister ties.",
    "map": "Map of great-circle lines joining US cities, counties and states to their Russian sister cities, "
    "coloured by outcome.",
}


def alt_text(chart: str, pairs: pd.DataFrame, events: pd.DataFrame, filters: FilterState) -> str:
    """A description of what the chart says, from the data, ready to paste."""
    total = len(pairs)
    lead = CHART_LEADS.get(chart, "Chart of US–Russia sister ties.")
    described = filters.describe()
    scope = f" Filters: {described}." if described else ""
    if total == 0:
        return f"{lead} No US ties to Russian cities and regions match these filters.{scope}"
    when = _by_when(pairs, events, filters)
    opening = f"By {when}, of" if when else "Of"
    summary = (
        f"{opening} {count_noun(total, 'US tie')} to Russian cities and regions, "
        f"{joined(_status_clauses(counts_by_status(pairs)))}."
    )
    return f"{lead} {summary}{scope}"


# ---------------------------------------------------------------- static map


def static_map_figure(pairs: pd.DataFrame) -> go.Figure:
    """The map for print: the page's SVG map over the pole (sistercities.geomap), whole route."""
    from sistercities.geomap import geo_map_figure

    return geo_map_figure(pairs, "route")
