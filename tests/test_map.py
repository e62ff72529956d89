"""The map's pure builders: layers, colours, tooltips, selection, outlines, legend, table, detail."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from components.detail_panel import source_link
from sistercities.basemap import BASEMAP_DIR, SHEETS, outlines
from sistercities.details import decision_line, pair_detail, pairs_table
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.mapview import (
    ARC_LAYER_ID,
    VIEW_PRESETS,
    build_deck,
    map_frame,
    sample_for_map,
    selected_pair_from_event,
)
from sistercities.outcomes import OUTCOME_COLORS, hex_to_rgb
from sistercities.summaries import headline_counts, legend_html
from tests.conftest import ROOT, VALID

DATA = load_dataset(VALID)


def shown(state: FilterState | None = None):
    return apply_filters(DATA.pairs, DATA.events, state or FilterState())


def layer_data(deck, layer_id) -> pd.DataFrame:
    """A layer's rows as the browser receives them."""
    return pd.DataFrame(next(layer for layer in deck.layers if layer.id == layer_id).data)


def test_one_arc_per_pair_coloured_by_outcome():
    deck = build_deck(shown())
    arcs = layer_data(deck, ARC_LAYER_ID)
    assert list(arcs["pair_id"]) == list(DATA.pairs["pair_id"])
    for pair_id, color in zip(arcs["pair_id"], arcs["color"]):
        outcome = str(DATA.pairs.set_index("pair_id").loc[pair_id, "outcome"])
        assert color == hex_to_rgb(OUTCOME_COLORS[outcome])
    points = layer_data(deck, "places")
    assert len(points) == 2 * len(arcs)  # a point at each end


def test_filtered_map_only_draws_kept_pairs():
    arcs = layer_data(build_deck(shown(FilterState(outcomes=("cut",)))), ARC_LAYER_ID)
    assert list(arcs["pair_id"]) == ["beta-county-ca_moscow"]


def test_as_of_colours_follow_the_status_that_day():
    frame = map_frame(shown(FilterState(asof=dt.date(2022, 4, 1))))
    gamma = frame[frame["pair_id"] == "gamma-or_khabarovsk"].iloc[0]
    assert gamma["color"] == hex_to_rgb(OUTCOME_COLORS["letter"])  # suspended only in June
    assert gamma["status_words"] == "Kept, with a letter"


def test_tooltip_is_plain_text_and_names_both_places():
    deck = build_deck(shown())
    spec = json.loads(deck.to_json())
    # pydeck's "text" tooltip never parses HTML; an "html" tooltip would.
    assert "html" not in deck._tooltip and "{title}" in deck._tooltip["text"]
    assert "{status_words}" in deck._tooltip["text"] and "{decided}" in deck._tooltip["text"]
    titles = layer_data(deck, ARC_LAYER_ID)["title"].tolist()
    assert "Alpha, CA – Ekaterinburg, Russia" in titles
    assert not spec.get("mapStyle")  # no tile style: the map needs no network


def test_selected_pair_is_drawn_wider():
    arcs = layer_data(build_deck(shown(), selected="alpha-ca_ekaterinburg"), ARC_LAYER_ID)
    widths = dict(zip(arcs["pair_id"], arcs["width"]))
    assert widths["alpha-ca_ekaterinburg"] > widths["beta-county-ca_moscow"]


@pytest.mark.parametrize("preset", list(VIEW_PRESETS))
def test_every_view_preset_builds(preset):
    deck = build_deck(shown(), preset)
    assert deck.initial_view_state.zoom == VIEW_PRESETS[preset].zoom


def test_bay_area_preset_frames_the_three_bay_area_places():
    bay = VIEW_PRESETS["bay-area"]
    # San Jose, Livermore and Santa Clara County lie near the centre, where data/pairs.csv puts them.
    with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["us_place"] in ("San Jose", "Livermore", "Santa Clara County")]
    assert len(rows) == 3
    for row in rows:
        assert abs(float(row["us_lat"]) - bay.latitude) < 0.6 and abs(float(row["us_lon"]) - bay.longitude) < 0.6


def test_selection_event_gives_the_pair():
    event = {"selection": {"indices": {"ties": [0]}, "objects": {"ties": [{"pair_id": "gamma-or_khabarovsk"}]}}}
    assert selected_pair_from_event(event) == "gamma-or_khabarovsk"
    assert selected_pair_from_event({"selection": {"objects": {}}}) is None
    assert selected_pair_from_event(None) is None


