"""The map every browser can draw: a plotly geo figure (SVG, no WebGL) of the ties. Pure.

It is the map page's first map and the exports' static map. Each tie is a great-circle line whose
colour and dash say its status (the legend names both), with a point at each end that names the tie
on hover and opens its record on a click.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sistercities.basemap import outlines
from sistercities.details import decided_by_text, decided_text
from sistercities.escaping import plotly_text
from sistercities.maplabels import (
    LABEL_PX,
    SIDES,
    Box,
    albers_usa,
    clip_box,
    in_region,
    mercator,
    mercator_ranges,
    orthographic,
    place_labels,
    places,
)
from sistercities.mapview import great_circle_paths
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_COLORS, OUTCOME_DASHES, OUTCOME_LABELS, evidence_words
from sistercities.ties import shown_status, tie_labels

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
    status = shown_status(pairs)
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
            lons.extend(wrapped(path) + [None])
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
            + tie_labels(part).map(plotly_text)
            + ", Russia</b><br>"
            + OUTCOME_LABELS[code]
            + decided[mask].map(lambda d: f" · {plotly_text(d)}" if d else "")
            + decided_by[mask].map(lambda b: f"<br>Decided by {plotly_text(b)}" if b else "")
            + part["evidence"].map(lambda e: f"<br>{evidence_words(e)}" if evidence_words(e) else "")
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
                lon=wrapped(path),
                lat=[lat for _, lat in path],
                mode="lines",
                line={"color": "#1F1F1F", "width": 4},
                name="The tie you chose",
                hoverinfo="skip",
            )
        )
    if view in ("california", "bay-area"):
        # plotly draws no state lines outside its US scope: drawn here, under the ties, from the
        # vendored outlines, so Nevada and Oregon are told apart from California.
        region = GEO_VIEWS[view]
        _add_underneath(figure, _state_lines(region["lataxis"]["range"], region["lonaxis"]["range"]))
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


def wrapped(path: list[list[float]]) -> list[float]:
    """A path's longitudes within ±180, to the path's own 4 decimals (about 10 m): the wrap leaves
    float noise (-122.41940000000001) that made every coordinate in the page's JSON twice as long."""
    return [round((lon + 180) % 360 - 180, 4) for lon, _ in path]


# ---------------------------------------------------------------- the map for articles

EXPORT_ASPECT = 1.8  # the exported map's plot area: this many times wider than tall
EXPORT_WIDTH = 640  # the smallest export, for which the names are laid out
EXPORT_PAD = 16  # px either side of the plot (framing's PAD)


def export_map_figure(pairs: pd.DataFrame, view: str = "route") -> go.Figure:
    """The map for an article: the page's map of `view` in a landscape plot area (the layout's width
    says for what width its height is meant; framing keeps the proportion), naming its places
    (at most 25, none over another; decided ties first) and saying, in a note, how many it names.
    The names are laid out for 640 px; framing lays them out again for the width it frames."""
    view = view if view in GEO_VIEWS else "route"
    plot_width = EXPORT_WIDTH - 2 * EXPORT_PAD
    figure = geo_map_figure(pairs, view, None, height=round(plot_width / EXPORT_ASPECT))
    if view in ("california", "bay-area"):
        region = GEO_VIEWS[view]
        lat_range = region["lataxis"]["range"]
        lat_range, lon_range = mercator_ranges(lat_range, sum(region["lonaxis"]["range"]) / 2, EXPORT_ASPECT)
        figure.update_geos(lataxis_range=lat_range, lonaxis_range=lon_range)
        # The wider region reaches more states: their lines drawn again for it.
        figure.data = [t for t in figure.data if t.name != "states"]
        _add_underneath(figure, _state_lines(lat_range, lon_range))
    named = in_region(places(pairs, view), view, *_region_box(view))
    figure.update_layout(
        width=EXPORT_WIDTH,
        height=round(plot_width / EXPORT_ASPECT),
        margin={"l": EXPORT_PAD, "r": EXPORT_PAD, "t": 0, "b": 0},
        meta={"view": view, "places": named.to_dict("records")},
    )
    return name_places(figure, EXPORT_WIDTH)


def name_places(figure: go.Figure, width: int) -> go.Figure:
    """The exported map's place names laid out for a picture `width` px wide (the plot area
    `width` - 32 px wide, EXPORT_ASPECT times wider than tall), and its note saying how many it
    names; the figure changed in place and returned."""
    meta = dict(figure.layout.meta)
    view, named = meta["view"], pd.DataFrame(meta["places"], columns=["name", "state", "lat", "lon"])
    frame = Box(EXPORT_PAD, 0, width - 2 * EXPORT_PAD, (width - 2 * EXPORT_PAD) / EXPORT_ASPECT)
    geo = figure.layout.geo
    points = [_project(view, row, frame, geo.lataxis.range, geo.lonaxis.range) for row in named.itertuples()]
    chosen = place_labels(named, points, clip_box(view, frame))
    figure.data = [t for t in figure.data if t.name != "place names"]
    if chosen:
        figure.add_trace(_label_trace(named, chosen))
    figure.layout.meta = {**meta, "note": _label_note(len(chosen), sum(p is not None for p in points))}
    return figure


def _add_underneath(figure: go.Figure, trace) -> None:
    """Add a trace drawn under all the others (plotly draws traces in order)."""
    figure.add_trace(trace)
    figure.data = (figure.data[-1], *figure.data[:-1])


def _state_lines(lat_range, lon_range) -> go.Scattergeo:
    """The US states' outlines that reach into the region, as one thin grey line trace."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for feature in outlines("50m")[1]["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            if any(lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1] for lon, lat in ring):
                lons.extend([lon for lon, _ in ring] + [None])
                lats.extend([lat for _, lat in ring] + [None])
    line = {"color": "#B4B4B0", "width": 0.8}
    return go.Scattergeo(lon=lons, lat=lats, mode="lines", line=line, hoverinfo="skip", showlegend=False, name="states")


def _region_box(view: str) -> tuple:
    """The lat and lon ranges a view's names must lie in (its region), or (None, None)."""
    region = GEO_VIEWS.get(view, {})
    if "lataxis" not in region:
        return None, None
    return region["lataxis"]["range"], region["lonaxis"]["range"]


def _project(view: str, row, frame: Box, lat_range, lon_range) -> tuple[float, float] | None:
    if view == "route":
        return orthographic(row.lat, row.lon, GEO_VIEWS["route"]["projection"]["rotation"], frame)
    if view == "us":
        return albers_usa(row.lat, row.lon, row.state, frame)
    return mercator(row.lat, row.lon, lat_range, lon_range, frame)


def _label_trace(named: pd.DataFrame, chosen: list[tuple[int, str]]) -> go.Scattergeo:
    rows = [row for row, _ in chosen]
    return go.Scattergeo(
        lon=named["lon"].iloc[rows],
        lat=named["lat"].iloc[rows],
        # An invisible point of 8 px: plotly then sets each name 6 px off its place.
        mode="markers+text",
        marker={"size": 8, "opacity": 0},
        text=[plotly_text(str(named["name"].iloc[row])) for row in rows],
        textposition=[SIDES[side] for _, side in chosen],
        textfont={"family": FONT, "size": LABEL_PX, "color": "#1F1F1F"},
        hoverinfo="skip",
        showlegend=False,
        name="place names",
    )


def _label_note(shown: int, total: int) -> str:
    if total == 0 or shown == total:
        return ""
    return f"The map names {shown} of its {total} places; names that would overlap are left out."
