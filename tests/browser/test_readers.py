"""Readers first, in Chromium: a phone, a browser without WebGL, axe-core's WCAG rules, a link to
one tie, the invasion's first weeks and the keyboard. Facts come from data/, not from the code."""

from __future__ import annotations

import csv
import json
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, choose_table_row, screenshot, wait_for_app
from tests.conftest import ROOT

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PAGES = {"overview": "/", "map": "/map", "timeline": "/timeline", "compare": "/compare", "data": "/data"}
# The WCAG 2.0-2.2 A and AA rules, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def data_rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "data" / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


PAIRS = data_rows("pairs.csv")
SAN_JOSE = "san-jose-ca_yekaterinburg"


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_opens_every_page_with_the_sidebar_closed_and_the_filters_one_tap_away(phone, app_server, name):
    phone.goto(app_server.url + PAGES[name])
    wait_for_app(phone)
    sidebar = phone.locator('[data-testid="stSidebar"]')
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off the screen, not over the page
    # Nothing runs off the side of the phone: wide charts scroll inside their own box.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert phone.locator("h1").first.bounding_box()["y"] < 844
    screenshot(phone, f"phone-{name}")
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    outcome = sidebar.get_by_text("Outcome", exact=True)
    outcome.wait_for(state="visible")
    # It slides in: wait until it is on the screen.
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().x >= 0"
    )
    screenshot(phone, f"phone-{name}-filters")


def test_phone_map_is_on_the_first_screen_with_every_tie(phone, app_server):
    phone.goto(app_server.url + "/map")
    wait_for_app(phone)
    chart = phone.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".scattergeo path.point").first.wait_for(state="attached")
    box = chart.bounding_box()
    assert box["y"] + box["height"] / 2 < 844  # most of the map is on the first screen, unscrolled
    # A point at each end of every tie in data/.
    assert chart.locator(".scattergeo path.point").count() == 2 * len(PAIRS)


@pytest.fixture
def no_webgl_page(playwright):
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-webgl", "--disable-3d-apis"], headless=True
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield page
    browser.close()


def test_a_browser_without_webgl_still_sees_every_tie_on_the_map(no_webgl_page, app_server):
    page = no_webgl_page
    page.goto(app_server.url + "/map")
    wait_for_app(page)
    assert page.evaluate(
        "() => !document.createElement('canvas').getContext('webgl') && !document.createElement('canvas').getContext('webgl2')"
    ), "this browser was meant to have no WebGL"
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".scattergeo path.point").first.wait_for(state="attached")
    assert chart.locator(".scattergeo path.point").count() == 2 * len(PAIRS)
    # The legend counts each outcome as data/pairs.csv does.
    expected = {}
    labels = {
        "cut": "Cut",
        "suspended": "Suspended",
        "letter": "Kept, with a letter",
        "kept": "Kept",
        "under_review": "Under review",
        "no_action": "No action (tie left standing)",
        "unknown": "Unknown (nothing found)",
    }
    for row in PAIRS:
        expected[labels[row["outcome"]]] = expected.get(labels[row["outcome"]], 0) + 1
    legend = [t.text_content() for t in chart.locator(".legend .legendtext").all()]
    assert sorted(legend) == sorted(f"{label} ({count})" for label, count in expected.items())
    # The map's text alternative is on the page.
    assert page.get_by_text("Chart description: Map of great-circle lines").count() == 1
    screenshot(page, "map-without-webgl")


def axe_violations(page) -> list[dict]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


AXE_VIEWS = {
    **PAGES,
    "tie-record": f"/data?pair={SAN_JOSE}",
    "compare-two": f"/compare?pair={SAN_JOSE},santa-clara-county-ca_moscow",
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(AXE_VIEWS))
def test_axe_finds_no_serious_or_critical_wcag_violation(browser, app_server, name, size):
    context = browser.new_context(**(PHONE if size == "phone" else {"viewport": {"width": 1400, "height": 1000}}))
    page = context.new_page()
    try:
        page.goto(app_server.url + AXE_VIEWS[name])
        wait_for_app(page)
        page.locator('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], h1').first.wait_for()
        violations = axe_violations(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS.parent / f"axe-{name}-{size}.json").write_text(json.dumps(violations, indent=1))
        summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
        assert violations == [], summary
    finally:
        context.close()


def test_a_link_to_one_tie_opens_its_record_sources_and_citation(page, app_server):
    page.goto(app_server.url + f"/data?pair={SAN_JOSE}")
    wait_for_app(page)
    record = page.locator(f".st-key-detail-{SAN_JOSE}")
    record.wait_for()
    text = record.inner_text()
    pair = next(row for row in PAIRS if row["pair_id"] == SAN_JOSE)
    assert f"{pair['us_place']}, {pair['us_state']} – {pair['ru_place']}, Russia" in text
    # Every source data/sources.csv gives this tie is listed with its publisher.
    publishers = {row["publisher"] for row in data_rows("sources.csv") if row["pair_id"] == SAN_JOSE}
    assert publishers and all(publisher in text for publisher in publishers)
    # The record's own link and the citation name this tie alone.
    href = record.get_by_role("link", name="Link to this tie's record").get_attribute("href")
    assert urlsplit(href).path == "/data" and parse_qs(urlsplit(href).query) == {"pair": [SAN_JOSE]}
    citation = page.locator('[data-testid="stCode"]').filter(has_text=pair["us_place"]).first.inner_text()
    assert f"/data?pair={SAN_JOSE}" in citation
    assert page.get_by_text("Report an error in").count() == 1
    screenshot(page, "data-tie-record-san-jose")