def test_outlines_are_decoded_from_the_vendored_file():
    countries, us_states = outlines("110m")
    assert len(countries["features"]) == 177
    assert len(us_states["features"]) == 51  # 50 states and DC
    fiji = countries["features"][0]["geometry"]
    assert fiji["type"] == "MultiPolygon" and all(polygon for polygon in fiji["coordinates"])
    ring = fiji["coordinates"][0][0]
    assert ring[0] == ring[-1]  # closed
    assert all(-540 <= x <= 540 and -90 <= y <= 90 for x, y in ring)
    # Rings crossing the 180th meridian are unwrapped: no step spans the whole map.
    for feature in countries["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for r in polygon:
                assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(r, r[1:]))


def test_basemap_is_the_committed_pictures_placed_by_their_corners():
    """The deck draws the Natural Earth pictures, not vector outlines; each picture exists, has the
    size its sheet says, and is placed by the same bounds it was drawn for. Each view preset draws
    the world and its own sheet only, and every sheet serves some preset."""
    drawn = set()
    for preset in VIEW_PRESETS:
        deck = build_deck(shown(), preset)
        layers = {layer.id: layer for layer in deck.layers}
        assert not {"countries", "us-states", "ocean"} & set(layers)
        names = {layer_id.removeprefix("basemap-") for layer_id in layers if layer_id.startswith("basemap-")}
        assert "world" in names and len(names) <= 2
        drawn |= names
    assert drawn == {sheet.name for sheet in SHEETS}
    deck = build_deck(shown(), "bay-area")
    layers = {layer.id: layer for layer in deck.layers}
    for sheet in SHEETS:
        if sheet.name not in ("world", "bay-area"):
            continue
        layer = layers[f"basemap-{sheet.name}"]
        assert layer.type == "BitmapLayer" and layer.bounds == sheet.bounds
        assert layer.image == sheet.url == f"app/static/basemap/{sheet.name}.png"
    for sheet in SHEETS:
        with Image.open(BASEMAP_DIR / f"{sheet.name}.png") as picture:
            assert picture.size == (sheet.width, sheet.height)
    # Drawn first, under the ties and places.
    order = [layer.id for layer in deck.layers]
    assert max(order.index(f"basemap-{name}") for name in ("world", "bay-area")) < order.index("ties")


