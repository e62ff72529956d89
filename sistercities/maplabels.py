"""Place names for the exported map: which places a view shows, where plotly will draw them, and
which names fit without overlapping. Pure.

Plotly places the map itself; this module repeats its arithmetic (d3's projections fitted to the
plot area as plotly.js does) so a name's box is known before the picture is drawn. Names are laid
out for the smallest export (640 px wide); a wider export draws the same map larger with the same
font, so what does not overlap at 640 px does not overlap there either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistercities.outcomes import DECIDED_OUTCOMES
from sistercities.ties import shown_status

LABEL_PX = 11  # the names' font size
MAX_LABELS = 25  # names one picture carries at most
GAP = 3  # px kept clear round each name
MARKER_OFFSET = 6  # px plotly puts between a point and its name beside it
EM_WIDTH = 0.56  # a generous glyph width in em (Chromium's fallback DejaVu Sans is wide)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def hits(self, other: Box) -> bool:
        return (
            self.x - GAP < other.x + other.w
            and other.x - GAP < self.x + self.w
            and self.y - GAP < other.y + other.h
            and other.y - GAP < self.y + self.h
        )

    def within(self, frame: Box) -> bool:
        return (
            self.x >= frame.x
            and self.y >= frame.y
            and self.x + self.w <= frame.x + frame.w
            and self.y + self.h <= frame.y + frame.h
        )


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def mercator_ranges(lat_range: tuple[float, float], lon_center: float, aspect: float) -> tuple[list, list]:
    """Lat and lon ranges of a mercator view `aspect` times wider than tall, keeping the latitudes:
    plotly then fills the plot area edge to edge, and a point's pixel is a straight scaling."""
    span = aspect * (mercator_y(lat_range[1]) - mercator_y(lat_range[0]))
    half = math.degrees(span) / 2
    return list(lat_range), [lon_center - half, lon_center + half]


def _conic_equal_area(parallels: tuple[float, float]):
    """d3.geoConicEqualAreaRaw: (lambda, phi) in radians -> unscaled x, y (y up)."""
    sy0 = math.sin(math.radians(parallels[0]))
    n = (sy0 + math.sin(math.radians(parallels[1]))) / 2
    c = 1 + sy0 * (2 * n - sy0)
    r0 = math.sqrt(c) / n

    def raw(lam: float, phi: float) -> tuple[float, float]:
        r = math.sqrt(max(c - 2 * n * math.sin(phi), 0.0)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    return raw


# d3.geoAlbersUsa's parts: rotation, centre, parallels, scale and offset of the translate (x k).
ALBERS_PARTS = {
    "lower48": (96, (-0.6, 38.7), (29.5, 45.5), 1.0, (0.0, 0.0)),
    "AK": (154, (-2, 58.5), (55, 65), 0.35, (-0.307, 0.201)),
    "HI": (157, (-3, 19.9), (8, 18), 1.0, (-0.205, 0.212)),
}


def albers_usa(lat: float, lon: float, state: str, frame: Box) -> tuple[float, float]:
    """A point of plotly's 'albers usa' view in px: d3's composite projection, fitted as plotly
    fits it (the lower 48's clip box, 0.91 k × 0.476 k, centred in the plot area)."""
    rotate, centre, parallels, scale, offset = ALBERS_PARTS.get(state, ALBERS_PARTS["lower48"])
    k = min(frame.w / 0.91, frame.h / 0.476)
    raw = _conic_equal_area(parallels)
    x, y = raw(math.radians(lon + rotate), math.radians(lat))
    cx, cy = raw(math.radians(centre[0]), math.radians(centre[1]))
    mid_x, mid_y = frame.x + frame.w / 2, frame.y + frame.h / 2
    return mid_x + offset[0] * k + scale * k * (x - cx), mid_y + offset[1] * k - scale * k * (y - cy)


def orthographic(lat: float, lon: float, rotation: dict, frame: Box) -> tuple[float, float] | None:
    """A point of the globe in px (the disk as tall as the plot area, centred), None on its far side."""
    phi, lam = math.radians(lat), math.radians(lon - rotation["lon"])
    phi0 = math.radians(rotation["lat"])
    if math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam) <= 0.05:
        return None
    radius = min(frame.w, frame.h) / 2
    x = math.cos(phi) * math.sin(lam)
    y = math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam)
    return frame.x + frame.w / 2 + radius * x, frame.y + frame.h / 2 - radius * y


def mercator(lat: float, lon: float, lat_range, lon_range, frame: Box) -> tuple[float, float]:
    x = (lon - lon_range[0]) / (lon_range[1] - lon_range[0])
    y = (mercator_y(lat_range[1]) - mercator_y(lat)) / (mercator_y(lat_range[1]) - mercator_y(lat_range[0]))
    return frame.x + x * frame.w, frame.y + y * frame.h


