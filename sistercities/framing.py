"""Framing charts for articles: the finding as a title, the filters as a subtitle, a source line,
generated alt text. Pure: figures and DataFrames in, figures and
text out."""

from __future__ import annotations

import copy
import hashlib

import plotly.graph_objects as go

from sistercities.escaping import plotly_text, strip_invisible
from sistercities.filters import FilterState
from sistercities.margins import axis_keys, legend_height
from sistercities.record import SOURCE_LINE
from sistercities.summaries import count_noun
from sistercities.textwidth import text_px
from sistercities.timeline_layers import FONT

PAD = 16  # px of white round the picture's text
TITLE_PX, SUBTITLE_PX, CREDIT_PX, LEGEND_PX = 19, 13, 11, 12
LINE = 1.3  # plotly's line spacing, in font sizes


def wrap(text: str, width_px: int, font_px: float, bold: bool = False) -> list[str]:
    """Lines of text that each fit width_px at font_px."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and text_px(candidate, font_px, bold) > width_px:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def credit_text(data_date: str, version: str = "", source: str = SOURCE_LINE) -> str:
    return f"{source}. Data as of {data_date}" + (f" (version {version})" if version else "") + "."


def framed(
    figure: go.Figure,
    title: str,
    subtitle: str,
    data_date: str,
    version: str = "",
    width: int = 1200,
    source: str = SOURCE_LINE,
) -> go.Figure:
    """A copy of the chart laid out for print at `width` px: the finding as title and the filters
    as subtitle at the top, then the chart, then its legend, then the chart's note (layout.meta's
    "note") and the source line, each in a band of its own measured from the text, so none
    overlaps another or runs off the edge."""
    out = go.Figure(copy.deepcopy(figure))
    meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
    if "places" in meta:  # the exported map: its place names laid out for this width
        from sistercities.geomap import name_places

        meta = name_places(out, width).layout.meta
    text_width = width - 2 * PAD
    title_lines = wrap(title, text_width, TITLE_PX, bold=True)
    subtitle_lines = wrap(subtitle, text_width, SUBTITLE_PX)
    credit_lines = wrap(
        f"{meta.get('note', '')} {credit_text(data_date, version, source)}".strip(), text_width, CREDIT_PX
    )
    left, right = _room_left(out), _room_right(out)
    # plotly spaces every line of the title by the title's font, the subtitle's smaller lines too.
    head = PAD + TITLE_PX + LINE * TITLE_PX * (len(title_lines) + len(subtitle_lines) - 1) + 14
    below_axis = _axis_room_below(out)
    plot_width = width - left - right
    # plotly clamps a legend's x to -2 plot widths; left of the plot it may run the plot's and the
    # left margin's width before it wraps.
    legend_x = max(-2.0, -(left - PAD / 2) / plot_width)
    top = int(head + _room_above(out))  # before the legend moves to the foot: it reads where it was
    out.update_layout(legend=_legend(legend_x, 0))  # measured as it will be drawn: one flowing legend
    legend_room = legend_height(out, left + plot_width, LEGEND_PX)
    credit_top = below_axis + legend_room + (8 if legend_room else 0)
    foot = credit_top + LINE * CREDIT_PX * len(credit_lines) + PAD
    plot_height = _plot_height(out, plot_width)
    # Margins exactly as measured here (no automargin): the legend and the source line are placed
    # from the plot's edges, in px.
    out.update_xaxes(automargin=False)
    out.update_yaxes(automargin=False)
    height = int(top + plot_height + foot)
    out.update_layout(
        title=_title(title_lines, subtitle_lines, width, height),
        margin={"t": top, "b": int(foot), "l": left, "r": right, "autoexpand": False},
        height=height,
        width=width,
        paper_bgcolor="#FFFFFF",
        legend=_legend(legend_x, -below_axis / plot_height),
    )
    out.add_annotation(
        text="<br>".join(plotly_text(line) for line in credit_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=PAD - left,
        yshift=-credit_top,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"family": FONT, "size": CREDIT_PX, "color": "#555555"},
    )
    return out


def _plot_height(figure: go.Figure, plot_width: float) -> float:
    """The chart's plot height; a chart that sets its layout width (the exported map) keeps its
    plot's proportion at every width."""
    margin = figure.layout.margin
    height = max((figure.layout.height or 450) - (margin.t or 0) - (margin.b or 0), 120)
    if not figure.layout.width:
        return height
    return height * plot_width / (figure.layout.width - (margin.l or 0) - (margin.r or 0))


