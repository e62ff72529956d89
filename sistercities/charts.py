"""The timeline page's two smaller charts: how many ties had each status month by month, and the
ties by US state. Pure: DataFrames in, plotly figures out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sistercities import clock
from sistercities.outcomes import (
    DECIDED_OUTCOMES,
    OUTCOME_CODES,
    OUTCOME_COLORS,
    OUTCOME_DASHES,
    OUTCOME_LABELS,
)
from sistercities.status import monthly_counts, status_events
from sistercities.ties import shown_status
from sistercities.timeline import STORY_START
from sistercities.timeline_layers import FONT


def monthly_status_counts(pairs: pd.DataFrame, events: pd.DataFrame, end: dt.date | None = None) -> pd.DataFrame:
    """For each month end from February 2022: how many of the pairs had each decided status on
    that day (cut, suspended, kept with a letter, kept, under review). Columns: month, status, count."""
    counts = monthly_counts(pairs, status_events(events), STORY_START, pd.Timestamp(end or clock.today()))
    return counts[counts["status"].isin(DECIDED_OUTCOMES)].reset_index(drop=True)


def count_step(largest: float, most_ticks: int = 10) -> int:
    """A whole-number tick step for a count axis: 1, 2, 5, 10, 20, 50 ... giving at most
    `most_ticks` ticks up to `largest`. Counts have no halves, and a fixed small step on a large
    count (5 on 20,000 ties) makes thousands of tick labels that take plotly seconds to measure."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if largest / step <= most_ticks:
                return step
        magnitude *= 10


def decisions_figure(counts: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> go.Figure:
    figure = go.Figure()
    for code in ("cut", "suspended", "letter", "kept", "under_review"):
        part = counts[counts["status"] == code]
        if part.empty or part["count"].max() == 0:
            continue
        figure.add_trace(
            go.Scatter(
                name=OUTCOME_LABELS[code],
                x=part["month"],
                y=part["count"],
                mode="lines",
                line={"color": OUTCOME_COLORS[code], "width": 3, "shape": "hv", "dash": OUTCOME_DASHES[code]},
                hovertemplate=f"{OUTCOME_LABELS[code]}: %{{y}} ties at the end of %{{x|%B %Y}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=360,
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
        font={"family": FONT, "size": 12, "color": "#1F1F1F"},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        yaxis_title="Ties with this status",
        hovermode="x unified",
    )
    figure.update_yaxes(
        rangemode="tozero", gridcolor="#EEEEEE", dtick=count_step(counts["count"].max() if len(counts) else 0)
    )
    if x_range:
        figure.update_xaxes(range=list(x_range))
    return figure


def state_breakdown(pairs: pd.DataFrame) -> pd.DataFrame:
    """Ties per US state and status, states with the most ties first. Columns: state, status, count."""
    table = pairs.groupby(["us_state", shown_status(pairs).rename("status")]).size().rename("count").reset_index()
    table.columns = ["state", "status", "count"]
    totals = table.groupby("state")["count"].sum().sort_values(ascending=False, kind="stable")
    table["state"] = pd.Categorical(table["state"], categories=list(totals.index), ordered=True)
    return table.sort_values(["state", "status"]).reset_index(drop=True)


def state_figure(breakdown: pd.DataFrame) -> go.Figure:
    states = list(breakdown["state"].cat.categories) if len(breakdown) else []
    figure = go.Figure()
    for code in OUTCOME_CODES:
        part = breakdown[breakdown["status"] == code]
        if part.empty:
            continue
        figure.add_trace(
            go.Bar(
                name=OUTCOME_LABELS[code],
                orientation="h",
                y=part["state"].astype(str),
                x=part["count"],
                marker={"color": OUTCOME_COLORS[code]},
                hovertemplate=f"%{{y}}: %{{x}} {OUTCOME_LABELS[code].lower()}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=max(240, 80 + 20 * len(states)),
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
        font={"family": FONT, "size": 12, "color": "#1F1F1F"},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        xaxis_title="Ties",
    )
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(states)), automargin=True)
    widest = breakdown.groupby("state", observed=True)["count"].sum().max() if len(breakdown) else 0
    figure.update_xaxes(gridcolor="#EEEEEE", dtick=count_step(widest))
    return figure