def clip_box(view: str, frame: Box) -> Box:
    """Where plotly draws the map (and its names) inside the plot area: the globe's square, the
    lower 48's box, or the whole area of a mercator view fitted to it."""
    if view == "route":
        side = min(frame.w, frame.h)
        return Box(frame.x + (frame.w - side) / 2, frame.y + (frame.h - side) / 2, side, side)
    if view == "us":
        k = min(frame.w / 0.91, frame.h / 0.476)
        return Box(frame.x + (frame.w - 0.91 * k) / 2, frame.y + (frame.h - 0.476 * k) / 2, 0.91 * k, 0.476 * k)
    return frame


def places(pairs: pd.DataFrame, view: str) -> pd.DataFrame:
    """One row per place the view names: name, lat, lon, state ('' for a Russian place), ties
    (how many), decided (how many of them decided), in priority order: decided ties first, the
    strongest decision first (a cut before a suspension …), then more decided ties, more ties, name."""
    status = shown_status(pairs)
    decided = status.isin(DECIDED_OUTCOMES)
    us = pd.DataFrame(
        {"name": pairs["us_place"], "lat": pairs["us_lat"], "lon": pairs["us_lon"], "state": pairs["us_state"]}
    )
    # The strongest decision first: cut, suspended, kept with a letter, kept, under review; then the rest.
    strength = status.map(
        lambda code: len(DECIDED_OUTCOMES) - DECIDED_OUTCOMES.index(code) if code in DECIDED_OUTCOMES else 0
    )
    extra = {"decided": decided.to_numpy(), "strength": strength.to_numpy()}
    frames = [us.assign(**extra)]
    if view == "route":
        ru = pd.DataFrame({"name": pairs["ru_place"], "lat": pairs["ru_lat"], "lon": pairs["ru_lon"], "state": ""})
        frames.append(ru.assign(**extra))
    both = pd.concat(frames, ignore_index=True).dropna(subset=["lat", "lon"])
    both = both.astype({"name": str, "state": str})
    grouped = both.groupby(["name", "state"], as_index=False, sort=False).agg(
        lat=("lat", "first"),
        lon=("lon", "first"),
        ties=("lat", "size"),
        decided=("decided", "sum"),
        strength=("strength", "max"),
    )
    order = ["strength", "decided", "ties", "name"]
    return grouped.sort_values(order, ascending=[False, False, False, True], ignore_index=True)


def text_box(name: str, x: float, y: float, side: str) -> Box:
    """The box plotly's text of `name` takes beside a point at (x, y), on side right/left/top/bottom."""
    w, h = len(name) * LABEL_PX * EM_WIDTH, LABEL_PX * 1.3
    if side == "right":
        return Box(x + MARKER_OFFSET, y - h / 2, w, h)
    if side == "left":
        return Box(x - MARKER_OFFSET - w, y - h / 2, w, h)
    if side == "top":
        return Box(x - w / 2, y - MARKER_OFFSET - h, w, h)
    return Box(x - w / 2, y + MARKER_OFFSET, w, h)


SIDES = {"right": "middle right", "left": "middle left", "top": "top center", "bottom": "bottom center"}


def place_labels(
    named: pd.DataFrame, points: list[tuple[float, float] | None], clip: Box, limit: int = MAX_LABELS
) -> list[tuple[int, str]]:
    """(row, side) of the names that fit, in priority order: each beside its point on the first
    side where it stays inside the map and clear of the names and named points already placed."""
    dots = [Box(p[0] - 3, p[1] - 3, 6, 6) if p is not None else None for p in points]
    taken: list[Box] = []  # the names placed
    chosen: list[tuple[int, str]] = []
    for row, point in enumerate(points):
        if point is None or len(chosen) >= limit:
            continue
        if any(dots[row].hits(t) for t in taken):  # its point lies under a name already placed
            continue
        # Best clear of every other place's point too (a name over a place hides it); where every
        # side covers one, as in the crowd of Russian cities west of the Urals, clear of names only.
        others = [d for other, d in enumerate(dots) if d is not None and other != row]
        boxes = {side: text_box(str(named["name"].iloc[row]), point[0], point[1], side) for side in SIDES}
        free = [s for s, box in boxes.items() if box.within(clip) and not any(box.hits(t) for t in taken)]
        clear = [s for s in free if not any(boxes[s].hits(d) for d in others)]
        side = (clear or free or [None])[0]
        if side is not None:
            taken.append(boxes[side])
            chosen.append((row, side))
    return chosen


def in_region(named: pd.DataFrame, view: str, lat_range=None, lon_range=None) -> pd.DataFrame:
    """The places inside the view's region: California's in the California view, those inside the
    box in the Bay Area view, the US's in the US view, all (on the near side) on the globe."""
    if view == "california":
        named = named[named["state"] == "CA"]
    elif view == "us":
        named = named[named["state"] != ""]
    if lat_range is not None and lon_range is not None:
        lat, lon = named["lat"].to_numpy(float), named["lon"].to_numpy(float)
        inside = (lat > lat_range[0]) & (lat < lat_range[1]) & (lon > lon_range[0]) & (lon < lon_range[1])
        named = named[np.asarray(inside)]
    return named.reset_index(drop=True)
