"""The room a chart's labels and legend take, set as its margins on the server, so that plotly's
automargin finds nothing to push on the first draw. A push makes plotly draw the whole chart a
second time: the timeline took 95 ms a draw with its pushes and 45 ms without (bench.figures).

Room is measured for the column a laptop gives a chart beside the sidebar (DESIGN_WIDTH), with
DejaVu Sans's widths (sistercities.textwidth), so every reader's font fits. automargin stays on:
on a narrower screen plotly still pushes where it must, as it always did; on a wider one a legend
may have a row of room it does not use. The constants are plotly.js's gaps, read off its draws
(tests/browser/test_margins.py checks that no chart is pushed at this width)."""

from __future__ import annotations

import copy
import numbers as numbers_
import re

import plotly.graph_objects as go

from sistercities.textwidth import text_px

DESIGN_WIDTH = 900  # px: about the main column beside the sidebar on a laptop (940 in a 1400 px window)
LINE = 1.3  # plotly's line height, in font sizes
TICK_GAP = 12  # px between a y axis's tick labels and the margin's outer edge
TITLE_GAP = 10  # px round an axis title, beyond its line
X_TICK_GAP = 9  # px below the plot for an x axis's tick labels, beyond their line
LEGEND_ROW = 19  # px a legend entry takes at 12 px (plotly.js legend/style.js)
LEGEND_SYMBOL = 40  # px of an entry before its text: the symbol and its gaps
LEGEND_GAP = 5  # px between entries in a row, and round the legend's box
GROUP_GAP = 10  # px between two legend groups (plotly's tracegroupgap)
LEGEND_PUSH = 11  # px plotly adds beyond a legend above or below the plot
SLACK = 2  # px more than plotly asks, for its rounding


def for_screen(figure: go.Figure, width: int = DESIGN_WIDTH) -> go.Figure:
    """A copy of `figure` for the page, its margins the room its labels and legend take at `width`
    px. A copy: exports frame the figure as built, from its own margins."""
    # Measured on the figure as built: a copy holds its arrays as encoded bytes, not values.
    return copy.deepcopy(figure).update_layout(margin=screen_margins(figure, width))


def screen_margins(figure: go.Figure, width: int = DESIGN_WIDTH) -> dict[str, int]:
    """`figure`'s margins, each at least the room its labels and legend take at `width` px."""
    margin = figure.layout.margin
    font = figure.layout.font.size or 12
    left = max(margin.l or 0, _y_room(figure, "left", font))
    right = max(margin.r or 0, _y_room(figure, "right", font))
    top, bottom = margin.t or 0, max(margin.b or 0, _x_room_below(figure, font))
    plot_width = width - left - right
    legend = figure.layout.legend
    # A legend left where plotly puts it by default (right of the plot) is left to automargin.
    room = legend_height(figure, plot_width, legend.font.size or font) if legend.y is not None else 0
    height = figure.layout.height or 450
    y = legend.y if legend.y is not None else 1.0
    if room and legend.yref == "container":
        bottom = max(bottom, room + LEGEND_GAP) if y < 0.5 else bottom
    elif room and y >= 1:
        # Above the plot, `y - 1` plot heights up: the plot's height is what the margins leave.
        top = max(top, (room + (y - 1) * (height - bottom)) / y + LEGEND_PUSH)
    elif room and y <= 0:
        bottom = max(bottom, (room - y * (height - top)) / (1 - y) + LEGEND_PUSH)
    return {"l": _px(left), "r": _px(right), "t": _px(top), "b": _px(bottom)}


def _px(room: float) -> int:
    return int(room + SLACK + 0.999)


def axis_keys(figure: go.Figure, prefix: str) -> list[str]:
    """The axes of one kind the layout sets ('xaxis', 'xaxis2', …); a cartesian chart always has one."""
    keys = [k for k in figure.layout.to_plotly_json() if re.fullmatch(prefix + r"\d*", k)]
    cartesian = any(t.type in ("scatter", "bar") for t in figure.data)
    return keys or ([prefix] if cartesian else [])


