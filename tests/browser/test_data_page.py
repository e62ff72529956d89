"""The data page in Chromium: filtered table and sources, embed round trip, a stored correction."""

from __future__ import annotations

import re

import pandas as pd
import sqlalchemy as sa

from sistercities.settings import DEFAULT_DATA_DIR
from tests.browser.conftest import CORRECTIONS_DB, choose_table_row, screenshot, table_rows, wait_for_app

SOURCES = pd.read_csv(DEFAULT_DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)


def table_column(page, name: str) -> list[str]:
    rows = table_rows(page)
    # Header cells arrive with the grid's own script, after the first row: wait for the one named.
    rows.nth(0).locator('[role="columnheader"]', has_text=name).first.wait_for(state="attached")
    headers = [h.text_content().strip() for h in rows.nth(0).locator('[role="columnheader"]').all()]
    column = headers.index(name)
    values = []
    for row in rows.all()[1:]:
        cells = row.locator('[role="gridcell"]')
        if cells.count() > column:  # the grid's accessible table may carry empty spacer rows
            values.append(cells.nth(column).text_content())
    return values


def test_data_page_lists_only_cut_ties_with_their_source_links(page, app_server):
    page.goto(app_server.url + "/data?outcome=cut")
    wait_for_app(page)
    outcomes = table_column(page, "Outcome")
    assert outcomes and set(outcomes) == {"Cut"}
    choose_table_row(page, 0)
    detail = page.locator('[class*="st-key-detail-"]')
    detail.wait_for()
    pair_id = detail.get_attribute("class").split("st-key-detail-")[1].split()[0]
    hrefs = {a.get_attribute("href") for a in detail.locator("a").all()}
    cited = set(SOURCES.loc[SOURCES["pair_id"] == pair_id, "url"])
    assert cited and cited <= hrefs  # every cited source is a link, to the address on record
    assert all(re.match(r"^https?://", h) for h in hrefs)
    assert page.get_by_text("Copy citation").first.is_visible()
    screenshot(page, "data-outcome-cut-detail")


def test_embed_snippet_opens_the_same_filtered_view(page, app_server, context):
    page.goto(app_server.url + "/data?outcome=cut&state=CA,MD")
    wait_for_app(page)
    original = table_column(page, "US place")
    page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary', has_text="Embed this view").click()
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.text_content()
    src = re.search(r'src="([^"]+)"', code).group(1).replace("&amp;", "&")
    assert "embed=true" in src and "outcome=cut" in src
    fresh = context.browser.new_context().new_page()
    fresh.goto(src)
    wait_for_app(fresh)
    assert table_column(fresh, "US place") == original
    assert "Open the full dashboard" in fresh.locator('[data-testid="stMain"]').inner_text()
    screenshot(fresh, "data-embedded")


def test_a_correction_submitted_in_the_browser_is_stored(page, app_server):
    page.goto(app_server.url + "/data?q=livermore")
    wait_for_app(page)
    choose_table_row(page, 0)
    page.locator('[data-testid="stExpander"] summary', has_text="Report an error").click()
    page.get_by_label("What is wrong?").fill("The letter was sent on 15 March 2022 <b>not</b> 14 March.")
    page.get_by_label("A source that shows the correct fact (web address)").fill("https://example.org/minutes")
    page.get_by_role("button", name="Send the report").click()
    wait_for_app(page)
    assert "HTML tags are not accepted" in page.locator('[data-testid="stAlert"]').first.inner_text()
    page.get_by_label("What is wrong?").fill("The letter was sent on 15 March 2022, not 14 March.")
    page.get_by_label("A source that shows the correct fact (web address)").fill("https://example.org/minutes")
    page.get_by_role("button", name="Send the report").click()
    wait_for_app(page)
    page.get_by_text("An editor will review your report").wait_for()
    with sa.create_engine(f"sqlite:///{CORRECTIONS_DB}").connect() as connection:
        rows = connection.execute(sa.text("select pair_id, what_is_wrong, source_url from corrections")).fetchall()
    assert (
        "livermore-ca_snezhinsk",
        "The letter was sent on 15 March 2022, not 14 March.",
        "https://example.org/minutes",
    ) in rows
    assert all("<b>" not in row[1] for row in rows)  # the refused one was not stored
    screenshot(page, "data-correction-sent")
