"""The timeline's pure parts: status segments per pair, lane order, and the plotly figures.

DataFrames in, DataFrames or figures out; no Streamlit. The same outcome palette as the map.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sistercities import clock
from sistercities.details import date_text
from sistercities.escaping import plotly_text
from sistercities.outcomes import (
    DECIDED_OUTCOMES,
    OUTCOME_CODES,
    STATUS_WORDS,
    evidence_words,
)
from sistercities.status import STORY_START, effective_dates, first_marks, status_events
from sistercities.status import status_segments as model_segments
from sistercities.ties import shown_status, tie_labels
from sistercities.timeline_layers import (
    add_event_markers,
    add_period_spans,
    add_status_bars,
    asof_marks,
    context_marks,
    lay_out,
)

# STORY_START (the model's) stays importable from here: pages and charts take it from this module.
SORTS = {
    "decision": "First decision",
    "state": "State",
    "outcome": "Outcome",
}


LANE_LABEL_CHARS = 60


def axis_labels(pairs: pd.DataFrame) -> list[str]:
    """Lane labels for the chart's axis: escaped for plotly's HTML subset, cut to a readable
    length (a hostile or careless 6,000-character name would push the chart off the page), and
    kept distinct, since plotly merges lanes whose labels are equal."""
    labels, seen = [], set()
    for text in tie_labels(pairs):
        short = text if len(text) <= LANE_LABEL_CHARS else text[: LANE_LABEL_CHARS - 1].rstrip() + "…"
        candidate, number = short, 2
        while candidate in seen:
            candidate, number = f"{short} ({number})", number + 1
        seen.add(candidate)
        labels.append(plotly_text(candidate))
    return labels


def status_segments(pairs: pd.DataFrame, events: pd.DataFrame, end: dt.date | None = None) -> pd.DataFrame:
    """One row per stretch of unchanged status per pair from the story's start (1 Feb 2022) to
    `end` (today): pair_id, status, start, end. The status model (sistercities.status) decides."""
    end_ts = pd.Timestamp(end or clock.today())
    segments = model_segments(pairs, status_events(events), STORY_START, end_ts)
    return segments.drop(columns=["last"])


def first_decision(pairs: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    return first_marks(pairs, status_events(events))


def order_lanes(pairs: pd.DataFrame, events: pd.DataFrame, sort: str = "decision") -> pd.DataFrame:
    """The pairs in lane order, top to bottom."""
    ranked = pairs.assign(
        _first=first_decision(pairs, events),
        _label=tie_labels(pairs),
        _outcome=shown_status(pairs).map({c: i for i, c in enumerate(OUTCOME_CODES)}),
    )
    keys = {
        "decision": ["_first", "_label"],
        "state": ["us_state", "_first", "_label"],
        "outcome": ["_outcome", "_first", "_label"],
    }[sort if sort in SORTS else "decision"]
    return ranked.sort_values(keys, na_position="last", kind="stable").drop(columns=["_first", "_label", "_outcome"])


def decision_periods(pairs: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The pairs' decisions known only to a month or year, each as the whole period it may have
    fallen in: pair_id, event_id, status, start (its first day), end (the day after its last),
    counted_from (its last day, when the status model counts it) and words ("March 2022")."""
    decided = events["status_after"].astype(str).isin(DECIDED_OUTCOMES)
    vague = events["date_precision"].isin(["month", "year"])
    chosen = events[decided & vague & events["pair_id"].isin(pairs["pair_id"])]
    last_days = effective_dates(chosen)
    return pd.DataFrame(
        {
            "pair_id": chosen["pair_id"],
            "event_id": chosen["event_id"],
            "status": chosen["status_after"].astype(str),
            "start": chosen["date"],
            "end": last_days + pd.Timedelta(days=1),
            "counted_from": last_days,
            "words": [date_text(d, p) for d, p in zip(chosen["date"], chosen["date_precision"])],
        }
    ).reset_index(drop=True)


def lane_words(segments: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Each pair's status on `day` in words (by pair_id): the stretch of the status model running then."""
    running = segments[segments["start"] <= day].sort_values("start", kind="stable").groupby("pair_id").tail(1)
    return running.set_index("pair_id")["status"].map(STATUS_WORDS)


def timeline_figure(
    pairs: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    sort: str = "decision",
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    today: dt.date | None = None,
    asof: dt.date | None = None,
) -> go.Figure:
    """Lanes coloured by status over time, a pale span for each decision known only to its month or
    year, a marker per event, context events as labelled lines. Under `asof`, that day is a labelled
    line and the words beside the lanes give each lane's status on it (else at the right edge)."""
    ordered = order_lanes(pairs, events, sort)
    labels = dict(zip(ordered["pair_id"], axis_labels(ordered)))
    lane_order = [labels[p] for p in ordered["pair_id"]]
    segments = status_segments(ordered, events, today)
    start, end = x_range or (STORY_START, pd.Timestamp(today or clock.today()))
    figure = go.Figure()
    # Spans first: drawn under the lanes, they show as a pale halo around them.
    add_period_spans(figure, decision_periods(ordered, events), labels)
    add_status_bars(
        figure, segments, events, labels, dict(zip(ordered["pair_id"], ordered["evidence"].map(evidence_words)))
    )
    add_event_markers(figure, events[events["pair_id"].isin(labels)], sources, labels)
    day = pd.Timestamp(asof) if asof is not None else end
    words = lane_words(segments, day)
    words_by_lane = {labels[p]: words.get(p, "") for p in ordered["pair_id"]}
    lines, notes = context_marks(events, start, end)
    rows = len(notes)
    if asof is not None:
        asof_line, asof_note = asof_marks(day, start, end, row=rows)
        lines, notes, rows = lines + asof_line, notes + asof_note, rows + 1
    figure.update_layout(shapes=lines, annotations=notes)
    lay_out(figure, lane_order, words_by_lane, f"Status on {date_text(day)}", start, end, rows)
    return figure


def selected_pair_from_plotly(selection: object) -> str | None:
    """The pair a click on a lane or marker picked, from Streamlit's plotly selection state."""
    try:
        points = selection["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom:
            return str(custom[0] if isinstance(custom, (list, tuple)) else custom)
    return None