def _y_room(figure: go.Figure, side: str, font: float) -> float:
    """The tick labels and title of the y axes on `side`, from the plot's edge outwards."""
    room = 0.0
    for key in axis_keys(figure, "yaxis"):
        axis = figure.layout[key]
        if (axis.side or "left") != side or axis.visible is False:
            continue
        size = axis.tickfont.size or font
        labels = [] if axis.showticklabels is False else _tick_labels(figure, key)
        widest = max((text_px(str(label), size) for label in labels), default=0)
        title = axis.title.text
        title_room = ((axis.title.font.size or font) * LINE + TITLE_GAP) if title else 0
        room = max(room, widest + TICK_GAP + title_room if labels or title else 0)
    return room


def _tick_labels(figure: go.Figure, key: str) -> list:
    """What a y axis writes beside the plot: its own tick texts or categories, else the values of
    the traces on it (a count axis: its largest value, as plotly would round it up)."""
    axis = figure.layout[key]
    if axis.ticktext:
        return list(axis.ticktext)
    if axis.categoryarray:
        return list(axis.categoryarray)
    ref = "y" + key.removeprefix("yaxis")
    values = [v for t in figure.data if (t.yaxis or "y") == ref and t.y is not None for v in t.y]
    numbers = [v for v in values if isinstance(v, numbers_.Number) and not isinstance(v, bool)]
    if numbers:
        step = axis.dtick if isinstance(axis.dtick, (int, float)) else 1
        return [str(int(-(-max(numbers) // step) * step))]
    return [str(v) for v in values]


def _x_room_below(figure: go.Figure, font: float) -> float:
    """Tick labels and a title of the x axes drawn under the plot."""
    room = 0.0
    for key in axis_keys(figure, "xaxis"):
        axis = figure.layout[key]
        if axis.side == "top" or axis.visible is False:
            continue
        size = axis.tickfont.size or font
        title = ((axis.title.font.size or font) * LINE + TITLE_GAP) if axis.title.text else 0
        room = max(room, size * LINE + X_TICK_GAP + title)
    return room


def legend_entries(figure: go.Figure) -> list[tuple[str, str]]:
    """(group, name) of each entry the legend lists (plotly hides the legend of a one-trace chart)."""
    if figure.layout.showlegend is False:
        return []
    if len(figure.data) == 1 and figure.data[0].showlegend is not True:
        return []
    return [
        (t.legendgroup or "", re.sub(r"<[^>]+>", "", str(t.name)))
        for t in figure.data
        if t.showlegend is not False and t.name
    ]


def legend_height(figure: go.Figure, max_width: float, font: float = 12) -> float:
    """The height plotly gives the legend. Vertical: an entry a row, and a gap between groups.
    Horizontal: one row when every entry fits, else a grid of columns as wide as the widest entry,
    wrapped at max_width (plotly.js legend/draw.js)."""
    entries = legend_entries(figure)
    if not entries:
        return 0
    row = LEGEND_ROW * font / 12
    groups: dict[str, list[str]] = {}
    for group, name in entries:
        groups.setdefault(group, []).append(name)
    if figure.layout.legend.orientation != "h":
        return len(entries) * row + (len(groups) - 1) * GROUP_GAP + 2 * LEGEND_GAP
    if figure.layout.legend.traceorder != "normal" and any(groups):
        # Grouped: each group a column of its entries, the groups flowing in rows, wrapped at max_width.
        widths = [(LEGEND_SYMBOL + max(text_px(n, font) for n in names), len(names)) for names in groups.values()]
        rows, line, tallest = [], 0.0, 0
        for width, count in widths:
            if line and line + LEGEND_GAP + width > max_width:
                rows.append(tallest)
                line, tallest = 0.0, 0
            line, tallest = line + (LEGEND_GAP if line else 0) + width, max(tallest, count)
        rows.append(tallest)
        return sum(rows) * row + (len(rows) - 1) * GROUP_GAP + 2 * LEGEND_GAP
    widths = [LEGEND_SYMBOL + text_px(name, font) for _, name in entries]
    if sum(widths) + LEGEND_GAP * (len(widths) - 1) < max_width:
        rows = 1
    else:
        columns = max(1, int((max_width + LEGEND_GAP) // (max(widths) + LEGEND_GAP)))
        rows = -(-len(widths) // columns)
    return rows * row + 2 * LEGEND_GAP
