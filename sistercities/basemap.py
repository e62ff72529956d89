"""The map's basemap: Natural Earth outlines from the vendored TopoJSON.

A small TopoJSON decoder (the format is simple: shared, delta-encoded arcs) so the map needs no
network and no extra package, and the sheets the outlines are drawn into once, as Web Mercator
pictures (`python -m tools.basemap`), which the map page lays under the ties.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
TOPOJSON_DIR = STATIC_DIR / "topojson"
BASEMAP_DIR = STATIC_DIR / "basemap"
MAX_LAT = 85.05112878  # Web Mercator's edge: the world is square


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(-MAX_LAT, min(MAX_LAT, lat))) / 2))


@dataclass(frozen=True)
class Sheet:
    """One basemap picture: a Web Mercator rectangle of the world and how many pixels wide."""

    name: str
    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def bounds(self) -> list[float]:
        """[west, south, east, north], as deck.gl's BitmapLayer takes them."""
        return [self.west, self.south, self.east, self.north]

    @property
    def height(self) -> int:
        span_y = mercator_y(self.north) - mercator_y(self.south)
        return round(self.width * span_y / math.radians(self.east - self.west))

    @property
    def url(self) -> str:
        """Relative to the page, served by Streamlit's static serving (works under any base path)."""
        return f"app/static/basemap/{self.name}.png"


# Coarse to fine, drawn in this order: each finer sheet covers the view presets that need it, at
# about one picture pixel per screen pixel (deck.gl's world is 512 x 2^zoom pixels wide). Small
# pictures on purpose: without a GPU, uploading a texture costs about 0.2 s per million pixels.
SHEETS: tuple[Sheet, ...] = (
    Sheet("world", -180.0, -MAX_LAT, 180.0, MAX_LAT, 2048),  # "Whole route", zoom 1
    Sheet("us", -130.0, 22.0, -60.0, 52.0, 2048),  # "Continental US", zoom 2.9
    Sheet("california", -125.0, 32.0, -113.5, 42.5, 1280),  # "California", zoom 4.8
    Sheet("bay-area", -123.2, 36.9, -121.2, 38.5, 1100),  # "Bay Area", zoom 8.6
)


def _decode_arcs(topology: dict) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
        else:
            points = [[p[0], p[1]] for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])  # consecutive arcs share an end point
    return _unwrap(ring)


def _unwrap(ring: list[list[float]]) -> list[list[float]]:
    """Shapes crossing the 180° meridian (Fiji, the Aleutians, Chukotka) jump from +180 to -180;
    drawn as is, that jump is a line across the whole map. Keep each step under 180°."""
    if not ring:
        return ring
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        unwrapped.append([lon, lat])
    return unwrapped


def _geometry(geometry: dict, arcs) -> dict | None:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geometry["arcs"]]}
    if kind == "MultiPolygon":
        polygons = [[_ring(r, arcs) for r in poly] for poly in geometry["arcs"] if poly]  # some are empty
        return {"type": "MultiPolygon", "coordinates": polygons}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _ring(geometry["arcs"], arcs)}
    if kind == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [_ring(line, arcs) for line in geometry["arcs"]]}
    return None


def topojson_to_geojson(topology: dict, layer: str) -> dict:
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][layer]["geometries"]:
        decoded = _geometry(geometry, arcs)
        if decoded is not None:
            features.append(
                {"type": "Feature", "properties": dict(geometry.get("properties") or {}), "geometry": decoded}
            )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=4)
def outlines(resolution: str = "50m") -> tuple[dict, dict]:
    """(countries, US states) as GeoJSON FeatureCollections."""
    topology = json.loads((TOPOJSON_DIR / f"world_{resolution}.json").read_text(encoding="utf-8"))
    countries = topojson_to_geojson(topology, "countries")
    subunits = topojson_to_geojson(topology, "subunits")
    us_states = {
        "type": "FeatureCollection",
        "features": [f for f in subunits["features"] if f["properties"].get("gu") == "USA"],
    }
    return countries, us_states
