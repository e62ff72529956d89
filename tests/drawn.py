"""What a plotly figure draws, read the way a reader meets it, whatever traces carry it: every
point with its lane, place, colour, symbol and filled-in hover; and the legend's entries in order.
Tests of the charts check these against the data files, so merging or splitting traces (a lighter
figure for the browser) changes no test that is about the picture."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

FIELD = re.compile(r"%\{(\w+)(?:\[(\d+)\])?\}")


def _each(value, n: int) -> list:
    """A per-point attribute as a list of n values (plotly takes one value for all, or one each)."""
    if value is None or isinstance(value, (str, int, float)):
        return [value] * n
    return list(value)


def hover(trace, i: int) -> str:
    """The hover text of point i as plotly fills it in (the template's fields, without <extra>)."""
    template = trace.hovertemplate
    if isinstance(template, (list, tuple)):
        template = template[i]
    if not template:
        return str(_each(trace.hovertext, i + 1)[i] or _each(trace.text, i + 1)[i] or "")

    def field(match: re.Match) -> str:
        name, index = match.group(1), match.group(2)
        value = _each(getattr(trace, name), i + 1)[i]
        return str(value[int(index)] if index is not None else value)

    return FIELD.sub(field, re.sub(r"<extra>.*?</extra>", "", template))


def points(figure: go.Figure) -> pd.DataFrame:
    """One row per point drawn on the lanes (legend-only entries and the words beside the lanes
    left out): type, lane, x, base, width, colour, outline, symbol, pair (customdata's first value),
    hover and the trace's legend group."""
    rows = []
    for trace in figure.data:
        if trace.y is None or getattr(trace, "yaxis", None) not in (None, "y"):
            continue
        n = len(trace.y)
        marker = trace.marker
        line = getattr(marker, "line", None)
        columns = {
            "lane": list(trace.y),
            "x": _each(trace.x, n),
            "base": _each(getattr(trace, "base", None), n),
            "width": _each(getattr(trace, "width", None), n),
            "colour": _each(marker.color, n),
            "outline": _each(line.color if line is not None else None, n),
            "symbol": _each(getattr(marker, "symbol", None), n),
            "custom": _each(trace.customdata, n),
        }
        for i in range(n):
            if columns["lane"][i] is None:
                continue
            custom = columns["custom"][i]
            rows.append(
                {
                    "type": trace.type,
                    **{key: values[i] for key, values in columns.items() if key != "custom"},
                    "pair": None if custom is None else (custom[0] if not isinstance(custom, str) else custom),
                    "custom": custom,
                    "hover": hover(trace, i),
                    "group": trace.legendgroup,
                }
            )
    return pd.DataFrame(rows)


def legend(figure: go.Figure) -> list[str]:
    """The legend's entries in the order plotly lists them (trace order; legendrank first, stable)."""
    shown = [(t.legendrank or 1000, i, t) for i, t in enumerate(figure.data) if t.showlegend is not False and t.name]
    groups: dict[str, int] = {}
    for _, i, trace in shown:
        groups.setdefault(trace.legendgroup or "", i)
    shown.sort(key=lambda entry: (groups[entry[2].legendgroup or ""], entry[0], entry[1]))
    return [str(trace.name) for _, _, trace in shown]