def test_basemap_pictures_match_the_vendored_outlines():
    """tools.basemap --check redraws every sheet from static/topojson/ and compares: a changed
    source or drawing without new pictures fails here."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.basemap", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deck_made_for_a_view_is_serialised_once():
    deck = build_deck(shown())
    first = deck.to_json()
    assert deck.to_json() is first  # Streamlit asks on every run; the spec is kept
    assert '"@@type":"BitmapLayer"' in first and "  " not in first[:2000]


def test_legend_shows_label_colour_and_count():
    html = legend_html(headline_counts(shown()))
    assert "Cut&nbsp;<b>1</b>" in html and OUTCOME_COLORS["cut"] in html
    assert "Unknown (nothing found)&nbsp;<b>1</b>" in html and "No action (tie left standing)&nbsp;<b>1</b>" in html


def test_table_uses_words_and_links():
    table = pairs_table(shown(), DATA.sources)
    row = table[table["pair_id"] == "gamma-or_khabarovsk"].iloc[0]
    assert row["Outcome"] == "Suspended" and row["Decided"] == "June 2022"
    assert row["Decided by"] == "US government side: Gamma City Council"
    zeta = table[table["pair_id"] == "zeta-mn_novosibirsk"].iloc[0]
    assert zeta["Decided"] == "2025" and zeta["Decided by"] == "Volunteer association: Zeta Sister City Association"
    assert row["Source"] == "https://example.org/gamma1"


def test_table_shows_a_start_year_as_written_and_an_unknown_one_as_blank():
    since = pairs_table(shown(), DATA.sources).set_index("pair_id")["Since"]
    assert since["gamma-or_khabarovsk"] == "1988"
    assert since["beta-county-ca_moscow"] == ""  # not 'None', '<NA>' or 'nan'


def test_detail_lists_events_and_every_source():
    detail = pair_detail(DATA, "gamma-or_khabarovsk")
    assert list(detail.events["type"].astype(str)) == ["letter", "suspension"]
    assert sorted(detail.sources["url"]) == ["https://example.org/gamma1", "https://example.org/gamma2"]
    assert decision_line(detail.pair) == "Suspended in June 2022 by the city government (Gamma City Council)"
    assert decision_line(pair_detail(DATA, "beta-county-ca_moscow").pair) == (
        "Cut on 22 March 2022 by the county government (Beta County Board of Supervisors; vote: 5-0)"
    )
    # Who decided is said in words: the association, not the city.
    assert decision_line(pair_detail(DATA, "zeta-mn_novosibirsk").pair) == (
        "Kept in 2025 by the volunteer association, not the city (Zeta Sister City Association)"
    )
    assert decision_line(pair_detail(DATA, "epsilon-wa_nakhodka").pair).startswith("No action (tie left standing)")


def test_source_link_never_links_a_script_url_and_escapes_text():
    link = source_link(
        {"url": "javascript:alert(1)", "publisher": "[x](javascript:alert(2))", "title": "<img src=x onerror=alert(3)>"}
    )
    assert "](<javascript" not in link and "(<" not in link
    assert "<img" not in link and "&lt;img" in link
    assert "\\[x\\]" in link
    good = source_link({"url": "https://example.org/a", "publisher": "Example", "title": "T", "date": None})
    assert good == "[Example — T](<https://example.org/a>)"


def reference_path(lat1: float, lon1: float, lat2: float, lon2: float, points: int = 48) -> list[list[float]]:
    """The slerp of two unit vectors, one pair at a time: the textbook formula the vectorised one
    must agree with. [[lon, lat], ...] from the first place to the second.

    Longitudes are unwrapped (they may pass ±180) so the path is one continuous line on a
    repeating Mercator map; deck.gl's own great-circle arcs mis-draw routes near 180° apart.
    """
    phi1, lam1, phi2, lam2 = np.radians([lat1, lon1, lat2, lon2])
    a = np.array([np.cos(phi1) * np.cos(lam1), np.cos(phi1) * np.sin(lam1), np.sin(phi1)])
    b = np.array([np.cos(phi2) * np.cos(lam2), np.cos(phi2) * np.sin(lam2), np.sin(phi2)])
    omega = np.arccos(np.clip(np.dot(a, b), -1.0, 1.0))
    t = np.linspace(0.0, 1.0, points)[:, None]
    if omega < 1e-9:
        xyz = np.repeat(a[None, :], points, axis=0)
    else:
        xyz = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
    lats = np.degrees(np.arctan2(xyz[:, 2], np.hypot(xyz[:, 0], xyz[:, 1])))
    lons = np.degrees(np.unwrap(np.arctan2(xyz[:, 1], xyz[:, 0])))
    lons += lon1 - lons[0]  # start exactly at the US place's longitude
    return [[round(float(x), 4), round(float(y), 4)] for x, y in zip(lons, lats)]


def test_vectorised_paths_match_the_single_path():
    from sistercities.mapview import great_circle_paths

    coords = np.array([[37.339, -121.895, 56.857, 60.615], [61.2, -149.9, 59.56, 150.8], [1.0, 2.0, 1.0, 2.0]])
    many = great_circle_paths(coords)
    for row, path in zip(coords, many):
        assert path == reference_path(*row)
    # San Jose to Yekaterinburg heads north first (it passes near the pole), not south-east.
    assert many[0][1][1] > many[0][0][1]


def test_deck_spec_is_compact_and_loses_nothing():
    deck = build_deck(shown())
    compact = deck.to_json()
    indented = build_deck.__globals__["pdk"].Deck.to_json(deck)
    assert "\n" not in compact and len(compact) < len(indented) / 2  # the bytes every reader downloads
    assert json.loads(compact) == json.loads(indented)


def test_big_tables_show_the_first_rows_with_a_notice():
    from sistercities.details import table_rows

    many = pd.concat([DATA.pairs] * 3, ignore_index=True)
    rows, notice = table_rows(many, limit=5)
    assert len(rows) == 5 and f"first 5 of {len(many)} matching ties" in notice and "CSV" in notice
    assert table_rows(DATA.pairs, limit=len(DATA.pairs))[1] is None  # all shown, no notice


def test_place_labels_are_left_out_when_they_would_be_a_blot(monkeypatch):
    import sistercities.mapview as mapview

    assert "labels" in [layer.id for layer in build_deck(shown()).layers]
    monkeypatch.setattr(mapview, "MAX_LABELLED", 3)
    assert "labels" not in [layer.id for layer in mapview.build_deck(shown()).layers]


def test_a_sample_for_the_map_is_every_nth_tie_in_order():
    many = pd.DataFrame({"pair_id": [f"p{i}" for i in range(1000)]})
    drawn, sampled = sample_for_map(many, limit=200)
    assert sampled and list(drawn["pair_id"]) == [f"p{i}" for i in range(0, 1000, 5)]
    drawn, sampled = sample_for_map(many.head(200), limit=200)
    assert not sampled and len(drawn) == 200
