"""The lane chart's layers: status bars, month- or year-only spans, event marks, context and
as-of lines, and the layout that fits lanes, words and legend. Pure plotly; sistercities.timeline
decides what goes in them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sistercities.details import EVENT_TYPE_LABELS, date_text, event_line
from sistercities.escaping import plotly_text
from sistercities.margins import legend_height
from sistercities.outcomes import (
    ACTOR_LABELS,
    OUTCOME_CODES,
    OUTCOME_COLORS,
    OUTCOME_LABELS,
    PERIOD_LEGEND,
    STATUS_WORDS,
    hex_to_rgb,
)
from sistercities.status import STORY_START, effective_dates

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


def add_period_spans(figure: go.Figure, periods: pd.DataFrame, labels: dict[str, str]) -> None:
    """Every span, a pale bar outlined in its decision's colour over the period, in one trace that
    is also the legend's entry saying what a pale outlined span means. One trace, not one per
    status plus the entry: the browser's cost of a chart grows with its traces, points or not."""
    if periods.empty:
        return
    # In the legend's status order, the order they were drawn in when each status had a trace.
    periods = periods.loc[periods["status"].map(OUTCOME_CODES.index).sort_values(kind="stable").index]
    colors = periods["status"].map(OUTCOME_COLORS)
    data = pd.DataFrame(
        {
            "pair_id": periods["pair_id"],
            "status": periods["status"].map(STATUS_WORDS),
            "words": periods["words"].map(plotly_text),
            "counted": [date_text(c) for c in periods["counted_from"]],
        }
    )
    # A first point with no place: plotly draws the legend's swatch in the first point's colours,
    # and the entry stands for spans of every colour, so it is the neutral outline.
    figure.add_trace(
        go.Bar(
            name=PERIOD_LEGEND,
            orientation="h",
            y=[None, *periods["pair_id"].map(labels)],
            base=[None, *periods["start"]],
            x=[None, *((periods["end"] - periods["start"]).dt.total_seconds() * 1000)],
            marker={
                "color": ["rgba(31,31,31,0.08)", *colors.map(tint)],
                "line": {"width": 1.5, "color": ["#1F1F1F", *colors]},
            },
            width=0.9,
            customdata=[[None] * 4, *data.to_numpy().tolist()],
            # The words every span shares live once in the template, not once per span.
            hovertemplate="%{y}<br>"
            + SPAN_NOTE.format(status="%{customdata[1]}", words="%{customdata[2]}", counted="%{customdata[3]}")
            + "<extra></extra>",
            legendgroup="status",
            legendrank=1001,  # after the statuses
        )
    )


SPAN_NOTE = (
    "{status}: decided during {words}; the day is not known.<br>"
    "The status counts it from {counted}, the period's last day;<br>"
    "until then the lane shows the status before it."
)


def period_notes(periods: pd.DataFrame) -> list[str]:
    """A span's hover: the decision, the period it fell in, and the day the status counts it from."""
    return [
        SPAN_NOTE.format(status=STATUS_WORDS[s], words=plotly_text(w), counted=date_text(c))
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


def add_status_bars(
    figure: go.Figure,
    segments: pd.DataFrame,
    events: pd.DataFrame,
    labels: dict[str, str],
    evidence: dict[str, str] | None = None,
) -> None:
    """One trace per status: the lanes' stretches, with when each began in its hover, and the
    tie's evidence grade in words (`evidence`: pair_id -> 'Evidence: strong (…)')."""
    words = stretch_words(segments, events)
    graded = segments["pair_id"].map(lambda p: f"<br>{evidence[p]}" if evidence and evidence.get(p) else "")
    for code in OUTCOME_CODES:
        part = segments[segments["status"] == code]
        if part.empty:
            continue
        data = part[["pair_id"]].assign(
            since=words["since"], status=STATUS_WORDS[code], note=words["note"], evidence=graded
        )
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
                hovertemplate="%{y}<br>%{customdata[2]} from %{customdata[1]}%{customdata[3]}%{customdata[4]}"
                "<extra></extra>",
                legendgroup="status",
            )
        )


