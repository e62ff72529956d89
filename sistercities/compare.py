"""The compare page's pure parts: which pairs, in which order, and their shared time axis."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sistercities import clock
from sistercities.details import EVENT_TYPE_LABELS, date_text
from sistercities.escaping import plotly_text
from sistercities.outcomes import OUTCOME_COLORS, STATUS_WORDS
from sistercities.status import effective_dates
from sistercities.timeline import STORY_START, decision_periods, status_segments
from sistercities.timeline_layers import EVENT_SYMBOLS, FONT, period_notes, stretch_words, tint

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
    return STORY_START, min(end, pd.Timestamp(today or clock.today()))


def pair_strip(
    pair_id: str, events: pd.DataFrame, x_range: tuple[pd.Timestamp, pd.Timestamp], today: dt.date | None = None
) -> go.Figure:
    """A one-lane strip for one pair: status colours and event marks on the shared axis; a decision
    known only to its month or year as a pale outlined span over that period, labelled above it."""
    pairs = pd.DataFrame({"pair_id": [pair_id]})
    segments = status_segments(pairs, events, today)
    periods = decision_periods(pairs, events)
    figure = go.Figure()
    for period, note in zip(periods.itertuples(index=False), period_notes(periods)):
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=[""],
                base=[period.start],
                x=[(period.end - period.start).total_seconds() * 1000],
                marker={
                    "color": tint(OUTCOME_COLORS[period.status]),
                    "line": {"width": 1.5, "color": OUTCOME_COLORS[period.status]},
                },
                width=0.8,
                hovertemplate=f"{note}<extra></extra>",
                showlegend=False,
            )
        )
        # No legend on a strip: the span says what it is in words.
        middle = max(period.start, x_range[0]) + (min(period.end, x_range[1]) - max(period.start, x_range[0])) / 2
        figure.add_annotation(
            x=middle,
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=f"{STATUS_WORDS[period.status].lower()}, decided during {plotly_text(period.words)}",
            font={"size": 10, "color": "#333333"},
        )
    words = stretch_words(segments, events)
    for segment, since, note in zip(segments.itertuples(index=False), words["since"], words["note"]):
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=[""],
                base=[segment.start],
                x=[(segment.end - segment.start).total_seconds() * 1000],
                marker={"color": OUTCOME_COLORS[segment.status]},
                opacity=0.9 if segment.status != "unknown" else 0.45,
                width=0.5,
                hovertemplate=f"{STATUS_WORDS[segment.status]} from {plotly_text(since + note)}<extra></extra>",
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
        height=128,  # room above the lane for a span's words, in every strip so columns line up
        margin={"l": 5, "r": 5, "t": 23, "b": 30},
        font={"family": FONT, "size": 11},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    figure.update_xaxes(type="date", range=list(x_range), gridcolor="#EEEEEE", nticks=4)
    figure.update_yaxes(showticklabels=False)
    return figure
