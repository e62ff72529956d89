"""Exported pictures, rendered for real and measured: title, subtitle, legend and source line each
in their own band, none clipped, at 640 and 1200 px, for every chart. The SVG kaleido makes is
opened in Chromium and each part's box read with getBBox(); the PNGs are kept under
test-artifacts/exports/ for a person to look at."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from sistercities import descriptions, framing, images, record
from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.filters import FilterState, apply_filters
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
  const credit = texts.find(t => t.textContent.startsWith('Source:'));
  const svg = document.querySelector('svg');
  return {
    title: box(document.querySelector('.infolayer .gtitle')),
    legend: box(document.querySelector('.infolayer .legend')),
    credit: box(credit && credit.closest('.annotation-text-g')),
    width: +svg.getAttribute('width'), height: +svg.getAttribute('height'),
  };
}"""


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


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
