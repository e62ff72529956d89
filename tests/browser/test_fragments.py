"""Controls that change one part of a page rerun and resend that part alone (st.fragment), in
Chromium at desktop and phone size. What the server sends is read off the page's websocket, as
the browser receives it; a full rerun is measured in the same test, so the check can tell the two
apart. The link, the share box and the sidebar's embed code still name the view after each click.
Lane and place names come from data/pairs.csv."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import ROOT

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
    PAIRS = list(csv.DictReader(handle))
# An ASCII place name (as the browser receives it, JSON may escape others) that the timeline's lanes
# and the map's labels write.
US_PLACE = next(row["us_place"] for row in PAIRS if row["us_place"].isascii() and row["us_state"] == "CA")


class Received:
    """Everything the server sends the page over its websocket, from the moment of `mark()`."""

    def __init__(self, page):
        self.frames: list[bytes] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.frames.append(payload.encode() if isinstance(payload, str) else payload)

    def mark(self) -> None:
        self.frames.clear()

    def text(self) -> str:
        return b"".join(self.frames).decode("utf-8", errors="replace")


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    context = browser.new_context(**SIZES[request.param])
    page = context.new_page()
    received = Received(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, request.param, received, errors
    context.close()


def click_and_wait(page, control, url_part: str) -> None:
    control.click()
    page.wait_for_url(f"**{url_part}**")
    wait_for_app(page)


def shared_link(page) -> str:
    return page.locator('[class*="st-key-share-view"]').get_by_role("textbox").input_value().strip()


def test_reordering_the_lanes_resends_the_lanes_and_not_the_charts_below(sized, app_server):
    page, size, received, errors = sized
    page.goto(f"{app_server.url}/timeline")
    wait_for_app(page)
    below = ("Decisions over time", "The data behind these charts")

    received.mark()
    click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button', has_text="State"), "sort=state")
    reorder = received.text()
    # The lanes came again (with their names), and the share box with the new link ...
    assert US_PLACE in reorder and "sort=state" in reorder
    # ... and nothing below them did.
    assert not [text for text in below if text in reorder]

    received.mark()
    click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button', has_text="24 Feb"), "period=first-weeks")
    full = received.text()
    # The period sets the charts below too: the whole page came again, and it weighs more.
    assert all(text in full for text in below)
    assert len(reorder) < len(full)

    assert parse_qs(urlsplit(page.url).query) == {"sort": ["state"], "period": ["first-weeks"]}
    assert parse_qs(urlsplit(shared_link(page)).query) == parse_qs(urlsplit(page.url).query)
    assert not errors, errors
    screenshot(page, f"timeline-reordered-{size}")


def test_a_map_view_resends_the_map_and_not_the_table(sized, app_server):
    page, size, received, errors = sized
    page.goto(f"{app_server.url}/map")
    wait_for_app(page)
    page.locator(".geo .layer.land path").first.wait_for(state="attached")

    received.mark()
    click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button', has_text="California"), "view=california")
    view = received.text()
    assert US_PLACE in view and "view=california" in view
    assert "The ties shown" not in view

    # The kind of map is no part of the link: choosing it redraws the map's part alone too.
    received.mark()
    page.locator('[data-testid="stButtonGroup"] button', has_text="Zoomable map").click()
    page.get_by_text("If this map stays blank").wait_for()
    wait_for_app(page)
    assert "The ties shown" not in received.text()
    assert parse_qs(urlsplit(shared_link(page)).query) == {"view": ["california"]}
    assert not errors, errors
    screenshot(page, f"map-view-fragment-{size}")


def test_the_embed_code_follows_a_view_chosen_in_a_fragment(page, app_server):
    page.goto(f"{app_server.url}/timeline?outcome=cut")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stExpander"] summary', has_text="Embed this view").click()

    def embedded_query() -> dict:
        code = sidebar.locator('[data-testid="stCode"]').first.text_content()
        src = re.search(r'src="([^"]+)"', code).group(1).replace("&amp;", "&")
        return parse_qs(urlsplit(src).query)

    sidebar.locator('[data-testid="stCode"]').first.wait_for()
    assert embedded_query() == {"outcome": ["cut"], "embed": ["true"]}
    click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button', has_text="State"), "sort=state")
    page.wait_for_function(
        '() => (document.querySelector(\'[data-testid="stSidebar"] [data-testid="stCode"]\') || {}).textContent'
        "?.includes('sort=state')"
    )
    assert embedded_query() == {"outcome": ["cut"], "sort": ["state"], "embed": ["true"]}


def test_opening_an_export_panel_resends_the_panel_alone(sized, app_server):
    page, size, received, errors = sized
    page.goto(f"{app_server.url}/timeline")
    wait_for_app(page)
    received.mark()
    page.locator('[data-testid="stExpander"] summary', has_text="Export decisions over time").click()
    panel = page.locator('[data-testid="stExpander"]', has_text="Export decisions over time")
    panel.get_by_role("button", name="Download SVG").wait_for()
    wait_for_app(page)
    opened = received.text()
    assert "Download SVG" in opened
    # Not the lanes above it, nor the other charts' parts.
    assert US_PLACE not in opened and "By state" not in opened
    assert not errors, errors


def test_the_citation_and_the_report_form_resend_themselves_alone(sized, app_server):
    page, size, received, errors = sized
    # A tie whose summary begins in plain words (no markdown to render differently from the file).
    tie = next(row for row in PAIRS if re.fullmatch(r"[A-Za-z0-9 ,.;:'()-]{40}", row["summary"][:40]))
    page.goto(f"{app_server.url}/data?pair={tie['pair_id']}")
    wait_for_app(page)
    # What the rest of the page says: the methodology's heading and the tie's own summary.
    elsewhere = ("Methodology", tie["summary"][:40])
    assert all(text in page.locator('[data-testid="stMain"]').inner_text() for text in elsewhere)

    received.mark()
    page.locator('[data-testid="stExpander"] summary', has_text="Cite this dataset").click()
    page.get_by_text("Copy citation").last.wait_for()
    wait_for_app(page)
    assert "Copy citation" in received.text()
    assert not [text for text in elsewhere if text in received.text()]

    received.mark()
    page.locator('[data-testid="stExpander"] summary', has_text="Report an error").click()
    page.get_by_role("button", name="Send the report").click()  # nothing written: the form says what is missing
    page.get_by_text("Say what is wrong.").wait_for()
    wait_for_app(page)
    assert "Say what is wrong." in received.text()
    assert not [text for text in elsewhere if text in received.text()]
    assert not errors, errors
