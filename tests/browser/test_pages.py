"""Every page opens in Chromium on the embedded data without an exception box."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app

PAGES = {"overview": "/", "map": "/map", "timeline": "/timeline", "compare": "/compare", "data": "/data"}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_opens_without_exception(page, app_server, name):
    page.goto(app_server.url + PAGES[name])
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stSidebar"]').get_by_text("ties", exact=False).first.is_visible()
    screenshot(page, f"page-{name}")


def test_navigation_carries_filters(page, app_server):
    page.goto(app_server.url + "/?outcome=cut")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] a', has_text="Map").click()
    page.wait_for_url("**/map?outcome=cut")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "outcome=cut" in page.url
    screenshot(page, "nav-map-outcome-cut")
