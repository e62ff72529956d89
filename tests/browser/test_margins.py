"""Each chart is drawn once. When a chart's labels or legend do not fit its margins, plotly widens
them and draws the whole chart again. The server now sets each margin to the room its labels take
(sistercities.margins), so on a desktop screen plotly widens nothing. At phone size, plotly may
still widen a margin, and every label still lies inside its chart.

Read in Chromium, from plotly's own layout on the app's pages: the margins the figure asks for
(`gd.layout.margin`) against the ones plotly drew with (`gd._fullLayout._size`). The lane count
comes from data/pairs.csv."""

from __future__ import annotations

import csv

import pytest

from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import ROOT

DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
    PAIRS = list(csv.DictReader(handle))

# Every plotly chart on the page, once plotly has laid it out: its name, the margins its figure
# asks for, the ones it was drawn with, and its y tick labels and legend against its picture.
CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd) => {
  const asked = gd.layout.margin, drawn = gd._fullLayout._size;
  const picture = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const inside = (box) => box.left >= picture.left - 1 && box.right <= picture.right + 1
    && box.top >= picture.top - 1 && box.bottom <= picture.bottom + 1;
  const labels = [...gd.querySelectorAll('.ytick text, .y2tick text, g.legend')]
    .map((e) => e.getBoundingClientRect()).filter((box) => box.width > 0);
  // The status words' column title, beside the words and not over them.
  const title = gd.querySelector('.g-y2title text');
  const words = [...gd.querySelectorAll('.y2tick text')].map((e) => e.getBoundingClientRect().right);
  return {
    titleClear: !title || title.getBoundingClientRect().left >= Math.max(...words),
    asked: [asked.l, asked.r, asked.t, asked.b],
    drawn: [drawn.l, drawn.r, drawn.t, drawn.b].map(Math.round),
    width: gd._fullLayout.width,
    lanes: gd.querySelectorAll('.ytick').length,
    labels: labels.length,
    outside: labels.filter((box) => !inside(box)).length,
  };
})"""
DRAWN = "() => [...document.querySelectorAll('.js-plotly-plot')].every((gd) => gd._fullLayout && gd._fullLayout._size)"


def charts(page) -> list[dict]:
    page.wait_for_function(DRAWN)
    return page.evaluate(CHARTS)


def view_buttons(page, label: str):
    """The options of the segmented control labelled `label`, found on the page."""
    group = page.locator('[data-testid="stElementContainer"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)
    )
    return group.locator('[data-testid="stButtonGroup"] button')


@pytest.mark.parametrize("query", ["", "?outcome=cut", "?state=CA"])
def test_the_timeline_charts_are_drawn_with_the_margins_the_server_set(browser, app_server, query):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{app_server.url}/timeline{query}")
    wait_for_app(page)
    drawn = charts(page)
    assert len(drawn) == 3  # the lanes, decisions over time, ties by state
    for chart in drawn:
        assert chart["drawn"] == chart["asked"], chart
        assert chart["outside"] == 0, chart
        assert chart["titleClear"], chart
    if not query:
        assert drawn[0]["lanes"] == len(PAIRS)
    screenshot(page, f"margins-timeline{query.replace('?', '-').replace('=', '-')}")
    context.close()


def test_every_map_view_is_drawn_with_the_margins_the_server_set(browser, app_server):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{app_server.url}/map")
    wait_for_app(page)
    views = view_buttons(page, "View")
    names = [views.nth(i).inner_text().strip() for i in range(views.count())]
    assert len(names) >= 2, names
    for name in names:
        views.filter(has_text=name).first.click()
        wait_for_app(page)
        page.locator(".geo .layer.land path").first.wait_for(state="attached")
        (chart,) = charts(page)
        assert chart["drawn"] == chart["asked"], (name, chart)
        assert chart["outside"] == 0, (name, chart)
        screenshot(page, f"margins-map-{name.lower().replace(' ', '-')}")
    context.close()


@pytest.mark.parametrize("path", ["/timeline", "/map"])
def test_on_a_phone_every_label_stays_inside_its_chart(browser, app_server, path):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{app_server.url}{path}")
    wait_for_app(page)
    for chart in charts(page):
        assert chart["labels"] > 0, chart
        assert chart["outside"] == 0, chart
        assert chart["titleClear"], chart
        # plotly may widen a margin for a narrow screen; it never narrows one the server set
        assert all(d >= a for d, a in zip(chart["drawn"], chart["asked"])), chart
    screenshot(page, f"margins-phone{path.replace('/', '-')}")
    context.close()
