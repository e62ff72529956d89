"""Exported pictures, rendered for real and measured: title, subtitle, legend and source line each
in their own band, none clipped, at 640 and 1200 px, for every chart. The SVG kaleido makes is
opened in Chromium and each part's box read with getBBox(); the PNGs are kept under
test-artifacts/exports/ for a person to look at."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from PIL import Image

from sistercities import descriptions, framing, images, record
from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.filters import FilterState, apply_filters
from sistercities.geomap import export_map_figure
from sistercities.loader import load_dataset
from sistercities.timeline import timeline_figure
from tests.conftest import ROOT

# It drives Chromium through Playwright (opens each SVG and measures it): a browser test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(images.chrome_path() is None, reason="image export needs Chromium"),
]
ARTIFACTS = ROOT / "test-artifacts" / "exports"
DATA = load_dataset()  # the embedded data: the long lane labels and legends a reporter really gets
PAIRS = apply_filters(DATA.pairs, DATA.events, FilterState())
SOURCE = record.source_line(DATA.meta, "https://example.org/data")

CHARTS = {
    "timeline": lambda: timeline_figure(PAIRS, DATA.events, DATA.sources),
    "decisions": lambda: decisions_figure(monthly_status_counts(PAIRS, DATA.events, dt.date(2026, 12, 1))),
    "states": lambda: state_figure(state_breakdown(PAIRS)),
    "compare": lambda: timeline_figure(PAIRS.head(3), DATA.events, DATA.sources),
}

MEASURE = """() => {
  const box = (el) => { if (!el) return null; const b = el.getBBox(); const m = el.getCTM();
    return {x: b.x + m.e, y: b.y + m.f, w: b.width, h: b.height}; };
  const texts = [...document.querySelectorAll('.infolayer .annotation text')];
  const credit = texts.find(t => t.textContent.includes('Source:'));
  const svg = document.querySelector('svg');
  return {
    title: box(document.querySelector('.infolayer .gtitle')),
    legend: box(document.querySelector('.infolayer .legend')),
    credit: box(credit && credit.closest('.annotation-text-g')),
    width: +svg.getAttribute('width'), height: +svg.getAttribute('height'),
  };
}"""


@pytest.fixture(scope="module")
def chromium(browser):
    """A page of the session's Chromium (tests/browser/conftest.py), where the exports are measured."""
    page = browser.new_page()
    yield page
    page.close()


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def inside(part: dict, width: float, height: float) -> bool:
    return part["x"] >= 0 and part["y"] >= 0 and part["x"] + part["w"] <= width and part["y"] + part["h"] <= height


@pytest.mark.parametrize("width", [640, 1200])
@pytest.mark.parametrize("chart", list(CHARTS))
def test_title_legend_and_source_line_stand_apart_and_whole(chromium, chart, width):
    title = descriptions.finding_title(PAIRS)
    subtitle = framing.subtitle_for(FilterState(states=("CA", "OR", "WA")), len(PAIRS), len(PAIRS))
    figure = framing.framed(CHARTS[chart](), title, subtitle, DATA.last_updated, DATA.version, width, source=SOURCE)
    svg = images.to_svg(figure, width).decode("utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{chart}_{width}.svg").write_text(svg, encoding="utf-8")
    for scale in (1, 2) if width == 1200 else (1,):
        png = images.to_png(figure, width, scale)
        assert Image.open(io.BytesIO(png)).size[0] == width * scale
        (ARTIFACTS / f"{chart}_{width * scale}.png").write_bytes(png)
    chromium.set_content(svg)
    parts = chromium.evaluate(MEASURE)
    full = (parts["width"], parts["height"])
    assert parts["title"] and parts["credit"], parts
    for name in ("title", "legend", "credit"):
        if parts[name]:
            assert inside(parts[name], *full), (name, parts[name], full)  # not clipped at any edge
    assert not overlap(parts["title"], parts["credit"])
    if parts["legend"]:
        assert not overlap(parts["legend"], parts["credit"]), (parts["legend"], parts["credit"])
        assert not overlap(parts["legend"], parts["title"])
        assert parts["legend"]["y"] + parts["legend"]["h"] <= parts["credit"]["y"]  # legend above the source line
    # No wide empty band under the subtitle: the chart starts within 140 px of the title's foot.
    plot_top = chromium.evaluate(
        "() => document.querySelector('.bglayer rect, .geolayer, .cartesianlayer').getBoundingClientRect().top"
    )
    assert plot_top - (parts["title"]["y"] + parts["title"]["h"]) < 150