def add_event_markers(figure: go.Figure, own: pd.DataFrame, sources: pd.DataFrame, labels: dict[str, str]) -> None:
    """One trace per kind of event, so the legend explains each symbol."""
    if own.empty:
        return
    first_source = sources[sources["event_id"] != ""].drop_duplicates("event_id").set_index("event_id")["publisher"]
    texts = pd.Series(
        [
            f"<b>{plotly_text(date_text(e.date, e.date_precision))}</b> · {EVENT_TYPE_LABELS[str(e.type)]}"
            + (f" · decided by {ACTOR_LABELS[e.actor].lower()}" if e.actor in ACTOR_LABELS else "")
            + f"<br>{plotly_text(wrap(event_line(e)))}<br><i>Source: "
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
                x=effective_dates(part),  # where the lane changes colour: a month- or year-only event at its end
                y=part["pair_id"].map(labels),
                marker={"symbol": symbol, "size": 9, "color": "#1F1F1F", "line": {"width": 1.5, "color": "#1F1F1F"}},
                customdata=part[["pair_id"]].to_numpy(),
                hovertext=texts[part.index],
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup="events",
            )
        )


def day_line(day: pd.Timestamp, line: dict) -> dict:
    """A vertical line over the whole plot on `day`: what add_vline makes, as a plain layout shape,
    so every line and label can go into the layout in one update instead of one call each."""
    return {"type": "line", "xref": "x", "yref": "y domain", "x0": day, "x1": day, "y0": 0, "y1": 1, "line": line}


def context_marks(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[dict], list[dict]]:
    """Context events in the range as dotted lines labelled above the plot: (shapes, annotations)."""
    shown = [
        c for c in events[events["pair_id"] == ""].sort_values("date").itertuples(index=False) if start <= c.date <= end
    ]
    lines = [day_line(c.date, {"color": "#555555", "width": 1, "dash": "dot"}) for c in shown]
    labels = [
        {
            "x": context.date,
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            # Labels above the plot on their own rows, so close dates (24 Feb, 3 Mar) never overlap.
            "yshift": 30 + 18 * (len(shown) - 1 - row),
            "text": f"{plotly_text(context.title or context.description[:40])} ({context.date:%-d %b %Y})",
            "showarrow": False,
            # Labels on the right half hang leftwards so they stay inside the chart.
            "xanchor": "left" if context.date < start + (end - start) / 2 else "right",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"size": 12, "color": "#333333"},
        }
        for row, context in enumerate(shown)
    ]
    return lines, labels


def asof_marks(day: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, row: int) -> tuple[list[dict], list[dict]]:
    """The as-of day as a solid line labelled "Status on 1 June 2022", above the context labels: (shapes,
    annotations). A day outside the range shown is named at the nearer edge instead, with no line."""
    inside = start <= day <= end
    at = min(max(day, start), end)
    words = f"Status on {date_text(day)}" + ("" if inside else " (outside the period shown)")
    label = {
        "x": at,
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "yshift": 30 + 18 * row,
        "text": f"<b>{words}</b>",
        "showarrow": False,
        "xanchor": "left" if at < start + (end - start) / 2 else "right",
        "bgcolor": "rgba(255,255,255,0.85)",
        "font": {"size": 12, "color": "#1F1F1F"},
        "name": "asof",
    }
    return ([day_line(day, {"color": "#1F1F1F", "width": 2})] if inside else []), [label]


def lay_out(
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
    # The legend sits below the lanes, its two groups (statuses, events) one under the other at
    # every width, so its height is known here: the lanes keep their room and plotly need not push.
    figure.update_layout(
        legend={"orientation": "v", "yanchor": "bottom", "y": 0, "x": 0, "yref": "container", "tracegroupgap": 10}
    )
    bottom = 20 + legend_height(figure, max_width=0)
    figure.update_layout(
        barmode="overlay",
        height=round(top + bottom + max(120, lane_height * len(lane_order))),
        margin={"l": 10, "r": 20, "t": top, "b": round(bottom)},
        font={"family": FONT, "size": 12, "color": "#1F1F1F"},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
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
            "title": {"text": words_title, "font": {"size": 11, "color": "#333333"}, "standoff": 8},
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


def wrap(text: str, width: int = 60) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
