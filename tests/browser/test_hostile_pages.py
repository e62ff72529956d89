"""Hostile input in Chromium: markup and script from the data and the URL are shown as text and
never run, on every page, in embeds and in the exported HTML."""

from __future__ import annotations

import pytest

from tests.browser.conftest import HOSTILE_PLACE, no_script_ran, screenshot, wait_for_app

INJECTED = (
    '[data-testid="stMain"] img[src="x"], [data-testid="stMain"] iframe, [data-testid="stSidebar"] img[src="x"], '
    'svg[onload], [onerror], [onmouseover], a[href^="javascript"]'
)
PAGES = {
    "overview": "/",
    "map": "/map",
    "timeline": "/timeline",
    "compare": "/compare?pair=alpha-ca_ekaterinburg,beta-county-ca_moscow",
    "data": "/data?pair=alpha-ca_ekaterinburg",
    "map-embed": "/map?embed=true",
}


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_data_is_text_on_every_page(page, hostile_server, name):
    dialogs = watch_dialogs(page)
    page.goto(hostile_server.url + PAGES[name])
    wait_for_app(page)
    if name != "overview":  # every other page draws a chart: wait until its labels are drawn
        page.locator(
            '[data-testid="stPlotlyChart"] .main-svg text, [data-testid="stDataFrame"] [role="gridcell"]'
        ).first.wait_for(state="attached")
    screenshot(page, f"hostile-{name}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(INJECTED).count() == 0
    if name in ("timeline", "compare", "data"):
        # The hostile name is on the page as literal characters (in chart labels or the detail).
        assert HOSTILE_PLACE in page.locator('[data-testid="stMain"]').text_content()
    assert no_script_ran(page) and not dialogs


def test_exported_html_of_hostile_data_runs_no_script(page, hostile_server, tmp_path):
    page.goto(hostile_server.url + "/timeline")
    wait_for_app(page)
    page.locator('[data-testid="stExpander"] summary', has_text="Export").first.click()
    # Opening the panel reruns the page: a click on a button of the run before is lost with it.
    wait_for_app(page)
    button = page.locator('[data-testid="stDownloadButton"] button', has_text="Download HTML").first
    button.wait_for(state="visible")
    # The page inlines plotly.js (4.6 MB): on a loaded 2-core machine it can take over a minute.
    with page.expect_download(timeout=180_000) as arrival:
        button.click()
    exported = tmp_path / "timeline.html"
    arrival.value.save_as(exported)
    dialogs = watch_dialogs(page)
    page.goto(exported.as_uri())
    page.wait_for_selector(".main-svg .ytick text", state="attached", timeout=30_000)  # the lanes' labels
    screenshot(page, "hostile-exported-html")
    assert HOSTILE_PLACE in page.locator("body").text_content()
    assert page.locator(INJECTED).count() == 0
    assert no_script_ran(page) and not dialogs


def test_hostile_link_parameters_give_notices_and_the_default_view(page, app_server):
    dialogs = watch_dialogs(page)
    page.goto(app_server.url + "/map")
    wait_for_app(page)
    default_count = page.locator('[data-testid="stSidebar"]').get_by_text(" ties").first.inner_text()
    hostile = (
        "/map?outcome=%3Cscript%3Ewindow.__xss%3D1%3C/script%3E&state=ZZ&from=2022-13-45"
        "&asof=%27%3B--&q=" + "x" * 5000 + "&%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D2%3E=1"
        "&level=javascript:window.__xss=3"
    )
    page.goto(app_server.url + hostile)
    wait_for_app(page)
    screenshot(page, "hostile-link-parameters")
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    text = " ".join(notices)
    assert "Ignored" in text and "<script>window.__xss=1</script>" in text  # shown as text
    assert page.locator('[data-testid="stSidebar"]').get_by_text(" ties").first.inner_text() == default_count
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(INJECTED).count() == 0
    assert no_script_ran(page) and not dialogs
