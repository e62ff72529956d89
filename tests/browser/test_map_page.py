"""The map page in Chromium: filtered legend and table, a painted canvas, selection, hostile data."""

from __future__ import annotations

import io
import time

from PIL import Image

from tests.browser.conftest import (
    HOSTILE_PARTNER,
    HOSTILE_PLACE,
    HOSTILE_PUBLISHER,
    HOSTILE_SUMMARY,
    choose_table_row,
    no_script_ran,
    screenshot,
    table_rows,
    wait_for_app,
)


def legend_counts(page) -> dict[str, int]:
    """The SVG map's legend, "Cut (13)", as {label: count}: only outcomes on the map are listed."""
    legend = page.locator('[data-testid="stPlotlyChart"] .legend .legendtext')
    legend.first.wait_for()
    counts = {}
    for item in legend.all():
        label, _, count = item.text_content().rpartition(" (")
        counts[label.strip()] = int(count.rstrip(")"))
    return counts


def until(condition, what: str, seconds: float = 30):
    """Poll condition() until it returns something true, and return it: no fixed sleep."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
    raise AssertionError(f"never: {what}")


def deck_picture(chart) -> Image.Image:
    return Image.open(io.BytesIO(chart.screenshot())).convert("RGB")


def painted(image: Image.Image) -> bool:
    """The basemap picture and the ties are drawn: land and ocean over a good share, many colours."""
    colours = image.getcolors(maxcolors=1_000_000) or []
    counts = {colour: n for n, colour in colours}
    area = image.size[0] * image.size[1]
    return (
        len(colours) > 200 and counts.get((236, 236, 232), 0) > area / 20 and counts.get((214, 228, 238), 0) > area / 5
    )


def painted_picture(chart) -> Image.Image | None:
    picture = deck_picture(chart)
    return picture if painted(picture) else None


def open_zoomable_map(page) -> None:
    page.locator('[data-testid="stButtonGroup"] button', has_text="Zoomable map").click()
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for()
    wait_for_app(page)


def test_outcome_filter_from_the_url_keeps_only_cut_ties(page, app_server):
    page.goto(app_server.url + "/map?outcome=cut")
    wait_for_app(page)
    counts = legend_counts(page)
    assert list(counts) == ["Cut"] and counts["Cut"] > 0
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert f"{counts['Cut']} of " in sidebar
    rows = table_rows(page)
    # The grid draws only the rows in view; its own row count (header included) says how many it holds.
    assert page.locator('[data-testid="stDataFrame"] table').get_attribute("aria-rowcount") == str(counts["Cut"] + 1)
    headers = [h.inner_text().strip() for h in rows.nth(0).locator('[role="columnheader"]').all()]
    column = headers.index("Outcome")
    outcomes = {rows.nth(i).locator('[role="gridcell"]').nth(column).inner_text() for i in range(1, rows.count())}
    assert outcomes == {"Cut"}
    screenshot(page, "map-outcome-cut")


def test_map_canvas_is_painted(page, app_server):
    page.goto(app_server.url + "/map")
    wait_for_app(page)
    open_zoomable_map(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.locator("canvas").first.wait_for()
    # Outlines, ocean and many arcs, not a blank box: the basemap picture arrived and was drawn.
    image = until(lambda: painted_picture(chart), "the deck painted its basemap")
    colours = image.getcolors(maxcolors=1_000_000) or []
    # The outcome palette is on the canvas: some pixels near the "cut" vermillion (213, 94, 0).
    assert any(abs(r - 213) < 25 and abs(g - 94) < 25 and b < 40 for _, (r, g, b) in colours)
    screenshot(page, "map-whole-route")


def test_view_presets_move_the_camera(page, app_server):
    page.goto(app_server.url + "/map")
    wait_for_app(page)
    open_zoomable_map(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    before = until(lambda: painted_picture(chart), "the deck painted")
    page.locator('[data-testid="stButtonGroup"] button', has_text="Bay Area").click()
    wait_for_app(page)

    # The camera moved: the picture is another one, and painted.
    def moved() -> bool:  # another picture, with the Bay Area's own share of land and water
        picture = deck_picture(chart)
        return picture != before and len(picture.getcolors(maxcolors=1_000_000) or []) > 200

    until(moved, "the camera moved to the Bay Area")
    screenshot(page, "map-bay-area")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_clicking_a_table_row_shows_its_sources(page, app_server):
    page.goto(app_server.url + "/map?outcome=cut&state=CA")
    wait_for_app(page)
    choose_table_row(page, 0)
    detail = page.locator('[class*="st-key-detail-"]')
    detail.wait_for()
    text = detail.inner_text()
    assert "Santa Clara County, CA – Moscow, Russia" in text
    assert "Sources" in text
    links = detail.locator("a[href^='http']")
    assert links.count() >= 1
    screenshot(page, "map-detail-santa-clara")


def test_hostile_names_render_as_text_everywhere(page, hostile_server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_server.url + "/map")
    wait_for_app(page)
    # Table: the literal text, as text.
    # (st.dataframe draws on a canvas; its accessible, hidden table holds the cell text.)
    table_rows(page)
    table_text = page.locator('[data-testid="stDataFrame"] table').text_content()
    assert HOSTILE_PLACE in table_text
    # Detail panel, opened by clicking the row.
    choose_table_row(page, 0)
    detail = page.locator('[class*="st-key-detail-"]')
    detail.wait_for()
    text = detail.inner_text()
    assert HOSTILE_PLACE in text and HOSTILE_PARTNER in text and HOSTILE_PUBLISHER in text
    assert HOSTILE_SUMMARY in text
    assert detail.locator("img, script, svg, b, i").count() == 0
    assert detail.locator("a[href^='javascript']").count() == 0
    # Tooltip: hover the pair's US end, placed at the centre of the Bay Area view.
    open_zoomable_map(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="Bay Area").click()
    wait_for_app(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    box = chart.bounding_box()
    tooltip = page.locator(".deck-tooltip")

    def hover_centre() -> bool:  # until the camera has arrived and the tie's end is under the pointer
        page.mouse.move(box["x"] + box["width"] / 2 + 1, box["y"] + box["height"] / 2)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        return tooltip.is_visible()

    until(hover_centre, "a tooltip at the Bay Area's centre")
    screenshot(page, "map-hostile-tooltip")
    assert HOSTILE_PLACE in tooltip.inner_text()
    assert tooltip.locator("img, script, svg").count() == 0
    assert no_script_ran(page) and not dialogs