def test_choosing_a_tie_on_the_map_writes_it_into_the_link(page, app_server):
    page.goto(app_server.url + "/map?state=CA&q=livermore")
    wait_for_app(page)
    point = page.locator('[data-testid="stPlotlyChart"] .scattergeo path.point').first
    point.wait_for(state="attached")
    point.click(force=True)  # plotly listens on the whole map; the point is a 7 px target inside it
    page.wait_for_url("**pair=livermore-ca_snezhinsk**")
    wait_for_app(page)
    assert page.locator(".st-key-detail-livermore-ca_snezhinsk").count() == 1
    screenshot(page, "map-chosen-livermore")


def test_choosing_a_row_on_the_data_page_writes_it_into_the_link(page, app_server):
    page.goto(app_server.url + "/data?q=snezhinsk")
    wait_for_app(page)
    choose_table_row(page, 0)
    page.wait_for_url("**pair=livermore-ca_snezhinsk**")
    wait_for_app(page)
    assert page.locator(".st-key-detail-livermore-ca_snezhinsk").count() == 1


def test_the_first_weeks_period_spreads_out_the_invasions_first_decisions(page, app_server):
    page.goto(app_server.url + "/timeline")
    wait_for_app(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="24 Feb – 30 Apr 2022").click()
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".xtick text", has_text="3 Mar").wait_for(state="attached")  # redrawn by the week
    wait_for_app(page)
    ticks = [t.text_content() for t in chart.locator(".xtick text").all()]
    weekly = [f"{day.day} {day:%b}" for day in pd.date_range("2022-02-24", "2022-04-30", freq="7D")]
    assert ticks == weekly
    screenshot(page, "timeline-first-weeks")


def test_the_map_kind_is_chosen_with_the_keyboard_alone(page, app_server):
    page.goto(app_server.url + "/map")
    wait_for_app(page)

    def focused() -> str:
        return page.evaluate("() => document.activeElement.tagName + ' ' + document.activeElement.innerText.trim()")

    # A segmented control is one tab stop (its chosen button); the arrow keys move within it.
    for _ in range(120):
        page.keyboard.press("Tab")
        if focused() == "BUTTON Map":
            break
    else:
        pytest.fail("Tab never reached the map choice")
    page.keyboard.press("ArrowRight")
    assert focused() == "BUTTON Zoomable map (needs WebGL)"
    page.keyboard.press("Enter")
    page.locator('[data-testid="stDeckGlJsonChart"]').wait_for()
    wait_for_app(page)


def test_each_timeline_lane_says_its_status_in_words_not_only_in_colour(page, app_server):
    page.goto(app_server.url + "/timeline")
    wait_for_app(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="Feb 2022 – today").click()
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    # Redrawn to today once its axis reaches the year the data was last updated.
    year = json.loads((ROOT / "data" / "datapackage.json").read_text())["last_updated"][:4]
    chart.locator(".xtick text", has_text=year).first.wait_for(state="attached")
    wait_for_app(page)
    # The words on the right-hand axis: today, each lane's is its recorded outcome in data/pairs.csv.
    words = [t.text_content() for t in chart.locator(".y2tick text").all()]
    short = {
        "cut": "Cut",
        "suspended": "Suspended",
        "letter": "Kept, with a letter",
        "kept": "Kept",
        "under_review": "Under review",
        # The words for a tie standing with no decision, on any day.
        "no_action": "No decision yet, tie standing",
        "unknown": "Unknown",
    }
    assert sorted(words) == sorted(short[row["outcome"]] for row in PAIRS)


@pytest.fixture(scope="module")
def sub_path_server():
    from tests.browser.conftest import AppServer

    server = AppServer(base_path="sister-cities")
    yield server
    server.stop()


def test_links_citations_and_embeds_keep_the_base_path(page, sub_path_server):
    # Served under --server.baseUrlPath, as behind a proxy's sub-path: every link the app hands out
    # must carry /sister-cities/, or it points nowhere.
    page.goto(sub_path_server.url + f"/data?pair={SAN_JOSE}")
    wait_for_app(page)
    record = page.locator(f".st-key-detail-{SAN_JOSE}")
    record.wait_for()
    href = record.get_by_role("link", name="Link to this tie's record").get_attribute("href")
    assert urlsplit(href).path == "/sister-cities/data" and parse_qs(urlsplit(href).query) == {"pair": [SAN_JOSE]}
    citation = page.locator('[data-testid="stCode"]').first.inner_text()
    assert f"{sub_path_server.url}/data?pair={SAN_JOSE}" in citation
    # The navigation and the embed code too.
    nav = page.locator('[data-testid="stSidebar"] a', has_text="Map").first.evaluate("a => a.href")  # as resolved
    assert urlsplit(nav).path.startswith("/sister-cities/")
    page.locator('[data-testid="stSidebar"] summary', has_text="Embed this view").click()
    snippet = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first
    snippet.wait_for()
    src = re.search(r'src="([^"]+)"', snippet.inner_text()).group(1)
    assert urlsplit(src).path == "/sister-cities/data" and "embed=true" in src
    page.goto(src.replace("&amp;", "&"))
    wait_for_app(page)
    assert page.locator(f".st-key-detail-{SAN_JOSE}").count() == 1  # the embed opens that tie
