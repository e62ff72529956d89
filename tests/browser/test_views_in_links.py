"""The views a story about California needs, opened from their links in Chromium at desktop and
phone size: the map's California and Bay Area views draw land, coasts and the ties' places;
the timeline under an as-of day marks that day; a view chosen by a click is in the link, and the
link alone reopens it. Facts come from data/ and the contract's parameter values."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import ROOT

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
    PAIRS = list(csv.DictReader(handle))


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    context = browser.new_context(**SIZES[request.param])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, request.param, errors
    context.close()


def geo_drawn(page) -> dict[str, int]:
    """What the SVG map drew: its land, coastlines and place markers."""
    return page.evaluate(
        """() => ({
            land: document.querySelectorAll('.geo .layer.land path').length,
            coast: document.querySelectorAll('.geo .layer.coastlines path').length,
            places: document.querySelectorAll('.scattergeo .point').length,
        })"""
    )


@pytest.mark.parametrize("view", ["california", "bay-area"])
def test_the_california_views_draw_land_state_lines_and_places(sized, app_server, view):
    page, size, errors = sized
    page.goto(f"{app_server.url}/map?view={view}")
    wait_for_app(page)
    page.locator(".geo .layer.land path").first.wait_for(state="attached")
    drawn = geo_drawn(page)
    assert drawn["land"] > 0 and drawn["coast"] > 0
    # A point at each end of every tie, as in data/pairs.csv (the view shows its part of them).
    assert drawn["places"] == 2 * len(PAIRS)
    assert not page.get_by_text("This app has encountered an error").count()
    assert not errors, errors
    chosen = page.locator('[data-testid="stButtonGroup"] button[aria-checked="true"]').first.inner_text()
    assert chosen == {"california": "California", "bay-area": "Bay Area"}[view]
    screenshot(page, f"map-{view}-{size}")


def test_a_clicked_view_goes_into_the_link_and_the_link_reopens_it(sized, app_server):
    page, size, errors = sized
    page.goto(f"{app_server.url}/timeline")
    wait_for_app(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="24 Feb").click()
    page.wait_for_url("**period=first-weeks**")
    wait_for_app(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="State").click()
    page.wait_for_url("**sort=state**")
    wait_for_app(page)
    link = page.url
    assert parse_qs(urlsplit(link).query) == {"period": ["first-weeks"], "sort": ["state"]}
    # The share box says the same address.
    shared = page.locator('[class*="st-key-share-view"]').get_by_role("textbox").input_value().strip()
    assert parse_qs(urlsplit(shared).query) == parse_qs(urlsplit(link).query)
    again = page.context.new_page()
    again.goto(link)
    wait_for_app(again)
    # Dates on the axis are the first weeks' days ("3 Mar"), not years.
    ticks = again.locator(".xtick text").all_text_contents()
    assert any(t.endswith("Mar") for t in ticks), ticks
    assert not errors, errors
    again.close()


def test_the_timeline_under_an_asof_day_marks_that_day(sized, app_server):
    page, size, errors = sized
    page.goto(f"{app_server.url}/timeline?asof=2022-06-01")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for()
    text = chart.inner_text() + " ".join(chart.locator("text").all_text_contents())
    assert "1 June 2022" in text
    description = page.get_by_text("Chart description:").first.inner_text()
    assert "1 June 2022" in description and "October 2025" not in description
    assert not errors, errors
    screenshot(page, f"timeline-asof-2022-06-01-{size}")


@pytest.mark.parametrize(
    "path", ["/map?view=california", "/timeline?period=all", "/data?pair=san-jose-ca_yekaterinburg"]
)
def test_the_shared_link_copies_in_one_click_without_pointing_at_it_first(sized, app_server, path):
    page, size, errors = sized
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(app_server.url + path)
    wait_for_app(page)
    box = page.locator('[class*="st-key-share-view"]')
    copy = box.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()  # no hover, no tap on the box first (waits out a rerun still drawing)
    copy.click()
    expect(box.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()").strip() == page.url
    # The whole link is in view, wrapped on a phone: nothing hides past the field's edges.
    field = box.get_by_role("textbox")
    hidden = field.evaluate("f => [f.scrollWidth - f.clientWidth, f.scrollHeight - f.clientHeight]")
    assert hidden[0] <= 0 and hidden[1] <= 0, hidden
    screenshot(page, f"share-link-{size}-{path.strip('/').split('?')[0]}")
