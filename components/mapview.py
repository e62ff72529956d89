"""The map of ties as a pydeck Deck: outlines, a great-circle arc per pair, a point at each end.

Pure: filtered pairs in, Deck out. Colours follow the outcome palette; tooltips use pydeck's plain
text mode, so nothing from the data is ever parsed as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

from components.basemap import outlines
from components.outcomes import OUTCOME_COLORS, OUTCOME_LABELS, hex_to_rgb


@dataclass(frozen=True)
class ViewPreset:
    label: str
    latitude: float
    longitude: float
    zoom: float


VIEW_PRESETS: dict[str, ViewPreset] = {
    "route": ViewPreset("Whole route", 52.0, -85.0, 1.05),
    "us": ViewPreset("Continental US", 39.0, -97.0, 2.9),
    "california": ViewPreset("California", 37.0, -119.5, 4.8),
    "bay-area": ViewPreset("Bay Area", 37.45, -121.95, 8.3),
}
DEFAULT_PRESET = "route"
ARC_LAYER_ID = "ties"
# Arcs and points lie on the globe's surface; drawn without depth testing they never flicker into
# the outlines beneath them.
ON_TOP = {"depthCompare": "always", "depthTest": False}
POINT_LAYER_ID = "places"


def map_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the layers need, with colours and tooltip text: less sent to the browser."""
    status = pairs["status"].astype(str) if "status" in pairs.columns else pairs["outcome"].astype(str)
    decided = pairs["decision_date"].dt.strftime("%Y-%m-%d").where(pairs["decision_date_precision"] == "day")
    decided = decided.fillna(pairs["decision_date"].dt.strftime("%Y-%m")).fillna("no date")
    body = pairs["decision_body"].where(pairs["decision_body"] != "", "body not reported")
    return pd.DataFrame(
        {
            "pair_id": pairs["pair_id"],
            "us_lon": pairs["us_lon"],
            "us_lat": pairs["us_lat"],
            "ru_lon": pairs["ru_lon"],
            "ru_lat": pairs["ru_lat"],
            "color": status.map(lambda s: hex_to_rgb(OUTCOME_COLORS[s])),
            "title": pairs["us_place"] + ", " + pairs["us_state"] + " – " + pairs["ru_place"] + ", Russia",
            "status_words": status.map(OUTCOME_LABELS),
            "decided": decided,
            "body": body,
        }
    ).reset_index(drop=True)


def endpoint_frame(frame: pd.DataFrame) -> pd.DataFrame:
    us = frame.assign(lon=frame["us_lon"], lat=frame["us_lat"])
    ru = frame.assign(lon=frame["ru_lon"], lat=frame["ru_lat"])
    return pd.concat([us, ru], ignore_index=True)[["pair_id", "lon", "lat", "color", "title", "status_words", "decided", "body"]]


TOOLTIP = {
    "text": "{title}\n{status_words}\nDecided: {decided}\nBy: {body}",
    "style": {"fontSize": "13px", "maxWidth": "320px", "whiteSpace": "pre-wrap"},
}


def build_deck(pairs: pd.DataFrame, preset: str = DEFAULT_PRESET, selected: str | None = None) -> pdk.Deck:
    frame = map_frame(pairs)
    countries, us_states = _outlines()
    view = VIEW_PRESETS.get(preset, VIEW_PRESETS[DEFAULT_PRESET])
    widths = (frame["pair_id"] == selected).map({True: 6, False: 2}) if selected else 2
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            countries,
            id="countries",
            stroked=True,
            filled=True,
            get_fill_color=[236, 236, 232],
            get_line_color=[180, 180, 176],
            line_width_min_pixels=0.6,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            us_states,
            id="us-states",
            stroked=True,
            filled=False,
            get_line_color=[200, 200, 196],
            line_width_min_pixels=0.5,
            pickable=False,
        ),
        pdk.Layer(
            "ArcLayer",
            frame.assign(width=widths),
            id=ARC_LAYER_ID,
            get_source_position=["us_lon", "us_lat"],
            get_target_position=["ru_lon", "ru_lat"],
            get_source_color="color",
            get_target_color="color",
            get_width="width",
            great_circle=True,
            width_min_pixels=1.5,
            parameters=ON_TOP,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            endpoint_frame(frame),
            id=POINT_LAYER_ID,
            get_position=["lon", "lat"],
            get_fill_color="color",
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1,
            get_radius=4,
            radius_units="pixels",
            pickable=True,
            parameters=ON_TOP,
            auto_highlight=True,
        ),
    ]
    ocean = pdk.Layer(
        "SolidPolygonLayer",
        [{"polygon": [[-180, 85.06], [0, 85.06], [180, 85.06], [180, -85.06], [0, -85.06], [-180, -85.06]]}],
        id="ocean",
        get_polygon="polygon",
        get_fill_color=[214, 228, 238],
        pickable=False,
    )
    return pdk.Deck(
        layers=[ocean, *layers],
        views=[pdk.View(type="MapView", controller=True, repeat=True)],
        initial_view_state=pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom),
        map_style=None,  # no tiles: the vendored outlines are the basemap, online or not
        tooltip=TOOLTIP,
    )


def _outlines() -> tuple[dict, dict]:
    countries, _ = outlines("110m")
    _, us_states = outlines("50m")  # finer US coast for the Bay Area and California views
    return countries, us_states


def selected_pair_from_event(selection: object) -> str | None:
    """The pair_id a map click picked, from Streamlit's pydeck selection state, or None."""
    try:
        objects = selection["selection"]["objects"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for layer in (ARC_LAYER_ID, POINT_LAYER_ID):
        for obj in objects.get(layer, []) or []:
            if isinstance(obj, dict) and obj.get("pair_id"):
                return str(obj["pair_id"])
    return None
