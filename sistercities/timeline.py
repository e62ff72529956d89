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
    DECIDED_OUTCOMES,
    OUTCOME_CODES,
    OUTCOME_COLORS,
    OUTCOME_LABELS,
    PERIOD_LEGEND,
    STATUS_WORDS,
    hex_to_rgb,
)
from sistercities.status import STORY_START, effective_dates, first_marks, status_events
from sistercities.status import status_segments as model_segments

# STORY_START (the model's) stays importable from here: pages and charts take it from this module.
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
    start, end = x_range or (STORY_START, pd.Timestamp(today or dt.date.today()))
    figure = go.Figure()
    # Spans first: drawn under the lanes, they show as a pale halo around them.
    _add_period_spans(figure, decision_periods(ordered, events), labels)
    _add_status_bars(figure, segments, events, labels)
    _add_event_markers(figure, events[events["pair_id"].isin(labels)], sources, labels)
    day = pd.Timestamp(asof) if asof is not None else end
    words = lane_words(segments, day)
    words_by_lane = {labels[p]: words.get(p, "") for p in ordered["pair_id"]}
    rows = _add_context_lines(figure, events, start, end)
    if asof is not None:
        _add_asof_line(figure, day, start, end, row=rows)
        rows += 1
    _lay_out(figure, lane_order, words_by_lane, f"Status on {date_text(day)}", start, end, rows)
    return figure


def _add_period_spans(figure: go.Figure, periods: pd.DataFrame, labels: dict[str, str]) -> None:
    """One trace per decided status: a pale bar, outlined in the status colour, over the period;
    and one legend entry saying what a pale outlined span means."""
    for code in (c for c in OUTCOME_CODES if c in set(periods["status"])):
        part = periods[periods["status"] == code]
        figure.add_trace(
            go.Bar(
                name=f"{STATUS_WORDS[code]}, decided during the span",
                orientation="h",
                y=part["pair_id"].map(labels),
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                marker={"color": tint(OUTCOME_COLORS[code]), "line": {"width": 1.5, "color": OUTCOME_COLORS[code]}},
                width=0.9,
                customdata=part[["pair_id", "words"]].assign(note=period_notes(part)).to_numpy(),
                hovertemplate="%{y}<br>%{customdata[2]}<extra></extra>",
                legendgroup="status",
                showlegend=False,
            )
        )
    if not periods.empty:
        # Spans take their decision's colour; the legend's one entry shows the outline that marks them.
        figure.add_trace(
            go.Bar(
                name=PERIOD_LEGEND,
                orientation="h",
                x=[None],  # a legend entry only: plotly leaves a trace without points out of the legend
                y=[None],
                marker={"color": "rgba(31,31,31,0.08)", "line": {"width": 1.5, "color": "#1F1F1F"}},
                hoverinfo="skip",
                legendgroup="status",
                legendrank=1001,  # after the statuses
            )
        )


def period_notes(periods: pd.DataFrame) -> list[str]:
    """A span's hover: the decision, the period it fell in, and the day the status counts it from."""
    return [
        f"{STATUS_WORDS[s]}: decided during {plotly_text(w)}; the day is not known.<br>"
        f"The status counts it from {date_text(c)}, the period's last day;<br>"
        "until then the lane shows the status before it."
        for s, w, c in zip(periods["status"], periods["words"], periods["counted_from"])
    ]


def tint(color: str, alpha: float = 0.3) -> str:
    """A pale, see-through version of a palette colour: a span's fill."""
    red, green, blue = hex_to_rgb(color)
    return f"rgba({red},{green},{blue},{alpha})"


