"""Preview cards: the 1200 × 630 picture a shared link shows, drawn as a plotly figure and turned
into PNG by the same image pipeline as the chart exports (sistercities.images).

A view's card states its title (the filter in words) and its counts by outcome as one bar; a tie's
card states the tie, what happened, and its status over time. Data text is escaped for plotly,
which reads a subset of HTML in text.
"""

from __future__ import annotations

import plotly.graph_objects as go

from sistercities.escaping import plotly_text
from sistercities.framing import wrap
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_COLORS, OUTCOME_LABELS
from sistercities.textwidth import text_px
from sistercities.timeline_layers import FONT

WIDTH, HEIGHT = 1200, 630
PAD = 56  # px of margin round the card's content
TITLE_PX, BODY_PX, FOOT_PX = 46, 26, 20
INK, MUTED = "#1F1F1F", "#4A4A4A"
# Counts' words: '13 cut', '4 kept with a letter', '24 no action'.
COUNT_WORDS = {
    "cut": "cut",
    "suspended": "suspended",
    "letter": "kept with a letter",
    "kept": "kept",
    "under_review": "under review",
    "no_action": "no action",
    "unknown": "unknown",
}


def _text(lines: list[str], y_px: float, size: int, color: str = INK, bold: bool = False) -> dict:
    """An annotation whose top sits y_px from the card's top, left-aligned at the margin (its y
    in the plot band's units is set by _card, which knows the band)."""
    body = "<br>".join(plotly_text(line) for line in lines)
    return {
        "text": f"<b>{body}</b>" if bold else body,
        "x": 0,
        "y_px": y_px,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"family": FONT, "size": size, "color": color},
    }


def _lines(text: str, size: int, bold: bool = False, most: int = 3) -> list[str]:
    lines = wrap(text, WIDTH - 2 * PAD, size, bold)
    return lines[: most - 1] + [lines[most - 1] + " …"] if len(lines) > most else lines


def _card(annotations: list[dict], traces: list[go.BaseTraceType], bar_top: float, bar_height: float) -> go.Figure:
    """A card whose plot area is one band, bar_top px from the top and bar_height px tall."""
    figure = go.Figure(traces)
    bottom = HEIGHT - bar_top - bar_height
    # paper y runs 0..1 over the band; a point y_px from the card's top is outside it, by design
    annotations = [
        {key: value for key, value in note.items() if key != "y_px"}
        | {"y": (HEIGHT - note["y_px"] - bottom) / bar_height}
        for note in annotations
    ]
    figure.update_layout(
        width=WIDTH,
        height=HEIGHT,
        margin={"l": PAD, "r": PAD, "t": bar_top, "b": bottom, "autoexpand": False},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        barmode="stack",
        showlegend=False,
        annotations=annotations,
        font={"family": FONT, "color": INK},
    )
    figure.update_yaxes(visible=False, fixedrange=True)
    return figure


def _key(shown: list[str], counts: dict[str, int]) -> str:
    """'■ 13 cut   ■ 18 suspended …', each square in its outcome's colour, wrapped between items
    (never inside one) to the card's width."""
    lines: list[list[str]] = [[]]
    width = 0.0
    for code in shown:
        words = f"{counts[code]} {COUNT_WORDS[code]}"
        item = f'<span style="color:{OUTCOME_COLORS[code]}">■</span> {plotly_text(words)}'
        needed = text_px(f"■ {words}   ", BODY_PX)
        if lines[-1] and width + needed > WIDTH - 2 * PAD:
            lines.append([])
            width = 0.0
        lines[-1].append(item)
        width += needed
    return "<br>".join("   ".join(line) for line in lines)


def _swatched(outcome: str) -> str:
    """The outcome's words after a square of its colour (both the project's own constants)."""
    return f'<span style="color:{OUTCOME_COLORS[outcome]}">■</span> <b>{plotly_text(OUTCOME_LABELS[outcome])}</b>'


def footer(site_title: str, version: str, updated: str) -> dict:
    return _text([f"{site_title} · data version {version}, updated {updated}"], HEIGHT - PAD - FOOT_PX, FOOT_PX, MUTED)


def view_card(title: str, counts: dict[str, int], site_title: str, version: str, updated: str) -> go.Figure:
    """The card of a view: its title, then one bar of its ties split by outcome, each part named
    with its count under the bar (so the colours are not needed to read it)."""
    title_lines = _lines(title, TITLE_PX, bold=True)
    bar_top = PAD + len(title_lines) * TITLE_PX * 1.25 + 40
    total = sum(counts.values())
    shown = [code for code in OUTCOME_CODES if counts.get(code)]
    traces = [
        go.Bar(
            x=[counts[code]],
            y=[""],
            orientation="h",
            marker={"color": OUTCOME_COLORS[code], "line": {"color": "#FFFFFF", "width": 2}},
        )
        for code in shown
    ]
    annotations = [
        _text(title_lines, PAD, TITLE_PX, bold=True),
        {**_text([], bar_top + 100, BODY_PX), "text": _key(shown, counts)} if shown else None,
        footer(site_title, version, updated),
    ]
    figure = _card([note for note in annotations if note], traces, bar_top, 80)
    figure.update_xaxes(visible=False, range=[0, max(total, 1)], fixedrange=True)
    return figure


def tie_card(
    label: str, outcome: str, headline: str, stretches: list[dict], site_title: str, version: str, updated: str
) -> go.Figure:
    """The card of one tie: the tie, its outcome, the decision in words, and its status strip
    (`stretches` as sistercities.site.strip makes them: x and width on a 0–600 scale)."""
    title_lines = _lines(label, TITLE_PX, bold=True, most=2)
    outcome_top = PAD + len(title_lines) * TITLE_PX * 1.25 + 16
    headline_lines = _lines(headline, BODY_PX, most=3)
    bar_top = outcome_top + 44 + len(headline_lines) * BODY_PX * 1.3 + 24
    traces = [
        go.Bar(
            x=[stretch["width"]],
            base=[stretch["x"]],
            y=[""],
            orientation="h",
            marker={"color": stretch["colour"], "line": {"color": "#FFFFFF", "width": 1}},
        )
        for stretch in stretches
    ]
    first, last = (stretches[0]["start"], stretches[-1]["end"]) if stretches else ("", "")
    annotations = [
        _text(title_lines, PAD, TITLE_PX, bold=True),
        {**_text([OUTCOME_LABELS[outcome]], outcome_top, 34, INK, True), "text": _swatched(outcome)},
        _text(headline_lines, outcome_top + 48, BODY_PX, MUTED),
        _text([f"Status from {first} to {last}"], bar_top + 64, FOOT_PX, MUTED),
        footer(site_title, version, updated),
    ]
    figure = _card(annotations, traces, bar_top, 56)
    figure.update_xaxes(visible=False, range=[0, 600], fixedrange=True)
    return figure
