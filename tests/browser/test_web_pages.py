"""The plain web pages (streamlit run app.py) in Chromium: axe-core's WCAG rules on a tie page at
desktop and phone width, and the page with JavaScript off at 390 px, read and photographed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.test_readers import PHONE, WCAG_TAGS

SAN_JOSE = "san-jose-ca_yekaterinburg"
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("path", [f"/ties/{SAN_JOSE}/", "/ties/", "/ties/no-such-tie/"])
def test_axe_finds_no_serious_or_critical_violation_on_the_web_pages(browser, site_server, path, size):
    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    page = context.new_page()
    try:
        page.goto(site_server.url + path)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        screenshot(page, f"web-{path.strip('/').replace('/', '-')}-{size}")
        assert serious == [], [(v["id"], v["nodes"][0]["html"]) for v in serious]
    finally:
        context.close()


def test_a_tie_page_reads_whole_on_a_phone_with_javascript_off(browser, site_server):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_server.url}/ties/{SAN_JOSE}/")
        assert page.locator("h1").inner_text() == "San Jose, CA – Yekaterinburg"
        assert "Kept, with a letter on 8 March 2022" in page.locator(".headline").inner_text()
        assert page.locator("ol.sources li").count() > 3
        # Nothing runs off the side of the phone: the picture, the facts and the sources fit.
        for selector in ("figure.strip svg", "dl.facts", "ol.sources", "p.citation"):
            box = page.locator(selector).first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
        path = screenshot(page, "web-tie-phone-no-javascript")
        assert path.parent == SCREENSHOTS and path.stat().st_size > 10_000
    finally:
        context.close()
