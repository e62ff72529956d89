"""Exports, read back: image sizes, SVG text, offline HTML, CSV/JSON round trips, formula safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from sistercities import descriptions, filenames, framing, images, record, tables
from sistercities.charts import decisions_figure, monthly_status_counts
from sistercities.filters import FilterState, apply_filters
from sistercities.geomap import export_map_figure
from sistercities.loader import load_dataset
from sistercities.outcomes import OUTCOME_CODES
from sistercities.timeline import timeline_figure
from tests.conftest import ROOT, VALID, fixture_rows

DATA = load_dataset(VALID)
PAIRS = apply_filters(DATA.pairs, DATA.events, FilterState())
TODAY = dt.date(2026, 11, 22)
needs_browser = pytest.mark.skipif(images.chrome_path() is None, reason="image export needs Chromium")


def framed_timeline(width: int = 1200):
    figure = timeline_figure(PAIRS, DATA.events, DATA.sources, today=TODAY)
    return framing.framed(
        figure, descriptions.finding_title(PAIRS), "All 4 ties", DATA.last_updated, DATA.version, width
    )


@needs_browser
@pytest.mark.parametrize("width, scale, label", images.PNG_SIZES)
def test_each_png_is_as_many_pixels_wide_as_its_button_says(width, scale, label):
    figure = framed_timeline(width)
    image = Image.open(io.BytesIO(images.to_png(figure, width, scale)))
    named = int(re.match(r"Download PNG \((\d+) px", label).group(1))
    assert image.format == "PNG" and image.size[0] == named
    assert label.startswith("Download PNG") and ("2×" in label) == (scale == 2)


@needs_browser
def test_svg_carries_its_title_and_description_escaped():
    svg = images.to_svg(framed_timeline(), 1200, "Cut <b>&</b> kept", 'Alt "text" <script>').decode("utf-8")
    assert svg.startswith("<svg")
    head = svg[: svg.index("<defs") if "<defs" in svg else 2000]
    assert "<title>Cut &lt;b&gt;&amp;&lt;/b&gt; kept</title>" in head
    assert "<desc>Alt &quot;text&quot; &lt;script&gt;</desc>" in head
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Cut <b>&</b> kept"


def test_the_source_line_names_the_licence_and_where_the_data_lives():
    meta = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    licence = meta["licenses"][0]["name"].replace("-", " ")  # "CC-BY-4.0", written "CC BY 4.0"
    line = record.source_line(meta, "https://example.org/data")
    assert licence == "CC BY 4.0" and f"licence {licence}" in line and "data at https://example.org/data" in line
    figure = framing.framed(framed_timeline(), "t", "s", "2026-12-01", source=line, width=640)
    credit = " ".join(a.text.replace("<br>", " ") for a in figure.layout.annotations if "Source:" in a.text)
    assert "CC BY 4.0" in credit and "https://example.org/data" in credit


@needs_browser
def test_svg_carries_title_and_source_line():
    svg = images.to_svg(framed_timeline()).decode("utf-8")
    assert svg.startswith("<svg")
    assert "2 of 6 US ties to Russian places were cut or" in svg  # the finding, as the title
    assert "Source: news reports and council records" in svg
    assert "Data as of 2026-11-01" in svg


@needs_browser
def test_static_map_renders_offline_from_the_vendored_topojson():
    figure = framing.framed(export_map_figure(PAIRS, "route"), "t", "s", "2026-11-01", width=640)
    image = Image.open(io.BytesIO(images.to_png(figure, 640))).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    # Land (236, 236, 232) and ocean (214, 228, 238) are drawn: the topojson loaded.
    assert any(c == (236, 236, 232) for _, c in colours) and any(c == (214, 228, 238) for _, c in colours)


@needs_browser
def test_exports_in_a_row_are_each_the_chart_asked_for():
    """Charts exported one after another, alternating: each picture is complete and is the one
    asked for, never the one before (tabs are reused)."""
    decisions = framing.framed(
        decisions_figure(monthly_status_counts(PAIRS, DATA.events, TODAY)), "Decisions", "s", "2026-11-01"
    )
    timeline = framed_timeline(640)
    for _ in range(3):
        for figure, title in ((decisions, "Decisions"), (timeline, "2 of 6 US ties")):
            assert title in images.to_svg(figure, 640).decode("utf-8")
        image = Image.open(io.BytesIO(images.to_png(timeline, 640)))
        assert image.size == (640, int(timeline.layout.height))


@needs_browser
def test_a_render_past_its_time_is_cancelled_and_the_next_reader_gets_a_fresh_browser():
    images.start_image_server()
    first = images.service.server
    with pytest.raises(images.RenderTimeout):
        images.service.render(framed_timeline(1200), "png", 1200, timeout=0.001)
    assert not first.alive and not first.thread.is_alive()  # the old browser and its loop are gone
    assert images.to_svg(framed_timeline(640), 640).startswith(b"<svg")
    assert images.service.server is not first


@needs_browser
def test_a_dead_browser_is_replaced_and_the_export_still_arrives():
    images.start_image_server()
    dead = images.service.server
    dead.close()  # the browser went away under the server (crashed, or killed)
    svg = images.to_svg(framed_timeline(640), 640)
    assert b"2 of 6 US ties" in svg and images.service.server is not dead


def test_a_failing_start_leaks_no_thread_and_is_retried_a_limited_number_of_times(monkeypatch):
    import threading

    service = images._ImageService()
    attempts = []

    def broken_open(self):
        attempts.append(1)
        raise RuntimeError("no browser today")

    monkeypatch.setattr(images.kaleido.Kaleido, "open", broken_open)
    monkeypatch.setattr(images, "chrome_path", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "RETRY_AFTER", 0.0)
    loops_before = sum(t.name == "kaleido-loop" for t in threading.enumerate())
    for _ in range(10):  # ten readers clicking a download
        assert service.get() is None
    assert len(attempts) == images.MAX_STARTS
    assert sum(t.name == "kaleido-loop" for t in threading.enumerate()) == loops_before


def test_the_map_script_is_a_private_file_of_this_process():
    import os
    import stat
    import tempfile

    path = images.geo_assets_script()
    assert path.exists() and path.name != "sister-cities-geo-assets.js"  # not a fixed, shared name
    assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0  # no other user may read or write it
    assert path.parent == Path(tempfile.gettempdir()) and path.read_text(encoding="utf-8").startswith(
        "window.PlotlyGeoAssets"
    )


def test_html_is_self_contained():
    page = images.to_html(framed_timeline(), "Timeline").decode("utf-8")
    assert "<script src=" not in page and "<link" not in page
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js inlined
    geo = images.to_html(export_map_figure(PAIRS, "route"), "Map").decode("utf-8")
    # The map's outlines travel inside the page: the vendored world topology, whole, not a CDN fetch.
    inlined = geo.split("window.PlotlyGeoAssets = ", 1)[1].split(";</script>", 1)[0]
    vendored = json.loads((ROOT / "static" / "topojson" / "world_110m.json").read_text(encoding="utf-8"))
    assert inlined.startswith("{topojson: {world_110m: ") and inlined.endswith("}}")
    assert json.loads(inlined.removeprefix("{topojson: {world_110m: ").removesuffix("}}")) == vendored


def test_csv_round_trips_to_the_filtered_rows():
    shown = apply_filters(DATA.pairs, DATA.events, FilterState(states=("CA",)))
    rows = list(
        csv.DictReader(io.StringIO(tables.to_csv(tables.export_table(shown, DATA.sources)).decode("utf-8"), newline=""))
    )
    assert [r["pair_id"] for r in rows] == list(shown["pair_id"])
    beta = rows[1]
    assert beta["us_lon"] == "-121.7"  # a number stays a number, no quote prefix
    assert beta["decision_date"] == "2022-03-22" and beta["outcome"] == "cut"
    assert beta["source_urls"] == "https://example.org/beta"
    raw = pd.read_csv(VALID / "pairs.csv", dtype=str, keep_default_na=False).set_index("pair_id")
    for row in rows:  # the files' own values come back unchanged
        for column in ("us_place", "ru_place", "summary", "decision_body", "vote", "established"):
            assert row[column] == raw.loc[row["pair_id"], column]


def test_month_only_dates_export_as_months():
    rows = list(
        csv.DictReader(io.StringIO(tables.to_csv(tables.export_table(PAIRS, DATA.sources)).decode(), newline=""))
    )
    assert {r["pair_id"]: r["decision_date"] for r in rows}["gamma-or_khabarovsk"] == "2022-06"


def test_json_round_trips_with_events_and_sources():
    document = json.loads(tables.to_json(PAIRS, DATA.events, DATA.sources, DATA.meta, FilterState(), "/data"))
    assert [p["pair_id"] for p in document["pairs"]] == list(PAIRS["pair_id"])
    gamma = next(p for p in document["pairs"] if p["pair_id"] == "gamma-or_khabarovsk")
    assert [e["date"] for e in gamma["events"]] == ["2022-03-10", "2022-06"]
    assert {s["url"] for s in gamma["sources"]} == {"https://example.org/gamma1", "https://example.org/gamma2"}
    assert gamma["us_lon"] == -122.6 and document["version"] == "0.0.1"
    assert "outcome" in document["dictionary"]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# OWASP, "CSV Injection": a cell starting with =, +, -, @, tab (0x09) or carriage return (0x0D)
# is read as a formula by spreadsheet software. The list is theirs, not this code's.
OWASP_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_no_text_cell_can_start_a_formula(dangerous):
    shown = PAIRS.copy()
    shown.loc[shown.index[0], "summary"] = dangerous
    shown.loc[shown.index[0], "us_place"] = dangerous
    text = tables.to_csv(tables.export_table(shown, DATA.sources)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(OWASP_FORMULA_START) or _is_number(cell), cell
    header = rows[0]
    assert rows[1][header.index("summary")] == "'" + dangerous
    assert rows[1][header.index("us_lon")] == "-121.9"  # negative numbers untouched


def test_alt_text_states_the_counts():
    text = descriptions.alt_text("timeline", PAIRS, DATA.events, FilterState())
    pairs = fixture_rows("pairs.csv")
    total, counts = len(pairs), {code: sum(p["outcome"] == code for p in pairs) for code in OUTCOME_CODES}
    # The latest decision in the fixture's events is Zeta's, dated only to 2025.
    assert f"By 2025, of {total} US ties to Russian cities and regions, {counts['cut']} was cut, " in text
    assert f"{counts['suspended']} was suspended, {counts['letter']} was kept with a letter" in text
    assert f"{counts['kept']} was kept without one" in text
    assert (
        f"{counts['no_action']} was left standing with no action and for {counts['unknown']} nothing was found since the invasion"
        in text
    )
    filtered = apply_filters(DATA.pairs, DATA.events, FilterState(outcomes=("cut",)))
    one = descriptions.alt_text("map", filtered, DATA.events, FilterState(outcomes=("cut",)))
    assert "of 1 US tie to Russian cities and regions, 1 was cut." in one
    assert "Filters: outcome: cut." in one


def test_finding_title_follows_the_data():
    assert (
        descriptions.finding_title(PAIRS) == "2 of 6 US ties to Russian places were cut or suspended after the invasion"
    )
    assert descriptions.finding_title(PAIRS.iloc[0:0]) == "No ties match these filters"


@pytest.mark.parametrize(
    "filters, expected",
    [
        (FilterState(outcomes=("cut",)), "timeline_outcome-cut_2026-11-22.png"),
        (FilterState(states=("CA", "OR"), query="San José / <x>"), "timeline_state-ca-or_q-san-jose-x_2026-11-22.png"),
        (FilterState(), "timeline_2026-11-22.png"),
    ],
)
def test_file_names_say_what_is_inside_and_are_safe(filters, expected):
    assert filenames.file_name("timeline", filters, TODAY, "png") == expected


def test_decisions_chart_frames_at_narrow_width():
    figure = decisions_figure(monthly_status_counts(PAIRS, DATA.events, TODAY))
    narrow = framing.framed(figure, "A long finding " * 8, "sub", "2026-11-01", width=640)
    assert narrow.layout.title.text.count("<br>") >= 2  # the title wrapped instead of running off