def _title(title_lines: list[str], subtitle_lines: list[str], width: int, height: int) -> dict:
    return {
        "text": "<b>"
        + "<br>".join(plotly_text(t) for t in title_lines)
        + "</b><br><span style='font-size:13px;color:#555555'>"
        + "<br>".join(plotly_text(t) for t in subtitle_lines)
        + "</span>",
        "x": PAD / width,
        "xref": "container",
        "xanchor": "left",
        # plotly sets a multi-line title's first baseline at y: one line's height below PAD.
        "y": 1 - (PAD + TITLE_PX) / height,
        "yref": "container",
        "yanchor": "top",
        "font": {"family": FONT, "size": TITLE_PX, "color": "#1F1F1F"},
    }


def _legend(x: float, y: float) -> dict:
    """One flowing horizontal legend under the plot, from the picture's left edge. Placed left of
    and below the plot in paper units, plotly lets it run the whole width before wrapping."""
    return {
        "orientation": "h",
        "traceorder": "normal",
        "xref": "paper",
        "x": x,
        "xanchor": "left",
        "yref": "paper",
        "y": y,
        "yanchor": "top",
        "font": {"size": LEGEND_PX},
        "title": {"text": ""},
    }


def _room_above(figure: go.Figure) -> float:
    """What the chart draws above its plot: dates on a top axis, labels of context events. A legend
    the chart kept above its plot moves to the foot, so its room goes."""
    top = figure.layout.margin.t or 0
    legend = figure.layout.legend
    if legend.y is not None and legend.y >= 1 and legend.yref != "container":
        top = max(10, top - 30)
    return top


def _axis_room_below(figure: go.Figure) -> float:
    """Tick labels and a title of an x axis at the bottom; nothing for an axis at the top or a map."""
    axes = [figure.layout[name] for name in axis_keys(figure, "xaxis")]
    bottom = [a for a in axes if a.side != "top" and a.visible is not False]
    if not bottom or not any(t.type in (None, "scatter", "bar") for t in figure.data):
        return 10
    titled = any(a.title.text for a in bottom)
    return 28 + (22 if titled else 0)


def _room_right(figure: go.Figure) -> int:
    """The right margin: room for tick labels of a y axis on the right (the timeline's statuses)."""
    labels = [
        str(t)
        for name in axis_keys(figure, "yaxis")
        if figure.layout[name].side == "right"
        for t in (figure.layout[name].ticktext or figure.layout[name].categoryarray or ())
    ]
    widest = max((text_px(label, 11) for label in labels), default=0)
    return int(max(figure.layout.margin.r or 0, PAD) + widest + (10 if labels else 0))


def _room_left(figure: go.Figure) -> int:
    """The left margin: room for the y axis's tick labels and title, generous, so plotly's
    automargin never has to widen it (the source line is placed from it)."""
    labels: list[str] = []
    titled = False
    for name in axis_keys(figure, "yaxis"):
        axis = figure.layout[name]
        if axis.side == "right":
            continue
        titled = titled or bool(axis.title.text)
        if axis.ticktext:
            labels += [str(t) for t in axis.ticktext]
        elif axis.categoryarray:
            labels += [str(c) for c in axis.categoryarray]
    for trace in figure.data:
        if getattr(trace, "orientation", None) == "h" and trace.y is not None:
            labels += [str(y) for y in trace.y]
        elif trace.type == "scatter" and trace.y is not None and trace.yaxis in (None, "y"):
            labels += [str(y) for y in trace.y if isinstance(y, (int, float, str))]
    if not axis_keys(figure, "yaxis") and not labels:
        return max(figure.layout.margin.l or 0, PAD)
    widest = max((text_px(label, 12) for label in labels), default=0)
    return int(max(figure.layout.margin.l or 0, PAD) + widest + 10 + (24 if titled else 0))


MAX_TITLE = 140  # characters a reporter may give a picture's title
MAX_SUBTITLE = 200


def reader_text(typed: str, fallback: str, limit: int) -> str:
    """What a reporter typed for a title, on one line, without invisible characters, at most
    `limit` characters; the generated text when they left it empty. Escaped where it is drawn."""
    text = " ".join(strip_invisible(typed or "").split())[:limit].strip()
    return text or fallback


def digest(text: str) -> str:
    """A short stable tag of a text, for widget keys."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def subtitle_for(filters: FilterState, shown: int, total: int) -> str:
    described = filters.describe()
    if shown != total:
        ties = f"{shown} of {total} ties"
    else:
        ties = f"All {total} ties" if total > 1 else count_noun(total, "tie")
    return f"{ties}{' · ' + described if described else ''}"
