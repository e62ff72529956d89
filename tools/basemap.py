"""Draw the map page's basemap: Natural Earth outlines rendered once into Web Mercator PNGs.

    .venv/bin/python -m tools.basemap            # rewrite static/basemap/*.png from static/topojson/
    .venv/bin/python -m tools.basemap --check    # exit 1 if the committed images are out of date

Why pictures and not vector outlines: without a GPU, deck.gl spent about 6 of the map's 13 seconds
triangulating and drawing the world's country and state outlines on every load (bench.pages). One
picture is one textured square: decoded off the main thread, drawn in one call.

The sheets (sistercities.basemap.SHEETS) go from the whole world to the Bay Area, each about as
sharp as the view preset that needs it. All in Web Mercator, the projection deck.gl's MapView draws
in, so a BitmapLayer places each by its four corners with no warping.
"""

from __future__ import annotations

import argparse
import io
import json
import sys

from PIL import Image, ImageDraw

from sistercities.basemap import BASEMAP_DIR, SHEETS, TOPOJSON_DIR, Sheet, mercator_y, topojson_to_geojson

OCEAN = (214, 228, 238)
LAND = (236, 236, 232)
BORDER = (180, 180, 176)
STATE_LINE = (200, 200, 196)
SUPERSAMPLE = 2  # draw at twice the size and shrink: smooth edges without an antialiasing rasteriser


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return coordinates
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def render(sheet: Sheet) -> Image.Image:
    """The sheet as an RGB image: ocean, land by country, country borders, US state lines."""
    topology = json.loads((TOPOJSON_DIR / "world_50m.json").read_text(encoding="utf-8"))
    countries = topojson_to_geojson(topology, "countries")["features"]
    states = [f for f in topojson_to_geojson(topology, "subunits")["features"] if f["properties"].get("gu") == "USA"]
    width, height = sheet.width * SUPERSAMPLE, sheet.height * SUPERSAMPLE
    x_scale = width / (sheet.east - sheet.west)
    y_top, y_scale = mercator_y(sheet.north), height / (mercator_y(sheet.north) - mercator_y(sheet.south))

    def pixels(ring: list[list[float]], shift: float) -> list[tuple[float, float]]:
        return [((lon + shift - sheet.west) * x_scale, (y_top - mercator_y(lat)) * y_scale) for lon, lat in ring]

    image = Image.new("RGB", (width, height), OCEAN)
    draw = ImageDraw.Draw(image)
    # Outlines crossing 180° run past it (unwrapped): draw them once more a world away.
    shifts = (-360.0, 0.0, 360.0)
    for feature in countries:
        for ring in _rings(feature["geometry"]):
            for shift in shifts:
                draw.polygon(pixels(ring, shift), fill=LAND)
    line = SUPERSAMPLE  # one pixel after the shrink
    for features, colour in ((states, STATE_LINE), (countries, BORDER)):
        for feature in features:
            for ring in _rings(feature["geometry"]):
                for shift in shifts:
                    draw.line(pixels(ring, shift), fill=colour, width=line, joint="curve")
    return image.resize((sheet.width, sheet.height), Image.Resampling.LANCZOS)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # A palette of a few hundred shades: a third of the size of full colour, no visible change.
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, "PNG", optimize=True
    )
    return buffer.getvalue()


def pixels(png: bytes) -> bytes:
    """What a picture shows, whatever its compression: PNG bytes differ between zlib builds."""
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").tobytes()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed image differs")
    options = parser.parse_args()
    BASEMAP_DIR.mkdir(parents=True, exist_ok=True)
    stale = []
    for sheet in SHEETS:
        data = png_bytes(render(sheet))
        path = BASEMAP_DIR / f"{sheet.name}.png"
        if options.check:
            if not path.exists() or pixels(path.read_bytes()) != pixels(data):
                stale.append(path.name)
            continue
        path.write_bytes(data)
        print(
            f"{path.relative_to(BASEMAP_DIR.parent.parent)}: {sheet.width} x {sheet.height} px, "
            f"{len(data) / 1024:.0f} KB"
        )
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python -m tools.basemap)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
