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


def test_decision_dates_typed_in_the_sidebar_filter_the_ties_and_the_link(page, app_server):
    import datetime as dt

    from sistercities.filters import FilterState, apply_filters
    from sistercities.loader import load_dataset

    page.goto(app_server.url + "/")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    for label, typed, param in (
        ("Decided from", ("2022", "03", "01"), "from=2022-03-01"),
        ("Decided to", ("2022", "03", "31"), "to=2022-03-31"),
    ):
        field = sidebar.locator('[data-testid="stDateInput"]', has_text=label)
        field.locator('[role="spinbutton"]').first.click()
        for part in typed:
            page.keyboard.type(part)
        page.locator("h1").first.click()  # the field takes its date when it loses focus
        # Until the rerun it starts has written the date into the link: waiting for the app alone
        # could return before that rerun began (seen on a busy machine).
        page.wait_for_url(f"**{param}**")
        wait_for_app(page)
    assert "from=2022-03-01" in page.url and "to=2022-03-31" in page.url
    data = load_dataset()
    expected = len(
        apply_filters(data.pairs, data.events, FilterState(date_from=dt.date(2022, 3, 1), date_to=dt.date(2022, 3, 31)))
    )
    assert 0 < expected < len(data.pairs)
    assert f"{expected} of {len(data.pairs)} ties" in sidebar.inner_text()
    # Each field shows its whole date: none is cut short by the sidebar's width.
    for scroller in sidebar.locator('[data-testid="stDateInputFieldsScroller"]').all():
        assert scroller.evaluate("element => element.scrollWidth <= element.clientWidth + 1"), scroller.inner_text()
    screenshot(page, "overview-dates-march-2022")


def test_decided_by_filter_in_the_sidebar_filters_the_ties_and_writes_the_link(page, app_server):
    from tests.conftest import ROOT, fixture_rows

    pairs = fixture_rows("pairs.csv", ROOT / "data")
    by_association = [p for p in pairs if p["actor"] == "association"]
    page.goto(app_server.url + "/")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]', has_text="Decided by").click()
    page.get_by_role("option", name="Volunteer association").click()
    page.locator("h1").first.click()
    wait_for_app(page)
    page.wait_for_url("**/?actor=association")
    assert f"{len(by_association)} of {len(pairs)} ties" in sidebar.inner_text()
    # The link alone reproduces the view on another page.
    page.goto(app_server.url + "/data?actor=association")
    wait_for_app(page)
    assert f"{len(by_association)} of {len(pairs)} ties" in page.locator('[data-testid="stSidebar"]').inner_text()
    screenshot(page, "data-decided-by-association")


def test_overview_tells_no_action_apart_from_unknown(page, app_server):
    from tests.conftest import ROOT, fixture_rows

    pairs = fixture_rows("pairs.csv", ROOT / "data")
    page.goto(app_server.url + "/")
    wait_for_app(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    no_action = sum(p["outcome"] == "no_action" for p in pairs)
    unknown = sum(p["outcome"] == "unknown" for p in pairs)
    assert f"{no_action} were left standing with no action" in text
    assert f"for {unknown} nothing was found since the invasion" in text
    assert "No action (tie left standing)" in text and "Unknown (nothing found)" in text
    screenshot(page, "overview-no-action-and-unknown")
