"""The compare page's pure parts: which pairs, in which order, and their shared time axis."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sistercities.details import EVENT_TYPE_LABELS, date_text
from sistercities.escaping import plotly_text
from sistercities.outcomes import OUTCOME_COLORS, OUTCOME_LABELS
from sistercities.status import effective_dates
from sistercities.timeline import EVENT_SYMBOLS, FONT, STORY_START, status_segments

# Bay Area neighbours that chose differently, and San Diego, which Zelensky named.
DEFAULT_COMPARE = (
    "santa-clara-county-ca_moscow",
    "livermore-ca_snezhinsk",
    "san-jose-ca_yekaterinburg",
    "san-diego-ca_vladivostok",
)
MAX_COMPARE = 6


def compare_selection(url_pairs: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """The pairs to compare: the link's, in the link's order, else the default ones that exist."""
    chosen = tuple(p for p in url_pairs if p in known)[:MAX_COMPARE]
    return chosen or tuple(p for p in DEFAULT_COMPARE if p in known)


def shared_range(
    events: pd.DataFrame, pair_ids: tuple[str, ...], today: dt.date | None = None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """One time axis for every column: from February 2022 to a little after the latest event."""
    own = events[events["pair_id"].isin(pair_ids)]
    latest = effective_dates(own).max() if not own.empty else pd.NaT
    end = max(
        pd.Timestamp("2022-12-31"), latest + pd.Timedelta(days=45) if pd.notna(latest) else pd.Timestamp("2022-12-31")
    )
    return STORY_START, min(end, pd.Timestamp(today or dt.date.today()))


def pair_strip(
    pair_id: str, events: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp], today: dt.date | None = None
) -> go.Figure:
    """A one-lane strip for one pair: status colours and event marks on the shared axis."""
    pairs = pd.DataFrame({"pair_id": [pair_id]})
    segments = status_segments(pairs, events, today)
    figure = go.Figure()
    for segment in segments.itertuples(index=False):
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=[""],
                base=[segment.start],
                x=[(segment.end - segment.start).total_seconds() * 1000],
                marker={"color": OUTCOME_COLORS[segment.status]},
                opacity=0.9 if segment.status != "unknown" else 0.45,
                width=0.5,
                hovertemplate=f"{OUTCOME_LABELS[segment.status]} from {segment.start:%Y-%m-%d}<extra></extra>",
                showlegend=False,
            )
        )
    own = events[(events["pair_id"] == pair_id) & (effective_dates(events) >= STORY_START)]
    if not own.empty:
        figure.add_trace(
            go.Scatter(
                x=effective_dates(own),
                y=[""] * len(own),
                mode="markers",
                marker={"symbol": own["type"].astype(str).map(EVENT_SYMBOLS).tolist(), "size": 10, "color": "#1F1F1F"},
                hovertext=[
                    f"{plotly_text(date_text(e.date, e.date_precision))} · {EVENT_TYPE_LABELS[str(e.type)]}"
                    for e in own.itertuples(index=False)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    for context in events[events["pair_id"] == ""].itertuples(index=False):
        if x_range[0] <= context.date <= x_range[1]:
            figure.add_vline(x=context.date, line={"color": "#777777", "width": 1, "dash": "dot"})
    figure.update_layout(
        barmode="overlay",
        height=110,
        margin={"l": 5, "r": 5, "t": 5, "b": 30},
        font={"family": FONT, "size": 11},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    figure.update_xaxes(type="date", range=list(x_range), gridcolor="#EEEEEE", nticks=4)
    figure.update_yaxes(showticklabels=False)
    return figure
