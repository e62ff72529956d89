"""Every download button on every page, clicked in Chromium; each file checked as it arrives."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import screenshot, type_and_commit, wait_for_app
from tests.conftest import ROOT

PAGES = ["/map?outcome=cut", "/timeline?state=CA", "/compare", "/data?outcome=suspended"]


IMAGE_LABELS = [
    "Download PNG (640 px)",
    "Download PNG (1200 px)",
    "Download PNG (2400 px, 2× for print)",
    "Download SVG",
    "Download HTML",
]


def expected_ties(path: str) -> int:
    """How many ties the page's link keeps, read from data/pairs.csv (one filter per link here)."""
    query = path.partition("?")[2]
    with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not query:
        return len(rows)
    key, value = query.split("=")
    column = {"outcome": "outcome", "state": "us_state"}[key]
    return sum(row[column] == value for row in rows)


def check_file(name: str, body: bytes, label: str) -> None:
    assert re.fullmatch(r"[a-z0-9_.-]+", name), name  # safe on every filesystem
    if label.startswith("Download PNG"):
        image = Image.open(io.BytesIO(body))
        width = int(re.search(r"\((\d+) px", label).group(1))
        assert image.format == "PNG" and image.size[0] == width  # the pixels the button names
    elif label.startswith("Download SVG"):
        text = body.decode("utf-8")
        assert text.startswith("<svg") and "Source: news reports and council records" in text
        assert "<title>" in text and "<desc>" in text and "CC BY" in text
    elif label.startswith("Download HTML"):
        text = body.decode("utf-8")
        assert "Plotly.newPlot" in text and "<script src=" not in text
    elif label.startswith("Download CSV"):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert len(rows) >= 2
    elif label.startswith("Download JSON"):
        assert json.loads(body)["pairs"]
    else:
        pytest.fail(f"unexpected download label {label!r}")


@pytest.mark.parametrize("path", PAGES)
def test_every_download_button_delivers_its_file(page, app_server, path):
    page.goto(app_server.url + path)
    wait_for_app(page)
    for expander in page.locator('[data-testid="stExpander"]').all():
        if "Export" in expander.locator("summary").inner_text():
            expander.locator("summary").click()
            expander.locator('[data-testid="stDownloadButton"] button').first.wait_for(state="visible")
    buttons = page.locator('[data-testid="stDownloadButton"] button:visible')
    labels = [b.inner_text().strip().splitlines()[-1] for b in buttons.all()]  # an icon's name may precede
    panels = sum(
        "Export" in e.locator("summary").inner_text() for e in page.locator('[data-testid="stExpander"]').all()
    )
    # Every chart's panel offers each picture, and the data comes once, counting the ties the link keeps.
    for kind in IMAGE_LABELS:
        assert labels.count(kind) == panels, (kind, labels)
    ties = expected_ties(path)
    data_buttons = 0 if path.startswith("/compare") else 1  # the comparison exports its chart alone
    assert labels.count(f"Download CSV ({ties} {'tie' if ties == 1 else 'ties'})") == data_buttons, labels
    assert labels.count(f"Download JSON ({ties} {'tie' if ties == 1 else 'ties'})") == data_buttons, labels
    for label in labels:
        button = page.locator('[data-testid="stDownloadButton"] button:visible', has_text=label).first
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60_000) as arrival:
            button.click()
        download = arrival.value
        body = Path(download.path()).read_bytes()
        check_file(download.suggested_filename, body, label)
    # The page did not rerun away from the reader's view while downloading.
    assert page.locator('[data-testid="stException"]').count() == 0
    assert all(
        label.startswith(("Download PNG", "Download SVG", "Download HTML", "Download CSV", "Download JSON"))
        for label in labels
    )
    screenshot(page, "downloads" + path.replace("/", "-").split("?")[0])


def test_csv_download_holds_exactly_the_filtered_rows(page, app_server):
    page.goto(app_server.url + "/data?outcome=cut")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    shown = int(re.search(r"(\d+) of \d+ ties", sidebar).group(1))
    with page.expect_download() as arrival:
        page.locator('[data-testid="stDownloadButton"] button', has_text="Download CSV (").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(arrival.value.path()).read_text(encoding="utf-8"), newline="")))
    assert len(rows) == shown and {r["outcome"] for r in rows} == {"cut"}
    assert arrival.value.suggested_filename.startswith("ties_outcome-cut_")


def test_html_export_works_offline(page, app_server, browser, tmp_path):
    page.goto(app_server.url + "/map")
    wait_for_app(page)
    page.locator('[data-testid="stExpander"] summary', has_text="Export the static map").click()
    with page.expect_download() as arrival:
        page.locator('[data-testid="stDownloadButton"] button', has_text="Download HTML").first.click()
    html_file = tmp_path / "map.html"
    arrival.value.save_as(html_file)
    offline = browser.new_context()
    requests = []
    offline.route(
        "**/*",
        lambda route: (
            (requests.append(route.request.url), route.abort())
            if not route.request.url.startswith("file:")
            else route.continue_()
        ),
    )
    viewer = offline.new_page()
    viewer.goto(html_file.as_uri())
    viewer.wait_for_selector(".main-svg .geo", timeout=30_000)
    viewer.locator(".geo path.land, .geo .layer.land path").first.wait_for(state="attached")
    assert requests == []  # nothing fetched: plotly.js and the map data are inside the file
    assert viewer.locator(".geo path.land, .geo .layer.land path").count() >= 1
    viewer.screenshot(path=str(screenshot.__globals__["SCREENSHOTS"] / "export-html-offline-map.png"))
    offline.close()


def test_a_title_and_subtitle_typed_before_export_are_in_the_picture_as_text(page, app_server):
    page.goto(app_server.url + "/timeline?state=CA")
    wait_for_app(page)
    panel = page.locator('[data-testid="stExpander"]', has_text="Export the timeline").first
    panel.locator("summary").click()
    title_box = panel.get_by_label("Title", exact=True)
    title_box.wait_for(state="visible")
    # Prefilled with the finding, which names how many California ties the filter keeps.
    with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
        in_california = sum(row["us_state"] == "CA" for row in csv.DictReader(handle))
    assert str(in_california) in title_box.input_value()
    typed = 'Bay Area <b>ties</b> & San Jose\'s "letter"'
    type_and_commit(page, title_box, typed)
    type_and_commit(page, panel.get_by_label("Subtitle", exact=True), "Reporter's own subtitle")
    screenshot(page, "export-panel-typed-title")
    with page.expect_download(timeout=60_000) as arrival:
        panel.locator('[data-testid="stDownloadButton"] button', has_text="Download SVG").click()
    svg = Path(arrival.value.path()).read_text(encoding="utf-8")
    # As text: the markup a reporter typed is drawn as characters, never as markup.
    assert "<b>ties</b>" not in svg
    assert "Bay Area &lt;b&gt;ties&lt;/b&gt; &amp; San Jose" in svg
    assert (
        "Reporter's own subtitle" in svg
        or "Reporter&#39;s own subtitle" in svg
        or "Reporter&#x27;s own subtitle" in svg
    )