def stretch_words(segments: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """For each stretch (indexed like `segments`): `since`, when it began in words as precise as its
    event's date ("March 2022", not "31 March 2022"), and `note`, the day the model counts a month-
    or year-only decision from, or that the opening stretch begins at the story's start."""
    dated = events[events["event_id"].isin(segments["event_id"])].drop_duplicates("event_id")
    since = pd.Series(
        [date_text(d, p) for d, p in zip(dated["date"], dated["date_precision"])], index=dated["event_id"], dtype=object
    )
    counted = pd.Series(
        [
            f" (the day is not known: counted from {date_text(c)})" if p != "day" else ""
            for c, p in zip(effective_dates(dated), dated["date_precision"])
        ],
        index=dated["event_id"],
        dtype=object,
    )
    opening = segments["event_id"] == ""
    return pd.DataFrame(
        {
            "since": segments["event_id"].map(since).astype(object).where(~opening, date_text(STORY_START)),
            "note": segments["event_id"].map(counted).astype(object).where(~opening, " (the story's start)"),
        },
        index=segments.index,
    ).fillna("")


def _add_status_bars(figure: go.Figure, segments: pd.DataFrame, events: pd.DataFrame, labels: dict[str, str]) -> None:
    """One trace per status: the lanes' stretches, with when each began in its hover."""
    words = stretch_words(segments, events)
    for code in OUTCOME_CODES:
        part = segments[segments["status"] == code]
        if part.empty:
            continue
        data = part[["pair_id"]].assign(since=words["since"], status=STATUS_WORDS[code], note=words["note"])
        figure.add_trace(
            go.Bar(
                name=STATUS_WORDS[code] if code == "no_action" else OUTCOME_LABELS[code],
                orientation="h",
                y=part["pair_id"].map(labels),
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                marker={"color": OUTCOME_COLORS[code], "line": {"width": 0}},
                opacity=0.9 if code != "unknown" else 0.45,
                width=0.55,
                customdata=data.to_numpy(),
                hovertemplate="%{y}<br>%{customdata[2]} from %{customdata[1]}%{customdata[3]}<extra></extra>",
                legendgroup="status",
            )
        )


def _add_event_markers(figure: go.Figure, own: pd.DataFrame, sources: pd.DataFrame, labels: dict[str, str]) -> None:
    """One trace per kind of event, so the legend explains each symbol."""
    if own.empty:
        return
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
        figure.add_trace(
            go.Scatter(
                name=EVENT_TYPE_LABELS[kind],
                mode="markers",
                x=effective_marker_dates(part),
                y=part["pair_id"].map(labels),
                marker={"symbol": symbol, "size": 9, "color": "#1F1F1F", "line": {"width": 1.5, "color": "#1F1F1F"}},
                customdata=part[["pair_id"]].to_numpy(),
                hovertext=texts[part.index],
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup="events",
            )
        )


def _add_context_lines(figure: go.Figure, events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Context events in the range as dotted lines, labelled above the plot; returns how many."""
    shown = [
        c for c in events[events["pair_id"] == ""].sort_values("date").itertuples(index=False) if start <= c.date <= end
    ]
    for row, context in enumerate(shown):
        figure.add_vline(x=context.date, line={"color": "#555555", "width": 1, "dash": "dot"})
        # Labels above the plot on their own rows, so close dates (24 Feb, 3 Mar) never overlap.
        figure.add_annotation(
            x=context.date,
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=30 + 18 * (len(shown) - 1 - row),
            text=f"{plotly_text(context.title or context.description[:40])} ({context.date:%-d %b %Y})",
            showarrow=False,
            # Labels on the right half hang leftwards so they stay inside the chart.
            xanchor="left" if context.date < start + (end - start) / 2 else "right",
            bgcolor="rgba(255,255,255,0.85)",
            font={"size": 12, "color": "#333333"},
        )
    return len(shown)


def _add_asof_line(figure: go.Figure, day: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, row: int) -> None:
    """The as-of day as a solid line labelled "Status on 1 June 2022", above the context labels. A
    day outside the range shown is named at the nearer edge instead."""
    inside = start <= day <= end
    if inside:
        figure.add_vline(x=day, line={"color": "#1F1F1F", "width": 2})
    at = min(max(day, start), end)
    words = f"Status on {date_text(day)}" + ("" if inside else " (outside the period shown)")
    figure.add_annotation(
        x=at,
        y=1,
        yref="paper",
        yanchor="bottom",
        yshift=30 + 18 * row,
        text=f"<b>{words}</b>",
        showarrow=False,
        xanchor="left" if at < start + (end - start) / 2 else "right",
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": 12, "color": "#1F1F1F"},
        name="asof",
    )


def _lay_out(
    figure: go.Figure,
    lane_order: list[str],
    words: dict[str, str],
    words_title: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    label_rows: int,
) -> None:
    # Each lane's status in words beside it (on the as-of day, else at the right edge): the colour
    # is never the only way to read it. Tick labels of a second axis, not 92 annotations: plotly
    # lays those out one by one. (Bar patterns would be another cue, but browsers drew them blank.)
    figure.add_trace(
        go.Scatter(
            x=[end] * len(lane_order),
            y=lane_order,
            yaxis="y2",
            mode="markers",
            marker={"opacity": 0},
            hoverinfo="skip",
            showlegend=False,
            name="status beside the lanes",
        )
    )
    lane_height = 24
    top = 60 + 18 * label_rows
    # The legend sits below the lanes in two groups (statuses, events) side by side: room for the
    # longer group, so a chart of a few lanes is not squeezed until plotly drops their labels.
    groups = pd.Series([t.legendgroup for t in figure.data if t.showlegend is not False])
    bottom = 30 + 20 * (int(groups.value_counts().max()) if len(groups) else 1)
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
    lanes_axis = {
        "categoryorder": "array",
        "categoryarray": list(reversed(lane_order)),
        # Exactly the lanes: left to autorange, plotly padded the top with empty rows.
        "range": [-0.5, len(lane_order) - 0.5],
        "showgrid": False,
        "automargin": True,
    }
    figure.update_yaxes(**lanes_axis, tickfont={"size": 12})
    figure.update_layout(
        yaxis2={
            **lanes_axis,
            "overlaying": "y",
            "side": "right",
            "type": "category",
            "tickmode": "array",
            "tickvals": lane_order,
            "ticktext": [words.get(lane, "") for lane in lane_order],
            "tickfont": {"size": 11, "color": "#333333"},
            "title": {"text": words_title, "font": {"size": 11, "color": "#333333"}},
            "fixedrange": True,
        }
    )
    # A click selects a pair; plotly would fade every other mark, changing the colours readers
    # rely on, so unselected marks keep their look.
    figure.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})
    figure.update_traces(unselected={"marker": {"opacity": 0.9}}, selector={"type": "bar"})
    figure.update_traces(unselected={"marker": {"opacity": 1}}, selector={"width": 0.9})
    # Dates along the top: on a tall chart the reader meets them before the lanes.
    figure.update_xaxes(
        type="date", range=[start, end], side="top", showgrid=True, gridcolor="#EEEEEE", automargin=True
    )
    if (end - start).days <= 120:
        # A few weeks: a tick each week on the invasion's weekday, written as days ("3 Mar").
        figure.update_xaxes(dtick=7 * 86_400_000, tick0="2022-02-24", tickformat="%-d %b")


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
