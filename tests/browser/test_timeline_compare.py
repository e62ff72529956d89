"""Timeline and compare pages in Chromium: filters, order, selection, screenshots."""

from __future__ import annotations

from tests.browser.conftest import screenshot, wait_for_app


def lane_labels(page) -> list[str]:
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".ytick text").first.wait_for()
    return [t.text_content() for t in chart.locator(".yaxislayer-above .ytick text").all()]


def test_timeline_state_filter_shows_only_california_lanes(page, app_server):
    page.goto(app_server.url + "/timeline?state=CA")
    wait_for_app(page)
    labels = lane_labels(page)
    assert labels and all(", CA – " in label for label in labels)
    assert any(label.startswith("San Jose, CA") for label in labels)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "timeline-state-CA")


def test_timeline_all_ties(page, app_server):
    page.goto(app_server.url + "/timeline")
    wait_for_app(page)
    labels = lane_labels(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert f"{len(labels)} of {len(labels)} ties" in sidebar
    screenshot(page, "timeline-all")


def test_clicking_a_lane_shows_the_detail(page, app_server):
    page.goto(app_server.url + "/timeline?state=CA&q=livermore")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    bar = chart.locator(".barlayer .point path").last
    bar.wait_for()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    detail = page.locator('[class*="st-key-detail-"]')
    detail.wait_for(timeout=20_000)
    assert "Livermore, CA – Snezhinsk, Russia" in detail.inner_text()
    screenshot(page, "timeline-detail-livermore")


def test_compare_shows_the_linked_pairs_in_link_order(page, app_server):
    chosen = ["san-jose-ca_yekaterinburg", "santa-clara-county-ca_moscow", "livermore-ca_snezhinsk"]
    page.goto(app_server.url + "/compare?pair=" + ",".join(chosen))
    wait_for_app(page)
    columns = page.locator('[class*="st-key-compare-"]')
    assert columns.count() == 3
    headings = [columns.nth(i).locator("h4").inner_text() for i in range(3)]
    assert headings == ["San Jose, CA – Yekaterinburg", "Santa Clara County, CA – Moscow", "Livermore, CA – Snezhinsk"]
    assert "Kept, with a letter" in columns.nth(0).inner_text() and "Cut" in columns.nth(1).inner_text()
    assert columns.nth(0).locator("a[href^='http']").count() >= 1
    screenshot(page, "compare-linked")


def test_compare_default_is_the_bay_area_and_san_diego(page, app_server):
    page.goto(app_server.url + "/compare")
    wait_for_app(page)
    headings = [h.inner_text() for h in page.locator('[class*="st-key-compare-"] h4').all()]
    assert headings == [
        "Santa Clara County, CA – Moscow",
        "Livermore, CA – Snezhinsk",
        "San Jose, CA – Yekaterinburg",
        "San Diego, CA – Vladivostok",
    ]
    assert "pair=" not in page.url  # the default keeps the link clean
    screenshot(page, "compare-default")