# ---------------------------------------------------------------- the map for articles

MAP_VIEWS = ("route", "us", "california", "bay-area")
PLACES = pd.read_csv(ROOT / "data" / "pairs.csv")
# Places that lie in each view's region, read from the data: two per view the map must name.
NAMED_IN = {
    "route": ("Moscow", "Kazan"),
    "us": ("Houston", "Santa Clara County"),
    "california": ("San Jose", "Los Angeles"),
    "bay-area": ("Livermore", "Berkeley"),
}
MEASURE_MAP = """() => {
  const box = (el) => { const b = el.getBBox(); const m = el.getCTM();
    return {x: b.x + m.e, y: b.y + m.f, w: b.width, h: b.height}; };
  return [...document.querySelectorAll('.geolayer .scattergeo text, .geo .scattergeo text')]
    .map(t => ({text: t.textContent, ...box(t)}));
}"""


def test_the_places_named_lie_in_their_view():
    regions = {
        "california": PLACES["us_state"] == "CA",
        "bay-area": PLACES["us_lat"].between(36.8, 38.5) & PLACES["us_lon"].between(-123.2, -121.0),
        "us": PLACES["us_state"].notna(),
    }
    for view, names in NAMED_IN.items():
        for name in names:
            where = regions.get(view, PLACES["us_state"].notna()) & (PLACES["us_place"] == name)
            assert where.any() or (view == "route" and (PLACES["ru_place"] == name).any()), (view, name)


@pytest.mark.parametrize("width", [640, 1200])
@pytest.mark.parametrize("view", MAP_VIEWS)
def test_the_exported_map_is_landscape_names_its_places_and_nothing_overlaps(chromium, view, width):
    figure = framing.framed(
        export_map_figure(PAIRS, view),
        descriptions.finding_title(PAIRS),
        framing.subtitle_for(FilterState(), len(PAIRS), len(PAIRS)),
        DATA.last_updated,
        DATA.version,
        width,
        source=SOURCE,
    )
    svg = images.to_svg(figure, width).decode("utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"map-{view}_{width}.svg").write_text(svg, encoding="utf-8")
    for scale in (1, 2) if width == 1200 else (1,):
        png = images.to_png(figure, width, scale)
        image = Image.open(io.BytesIO(png))
        (ARTIFACTS / f"map-{view}_{width * scale}.png").write_bytes(png)
        w, h = image.size
        assert w == width * scale and (w > h if width == 1200 else w >= h), (view, width, image.size)
    chromium.set_content(svg)
    parts = chromium.evaluate(MEASURE)
    labels = [lab for lab in chromium.evaluate(MEASURE_MAP) if lab["text"].strip()]
    texts = {lab["text"] for lab in labels}
    # At 1200 px both; at 640 px, where a crowded place may give way to a stronger neighbour, one.
    assert len(set(NAMED_IN[view]) & texts) >= (2 if width == 1200 else 1), (view, sorted(texts))
    assert len(texts) == len(labels) <= 25  # one name a place, a sensible number of them
    full = (parts["width"], parts["height"])
    bands = [parts[name] for name in ("title", "legend", "credit") if parts[name]]
    for i, a in enumerate(labels + bands):
        assert inside(a, *full), a
        for b in (labels + bands)[i + 1 :]:
            assert not overlap(a, b), (a, b)
    assert parts["legend"]["y"] + parts["legend"]["h"] + 4 <= parts["credit"]["y"]  # a gap, not touching


def test_the_california_export_draws_land_offline():
    figure = framing.framed(export_map_figure(PAIRS, "california"), "t", "s", "2026-11-01", width=640)
    colours = Image.open(io.BytesIO(images.to_png(figure, 640))).convert("RGB").getcolors(maxcolors=1_000_000)
    land = sum(n for n, c in colours if c == (236, 236, 232))  # #ECECE8
    assert land > 0.1 * 640 * figure.layout.height
