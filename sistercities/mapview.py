"""The map of ties as a pydeck Deck: a pictured basemap, a great-circle line per pair, a point at each end.

Pure: filtered pairs in, Deck out. Colours follow the outcome palette; tooltips use pydeck's plain
text mode, so nothing from the data is ever parsed as HTML.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk

from sistercities.basemap import SHEETS
from sistercities.details import decided_by_text, decided_text
from sistercities.escaping import deck_text
from sistercities.outcomes import OUTCOME_COLORS, OUTCOME_LABELS, evidence_words, hex_to_rgb
from sistercities.ties import shown_status, tie_labels


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
    "bay-area": ViewPreset("Bay Area", 37.45, -121.8, 8.6),
}
DEFAULT_PRESET = "route"
# Beyond this many ties the map draws an even sample (with a notice): more lines are an unreadable
# tangle, and each costs a reader's browser time (measured at 100,000 ties without a GPU: 1,500
# lines 15.4 s, 300 lines 7.0 s, 200 lines 6.8 s against 5.4 s for 92). The record has far fewer.
MAX_ARCS = 200
# Place names are drawn as glyphs for up to this many ties (the record has 92); past it they
# overlap into a blot, and without a GPU their glyphs cost each load seconds: a 200-tie sample
# loaded in 12.7 s with names and 10.4 s without (bench A/B, 1,000 synthetic ties).
MAX_LABELLED = 100


def draws_place_names(drawn: pd.DataFrame) -> bool:
    """Whether the map writes place names for these drawn ties (the deck and the page's notice agree)."""
    return len(drawn) <= MAX_LABELLED


def sample_for_map(pairs: pd.DataFrame, limit: int = MAX_ARCS) -> tuple[pd.DataFrame, bool]:
    """(the pairs to draw, whether they are a sample). The sample is every n-th pair, stable."""
    if len(pairs) <= limit:
        return pairs, False
    step = len(pairs) / limit
    return pairs.iloc[[int(i * step) for i in range(limit)]], True


ARC_LAYER_ID = "ties"
# Arcs and points lie on the globe's surface; drawn without depth testing they never flicker into
# the outlines beneath them.
ON_TOP = {"depthCompare": "always", "depthTest": False}


def literal(text: str) -> str:
    """A string pydeck passes as a string: it turns plain strings into JavaScript expressions
    ("pixels" would become the expression `pixels`, silently invalid), but not quoted ones."""
    return f"'{text}'"


POINT_LAYER_ID = "places"


def map_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the layers need, with colours and tooltip text: less sent to the browser."""
    status = shown_status(pairs)
    decided = decided_text(pairs).where(lambda t: t != "", "no decision date")
    decided_by = decided_by_text(pairs).where(lambda t: t != "", "no one (no decision found)")
    title = tie_labels(pairs) + ", Russia"
    # Every text from the data goes through deck_text: deck.gl's converter would evaluate "@@=...".
    return pd.DataFrame(
        {
            "pair_id": pairs["pair_id"],
            "us_lon": pairs["us_lon"],
            "us_lat": pairs["us_lat"],
            "ru_lon": pairs["ru_lon"],
            "ru_lat": pairs["ru_lat"],
            "color": status.map(lambda s: hex_to_rgb(OUTCOME_COLORS[s])),
            "title": title.map(deck_text),
            "us_name": pairs["us_place"].map(deck_text),
            "ru_name": pairs["ru_place"].map(deck_text),
            "status_words": status.map(OUTCOME_LABELS),
            "decided": decided.map(deck_text),
            "body": decided_by.map(deck_text),
            "evidence": pairs["evidence"].map(lambda e: evidence_words(e) or "Evidence: none graded (nothing found)"),
        }
    ).reset_index(drop=True)


def great_circle_paths(coords: np.ndarray, points: int = 48) -> list[list[list[float]]]:
    """[[lon, lat], ...] along the shortest great circle from each US place to its partner, for many
    pairs at once: coords is an (n, 4) array of lat1, lon1, lat2, lon2. Longitudes are unwrapped (they
    may pass ±180) so each path is one line on a repeating Mercator map; deck.gl's own great-circle
    arcs mis-draw routes near 180° apart."""
    if len(coords) == 0:
        return []
    phi1, lam1, phi2, lam2 = np.radians(coords).T
    a = np.stack([np.cos(phi1) * np.cos(lam1), np.cos(phi1) * np.sin(lam1), np.sin(phi1)], axis=1)
    b = np.stack([np.cos(phi2) * np.cos(lam2), np.cos(phi2) * np.sin(lam2), np.sin(phi2)], axis=1)
    omega = np.arccos(np.clip((a * b).sum(axis=1), -1.0, 1.0))[:, None, None]
    t = np.linspace(0.0, 1.0, points)[None, :, None]
    safe = np.where(omega < 1e-9, 1.0, np.sin(omega))
    xyz = np.where(
        omega < 1e-9,
        a[:, None, :],
        (np.sin((1 - t) * omega) * a[:, None, :] + np.sin(t * omega) * b[:, None, :]) / safe,
    )
    lats = np.degrees(np.arctan2(xyz[..., 2], np.hypot(xyz[..., 0], xyz[..., 1])))
    lons = np.degrees(np.unwrap(np.arctan2(xyz[..., 1], xyz[..., 0]), axis=1))
    lons += (coords[:, 1] - lons[:, 0])[:, None]
    return np.round(np.stack([lons, lats], axis=2), 4).tolist()


def endpoint_frame(frame: pd.DataFrame) -> pd.DataFrame:
    us = frame.assign(lon=frame["us_lon"], lat=frame["us_lat"])
    ru = frame.assign(lon=frame["ru_lon"], lat=frame["ru_lat"])
    us = us.assign(name=pairs_names(frame, "us"))
    ru = ru.assign(name=pairs_names(frame, "ru"))
    columns = ["pair_id", "lon", "lat", "color", "title", "status_words", "decided", "body", "evidence", "name"]
    return pd.concat([us, ru], ignore_index=True)[columns]


def pairs_names(frame: pd.DataFrame, side: str) -> pd.Series:
    return frame[f"{side}_name"]


TOOLTIP = {
    "text": "{title}\n{status_words}\nDecided: {decided}\nDecided by: {body}\n{evidence}",
    "style": {"fontSize": "13px", "maxWidth": "320px", "whiteSpace": "pre-wrap"},
}


_SPECS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation, made once. pydeck indents by two spaces, which puts
    every coordinate on its own line and makes the spec Streamlit sends on each run four times
    larger; and Streamlit asks for the spec on every run, while a deck built for a view is reused
    (components.app_data.built_once). Change a deck's layers only before its first to_json."""

    def to_json(self) -> str:
        spec = _SPECS.get(self)
        if spec is None:
            spec = _SPECS[self] = json.dumps(json.loads(super().to_json()), separators=(",", ":"))
        return spec


def build_deck(pairs: pd.DataFrame, preset: str = DEFAULT_PRESET, selected: str | None = None) -> pdk.Deck:
    frame = map_frame(pairs)
    view = VIEW_PRESETS.get(preset, VIEW_PRESETS[DEFAULT_PRESET])
    widths = (frame["pair_id"] == selected).map({True: 6, False: 2}) if selected else 2
    layers = [
        *basemap_layers(preset),
        pdk.Layer(
            "PathLayer",
            frame.assign(
                width=widths,
                path=great_circle_paths(frame[["us_lat", "us_lon", "ru_lat", "ru_lon"]].to_numpy(dtype=float)),
            ),
            id=ARC_LAYER_ID,
            get_path="path",
            get_color="color",
            get_width="width",
            width_units=literal("pixels"),
            width_min_pixels=1.5,
            cap_rounded=True,
            joint_rounded=True,
            pickable=True,
            auto_highlight=True,
            parameters=ON_TOP,
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
            radius_units=literal("pixels"),
            pickable=True,
            parameters=ON_TOP,
            auto_highlight=True,
        ),
    ]
    labels = pdk.Layer(
        "TextLayer",
        endpoint_frame(frame).drop_duplicates(["lon", "lat", "name"]),
        id="labels",
        get_position=["lon", "lat"],
        get_text="name",
        # Sized in metres: legible when zoomed in on a region, gone at world scale where they
        # would only clutter. Drawn as glyphs, never as HTML.
        get_size=2_500,
        size_units=literal("meters"),
        size_min_pixels=0,
        size_max_pixels=15,
        get_color=[40, 40, 40],
        get_text_anchor=literal("start"),
        get_alignment_baseline=literal("center"),
        get_pixel_offset=[9, 0],
        character_set=literal("auto"),
        font_family=literal("Source Sans Pro, DejaVu Sans, sans-serif"),
        outline_width=3,
        outline_color=[255, 255, 255],
        font_settings={"sdf": True, "fontSize": 64, "buffer": 10, "radius": 12},
        pickable=False,
        parameters=ON_TOP,
    )
    return CompactDeck(
        layers=[*layers, labels] if draws_place_names(frame) else layers,
        # World copies cost about 2 s of a 12 s load without a GPU (bench.pages) but keep the
        # route view whole on wide screens, where one world would leave a blank band.
        views=[pdk.View(type="MapView", controller=True, repeat=True)],
        initial_view_state=pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom),
        map_style=None,  # no tiles: the pictured Natural Earth outlines are the basemap, online or not
        map_provider=None,
        tooltip=TOOLTIP,
    )


# The pictures each view preset draws: the world under everything (for panning and zooming out)
# and the sheet made for that preset. Not all four: without a GPU each picture costs its upload
# (the route view's load went from 5.6 s to 4.9 s with the world alone).
PRESET_SHEETS = {
    "route": ("world",),
    "us": ("world", "us"),
    "california": ("world", "california"),
    "bay-area": ("world", "bay-area"),
}


def basemap_layers(preset: str = DEFAULT_PRESET) -> list[pdk.Layer]:
    """The basemap as pictures (static/basemap/, drawn by tools.basemap from the vendored Natural
    Earth file), coarse to fine. Vector outlines cost about 6 s a load without a GPU (triangulated
    and drawn on every load, sent as 0.6 MB of JSON); a picture is one textured square."""
    names = PRESET_SHEETS.get(preset, PRESET_SHEETS[DEFAULT_PRESET])
    return [
        pdk.Layer(
            "BitmapLayer",
            None,
            id=f"basemap-{sheet.name}",
            image=literal(sheet.url),
            bounds=sheet.bounds,
            pickable=False,
        )
        for sheet in SHEETS
        if sheet.name in names
    ]


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
