"""The timeline's pure parts: status segments per pair, lane order, and the plotly figures.

DataFrames in, DataFrames or figures out; no Streamlit. The same outcome palette as the map.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sistercities.details import EVENT_TYPE_LABELS, date_text, event_line
from sistercities.escaping import plotly_text
from sistercities.outcomes import (
    ACTOR_LABELS,
    OUTCOME_CODES,
    OUTCOME_COLORS,
    OUTCOME_LABELS,
)
from sistercities.status import effective_dates, first_marks, status_events
from sistercities.status import status_segments as model_segments

STORY_START = pd.Timestamp("2022-02-01")
SORTS = {
    "decision": "First decision",
    "state": "State",
    "outcome": "Outcome",
}
EVENT_SYMBOLS = {
    "established": "circle-open",
    "proposal": "diamond-open",
    "vote": "square",
    "letter": "triangle-up",
    "suspension": "line-ns",
    "termination": "x",
    "statement": "circle",
    "restoration": "star",
    "standing": "circle-open-dot",  # not "circle-dot": filled in our one mark colour, it drew as a statement's circle
    "ukrainian_partner": "hexagram",
}
FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"


def lane_label(pairs: pd.DataFrame) -> pd.Series:
    """'San Jose, CA – Yekaterinburg': one lane per pair, readable on its own."""
    return pairs["us_place"] + ", " + pairs["us_state"] + " – " + pairs["ru_place"]


LANE_LABEL_CHARS = 60


def axis_labels(pairs: pd.DataFrame) -> list[str]:
    """Lane labels for the chart's axis: escaped for plotly's HTML subset, cut to a readable
    length (a hostile or careless 6,000-character name would push the chart off the page), and
    kept distinct, since plotly merges lanes whose labels are equal."""
    labels, seen = [], set()
    for text in lane_label(pairs):
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
    end_ts = pd.Timestamp(end or dt.date.today())
    segments = model_segments(pairs, status_events(events), STORY_START, end_ts)
    return segments.drop(columns=["last"])


def first_decision(pairs: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    return first_marks(pairs, status_events(events))


def order_lanes(pairs: pd.DataFrame, events: pd.DataFrame, sort: str = "decision") -> pd.DataFrame:
    """The pairs in lane order, top to bottom."""
    ranked = pairs.assign(
        _first=first_decision(pairs, events),
        _label=lane_label(pairs),
        _outcome=pairs["status"].astype(str).map({c: i for i, c in enumerate(OUTCOME_CODES)})
        if "status" in pairs
        else 0,
    )
    keys = {
        "decision": ["_first", "_label"],
        "state": ["us_state", "_first", "_label"],
        "outcome": ["_outcome", "_first", "_label"],
    }[sort if sort in SORTS else "decision"]
    return ranked.sort_values(keys, na_position="last", kind="stable").drop(columns=["_first", "_label", "_outcome"])


def timeline_figure(
    pairs: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    sort: str = "decision",
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    today: dt.date | None = None,
) -> go.Figure:
    """Lanes coloured by status over time, a marker per event, context events as labelled lines."""
    ordered = order_lanes(pairs, events, sort)
    labels = dict(zip(ordered["pair_id"], axis_labels(ordered)))
    lane_order = [labels[p] for p in ordered["pair_id"]]
    segments = status_segments(ordered, events, today)
    # A stretch's start in words, as precise as its event's date: "March 2022", not "31 March 2022".
    dated = events[events["event_id"].isin(segments["event_id"])]
    since_words = pd.Series(
        [date_text(d, p) for d, p in zip(dated["date"], dated["date_precision"])], index=dated["event_id"], dtype=object
    )
    figure = go.Figure()

    for code in OUTCOME_CODES:
        part = segments[segments["status"] == code]
        if part.empty:
            continue
        figure.add_trace(
            go.Bar(
                name=OUTCOME_LABELS[code],
                orientation="h",
                y=part["pair_id"].map(labels),
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                marker={"color": OUTCOME_COLORS[code], "line": {"width": 0}},
                opacity=0.9 if code != "unknown" else 0.45,
                width=0.55,
                customdata=part[["pair_id"]]
                .assign(since=part["event_id"].map(since_words).fillna("1 February 2022"), status=OUTCOME_LABELS[code])
                .to_numpy(),
                hovertemplate="%{y}<br>%{customdata[2]} from %{customdata[1]}<extra></extra>",
                legendgroup="status",
            )
        )

    own = events[events["pair_id"].isin(labels)]
    if not own.empty:
        first_source = sources[sources["event_id"] != ""].drop_duplicates("event_id").set_index("event_id")["publisher"]
        texts = pd.Series(
            [
                f"<b>{plotly_text(date_text(e.date, e.date_precision))}</b> · {EVENT_TYPE_LABELS[str(e.type)]}"
                + (f" · decided by {ACTOR_LABELS[e.actor].lower()}" if e.actor in ACTOR_LABELS else "")
                + f"<br>{plotly_text(_wrap(event_line(e)))}<br><i>Source: "
                f"{plotly_text(first_source.get(e.event_id, ''))}</i>"
                for e in own.itertuples(index=False)
            ],
            index=own.index,
        )
        for kind, symbol in EVENT_SYMBOLS.items():
            part = own[own["type"].astype(str) == kind]
            if part.empty:
                continue
            # One trace per kind of event, so the legend explains each symbol.
            figure.add_trace(
                go.Scatter(
                    name=EVENT_TYPE_LABELS[kind],
                    mode="markers",
                    x=effective_marker_dates(part),
                    y=part["pair_id"].map(labels),
                    marker={
                        "symbol": symbol,
                        "size": 9,
                        "color": "#1F1F1F",
                        "line": {"width": 1.5, "color": "#1F1F1F"},
                    },
                    customdata=part[["pair_id"]].to_numpy(),
                    hovertext=texts[part.index],
                    hovertemplate="%{hovertext}<extra></extra>",
                    legendgroup="events",
                )
            )

    start, end = x_range or (STORY_START, pd.Timestamp(today or dt.date.today()))
    # Each lane's status at the chart's right edge, in words beside it: the colour is never the
    # only way to read it. Tick labels of a second axis, not 92 annotations: plotly lays those out
    # one by one. (Bar patterns would be another cue, but browsers drew them blank here.)
    at_end = segments[segments["start"] <= end].sort_values("start", kind="stable").groupby("pair_id").tail(1)
    status_words = dict(
        zip(at_end["pair_id"].map(labels), at_end["status"].map(lambda code: OUTCOME_LABELS[code].split(" (")[0]))
    )
    figure.add_trace(
        go.Scatter(
            x=[end] * len(lane_order),
            y=lane_order,
            yaxis="y2",
            mode="markers",
            marker={"opacity": 0},
            hoverinfo="skip",
            showlegend=False,
            name="status at the right edge",
        )
    )
    shown_context = [
        c for c in events[events["pair_id"] == ""].sort_values("date").itertuples(index=False) if start <= c.date <= end
    ]
    for row, context in enumerate(shown_context):
        figure.add_vline(x=context.date, line={"color": "#555555", "width": 1, "dash": "dot"})
        # Labels above the plot on their own rows, so close dates (24 Feb, 3 Mar) never overlap.
        figure.add_annotation(
            x=context.date,
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=30 + 18 * (len(shown_context) - 1 - row),
            text=f"{plotly_text(context.title or context.description[:40])} ({context.date:%-d %b %Y})",
            showarrow=False,
            # Labels on the right half hang leftwards so they stay inside the chart.
            xanchor="left" if context.date < start + (end - start) / 2 else "right",
            bgcolor="rgba(255,255,255,0.85)",
            font={"size": 12, "color": "#333333"},
        )

    lane_height = 24
    top = 60 + 18 * len(shown_context)
    # The legend sits below the lanes in two groups (statuses, events) side by side: room for the
    # longer group, so a chart of a few lanes is not squeezed until plotly drops their labels.
    statuses = sum(t.legendgroup == "status" for t in figure.data)
    legend_rows = max(statuses, len(figure.data) - statuses)
    bottom = 30 + 20 * legend_rows
    figure.update_layout(
        barmode="overlay",
        height=top + bottom + max(120, lane_height * len(lane_order)),
        margin={"l": 10, "r": 20, "t": top, "b": bottom},
        font={"family": FONT, "size": 12, "color": "#1F1F1F"},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "bottom", "y": 0, "x": 0, "yref": "container"},
        hoverlabel={"bgcolor": "#FFFFFF", "font": {"family": FONT}},
        clickmode="event+select",
        dragmode="pan",
    )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(lane_order)),
        # Exactly the lanes: left to autorange, plotly padded the top with empty rows.
        range=[-0.5, len(lane_order) - 0.5],
        automargin=True,
        tickfont={"size": 12},
        showgrid=False,
    )
    figure.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(lane_order)),
            "range": [-0.5, len(lane_order) - 0.5],
            "tickmode": "array",
            "tickvals": lane_order,
            "ticktext": [status_words.get(lane, "") for lane in lane_order],
            "tickfont": {"size": 11, "color": "#333333"},
            "showgrid": False,
            "automargin": True,
            "fixedrange": True,
        }
    )
    # A click selects a pair; plotly would fade every other mark, changing the colours readers
    # rely on, so unselected marks keep their look.
    figure.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})
    figure.update_traces(unselected={"marker": {"opacity": 0.9}}, selector={"type": "bar"})
    # Dates along the top: on a tall chart the reader meets them before the lanes.
    figure.update_xaxes(
        type="date", range=[start, end], side="top", showgrid=True, gridcolor="#EEEEEE", automargin=True
    )
    if (end - start).days <= 120:
        # A few weeks: a tick each week on the invasion's weekday, written as days ("3 Mar").
        figure.update_xaxes(dtick=7 * 86_400_000, tick0="2022-02-24", tickformat="%-d %b")
    return figure


def effective_marker_dates(events: pd.DataFrame) -> pd.Series:
    """Markers sit where the lane changes colour: a month- or year-only event at its period's end."""
    return effective_dates(events)


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


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
