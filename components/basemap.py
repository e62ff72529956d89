"""Country and US-state outlines from the vendored Natural Earth TopoJSON, as GeoJSON for pydeck.

A small TopoJSON decoder (the format is simple: shared, delta-encoded arcs) so the map needs no
network and no extra package.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"


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
            features.append({"type": "Feature", "properties": dict(geometry.get("properties") or {}), "geometry": decoded})
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
