"""A phone reader finds their city, in Chromium at 390 x 844: the overview's "Find your city" field
on the first screen, the matching ties named with their outcome inside the screen's width, on the
overview and on /data. Facts come from data/pairs.csv read with the csv module."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, choose_table_row, screenshot, table_rows, wait_for_app
from tests.conftest import ROOT

WIDTH, HEIGHT = 390, 844
PHONE = {"viewport": {"width": WIDTH, "height": HEIGHT}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# The outcome codes' words, as ../shared/CONTRACT.md gives their meaning.
OUTCOME_WORDS = {"cut": "Cut", "suspended": "Suspended", "letter": "Kept, with a letter", "kept": "Kept"}

with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
    PAIRS = list(csv.DictReader(handle))
PORTLANDS = [row for row in PAIRS if row["us_place"] == "Portland"]

# Every line box of the element's text lies inside the window's width: nothing to scroll sideways to.
TEXT_INSIDE_WIDTH = """(el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const boxes = Array.from(range.getClientRects()).filter(r => r.width > 0);
    return boxes.length > 0 && boxes.every(r => r.left >= 0 && r.right <= window.innerWidth);
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def name(row: dict[str, str]) -> str:
    return f"{row['us_place']}, {row['us_state']} – {row['ru_place']}"


def assert_listed_inside_the_screen(page, rows: list[dict[str, str]]) -> None:
    found = page.locator(".st-key-found-ties")
    found.get_by_text(f"{len(rows)} ties match").wait_for()
    for row in rows:
        item = found.locator("li", has_text=name(row))
        assert item.count() == 1, name(row)
        text = item.inner_text()
        assert f"{name(row)}: {OUTCOME_WORDS[row['outcome']]} " in text
        assert row["decision_body"] in text  # the outcome's last words, so the whole line was drawn
        assert item.evaluate(TEXT_INSIDE_WIDTH), f"{name(row)} runs past the screen's edge"
        href = item.get_by_role("link", name=name(row)).get_attribute("href")
        assert href.endswith(f"/data?pair={row['pair_id']}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH


def test_a_phone_reader_finds_their_city_on_the_overviews_first_screen(phone, app_server):
    assert {row["us_state"] for row in PORTLANDS} == {"OR", "ME"}
    phone.goto(app_server.url + "/")
    wait_for_app(phone)
    sidebar = phone.locator('[data-testid="stSidebar"]')
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # closed: the field is on the page itself
    field = phone.get_by_role("textbox", name="Find your city")
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH and box["y"] + box["height"] <= HEIGHT
    counts = phone.locator('[data-testid="stMetric"]').first.bounding_box()
    assert box["y"] < counts["y"]  # above the counts
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-overview-first-screen.png"))
    field.tap()
    field.fill("Portland")
    field.press("Enter")
    phone.wait_for_url("**q=Portland**")
    wait_for_app(phone)
    assert_listed_inside_the_screen(phone, PORTLANDS)
    # The same search as the sidebar's: its box holds it too.
    assert sidebar.get_by_role("textbox", name="Search places").input_value() == "Portland"
    phone.locator(".st-key-found-ties").scroll_into_view_if_needed()
    phone.screenshot(path=str(SCREENSHOTS / "phone-overview-find-city.png"))
    screenshot(phone, "phone-overview-find-city-full")


def test_a_phone_reader_reads_each_found_ties_outcome_on_the_data_page(phone, app_server):
    phone.goto(app_server.url + "/data?q=Portland")
    wait_for_app(phone)
    table_rows(phone)
    assert_listed_inside_the_screen(phone, PORTLANDS)
    phone.screenshot(path=str(SCREENSHOTS / "phone-data-find-city.png"))


def test_on_a_phone_choosing_a_row_keeps_the_table_in_place_and_the_record_opens_below(phone, app_server):
    phone.goto(app_server.url + "/data?state=OR,ME")
    wait_for_app(phone)
    grid = phone.locator('[data-testid="stDataFrame"]').first
    table_rows(phone)
    grid.scroll_into_view_if_needed()
    before = grid.bounding_box()
    choose_table_row(phone, 1)
    record = phone.locator('[class*="st-key-detail-"]')
    record.wait_for()
    after = grid.bounding_box()
    assert abs(after["y"] - before["y"]) <= 1, (before, after)  # the table did not move under the finger
    assert record.bounding_box()["y"] >= after["y"] + after["height"]
    phone.screenshot(path=str(SCREENSHOTS / "phone-data-row-chosen.png"))


def test_on_a_phone_a_link_to_a_record_says_where_it_is_and_the_table_stays_put(phone, app_server):
    pair_id = "san-jose-ca_yekaterinburg"
    phone.goto(app_server.url + f"/data?pair={pair_id}")
    wait_for_app(phone)
    record = phone.locator(f".st-key-detail-{pair_id}")
    grid = phone.locator('[data-testid="stDataFrame"]').first
    table_rows(phone)
    table = grid.bounding_box()
    assert record.bounding_box()["y"] >= table["y"] + table["height"]  # below the table, out of sight
    title = record.get_by_role("heading", name="San Jose, CA – Yekaterinburg, Russia")
    heading = title.bounding_box()
    assert heading["y"] + heading["height"] > HEIGHT  # not all of it on the first screen
    # A line above the table says where the record is, and goes there.
    phone.get_by_role("link", name="go to the record").tap()
    expect(title).to_be_in_viewport(ratio=1)
    phone.screenshot(path=str(SCREENSHOTS / "phone-data-link-to-record.png"))
    # Choosing another row opens its record in the same place; the table does not move.
    grid.scroll_into_view_if_needed()
    before = grid.bounding_box()
    choose_table_row(phone, 1)
    phone.locator('[class*="st-key-detail-"]').first.wait_for()
    after = grid.bounding_box()
    assert abs(after["y"] - before["y"]) <= 1, (before, after)
    assert phone.get_by_role("link", name="go to the record").count() == 1
