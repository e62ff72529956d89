"""The map every browser can draw: a plotly geo figure (SVG, no WebGL) of the ties. Pure.

It is the map page's first map and the exports' static map. Each tie is a great-circle line whose
colour and dash say its status (the legend names both), with a point at each end that names the tie
on hover and opens its record on a click.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sistercities.details import decided_by_text, decided_text
from sistercities.escaping import plotly_text
from sistercities.mapview import great_circle_paths
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_COLORS, OUTCOME_DASHES, OUTCOME_LABELS

FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"

# The same four views as the zoomable map: (projection and region) per preset key.
GEO_VIEWS: dict[str, dict] = {
    # Over the pole the great circles between the US and Russia are short and true.
    "route": {"projection": {"type": "orthographic", "rotation": {"lat": 60, "lon": -100}}},
    "us": {"projection": {"type": "albers usa"}, "scope": "usa"},
    "california": {
        "projection": {"type": "mercator"},
        "lataxis": {"range": [32.3, 42.2]},
        "lonaxis": {"range": [-124.8, -113.8]},
    },
    "bay-area": {
        "projection": {"type": "mercator"},
        "lataxis": {"range": [36.8, 38.5]},
        "lonaxis": {"range": [-123.2, -121.0]},
    },
}


def geo_view(view: str) -> dict:
    """The geo settings of one view: its projection and region, with the graticule drawn only on
    the globe. One dict, so a view that sets its own axis ranges never passes an axis twice."""
    settings = GEO_VIEWS.get(view, GEO_VIEWS["route"])
    grid = {"showgrid": view == "route", "gridcolor": "#C9D8E2"}
    return {
        **settings,
        "lataxis": {**grid, **settings.get("lataxis", {})},
        "lonaxis": {**grid, **settings.get("lonaxis", {})},
    }


def geo_map_figure(
    pairs: pd.DataFrame, view: str = "route", selected: str | None = None, height: int = 640
) -> go.Figure:
    """Filtered pairs (with `status`, or `outcome`) in; a plotly geo map out."""
    column = "status" if "status" in pairs.columns else "outcome"
    status = pairs[column].astype(str)
    decided = decided_text(pairs) if len(pairs) else pd.Series([], dtype=object)
    decided_by = decided_by_text(pairs) if len(pairs) else pd.Series([], dtype=object)
    figure = go.Figure()
    for code in OUTCOME_CODES:
        mask = (status == code).to_numpy()
        part = pairs[mask]
        if part.empty:
            continue
        lons: list[float | None] = []
        lats: list[float | None] = []
        for path in great_circle_paths(part[["us_lat", "us_lon", "ru_lat", "ru_lon"]].to_numpy(dtype=float), points=40):
            lons.extend([(lon + 180) % 360 - 180 for lon, _ in path] + [None])
            lats.extend([lat for _, lat in path] + [None])
        figure.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={
                    "color": OUTCOME_COLORS[code],
                    "width": 1.8 if code != "unknown" else 1.3,
                    "dash": OUTCOME_DASHES[code],
                },
                opacity=0.95 if code != "unknown" else 0.7,
                name=f"{plotly_text(OUTCOME_LABELS[code])} ({len(part)})",
                legendgroup=code,
                hoverinfo="skip",
            )
        )
        label = (
            "<b>"
            + part["us_place"].map(plotly_text)
            + ", "
            + part["us_state"].map(plotly_text)
            + " – "
            + part["ru_place"].map(plotly_text)
            + ", Russia</b><br>"
            + OUTCOME_LABELS[code]
            + decided[mask].map(lambda d: f" · {plotly_text(d)}" if d else "")
            + decided_by[mask].map(lambda b: f"<br>Decided by {plotly_text(b)}" if b else "")
        )
        ends = pd.DataFrame(
            {
                "lat": pd.concat([part["us_lat"], part["ru_lat"]]),
                "lon": pd.concat([part["us_lon"], part["ru_lon"]]),
                "label": pd.concat([label, label]),
                "pair_id": pd.concat([part["pair_id"], part["pair_id"]]),
            }
        )
        figure.add_trace(
            go.Scattergeo(
                lon=ends["lon"],
                lat=ends["lat"],
                mode="markers",
                marker={"color": OUTCOME_COLORS[code], "size": 7, "line": {"width": 0.8, "color": "#FFFFFF"}},
                text=ends["label"],
                customdata=ends["pair_id"],
                hovertemplate="%{text}<extra></extra>",
                legendgroup=code,
                showlegend=False,
                name=f"{code}-places",
            )
        )
    if selected is not None and selected in set(pairs["pair_id"]):
        row = pairs[pairs["pair_id"] == selected].iloc[0]
        path = great_circle_paths(
            row[["us_lat", "us_lon", "ru_lat", "ru_lon"]].to_numpy(dtype=float)[None, :], points=40
        )[0]
        figure.add_trace(
            go.Scattergeo(
                lon=[(lon + 180) % 360 - 180 for lon, _ in path],
                lat=[lat for _, lat in path],
                mode="lines",
                line={"color": "#1F1F1F", "width": 4},
                name="The tie you chose",
                hoverinfo="skip",
            )
        )
    figure.update_geos(
        showland=True,
        landcolor="#ECECE8",
        showocean=True,
        oceancolor="#D6E4EE",
        showcountries=True,
        countrycolor="#B4B4B0",
        showsubunits=view != "route",
        subunitcolor="#C8C8C4",
        showcoastlines=True,
        coastlinecolor="#9A9A96",
        showlakes=False,
        showframe=False,
        resolution=110 if view == "route" else 50,
        **geo_view(view),
    )
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT, "size": 12, "color": "#1F1F1F"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "x": 0},
        paper_bgcolor="#FFFFFF",
        clickmode="event+select",
    )
    return figure
