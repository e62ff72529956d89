"""Link previews over plain HTTP, as Slack, X or a CMS fetch them (no JavaScript, no cookies):
the first HTML of every Streamlit page's URL says what that URL shows, with a card picture,
checked against data/ read with the csv module."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.browser.conftest import AppServer
from tests.conftest import ROOT
from tests.web import data_rows, fetch, read_page

PAIRS = data_rows("pairs.csv")
STREAMLIT_PAGES = ("/", "/map", "/timeline", "/compare", "/data")
PREVIEW_PROPERTIES = ("og:title", "og:description", "og:url", "og:image", "og:image:alt")


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    app = AppServer(script="app.py", env={"SITE_URL": ""})
    yield app
    app.stop()


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", body[16:24])


def preview_of(url: str):
    answer = fetch(url, headers={"User-Agent": "Slackbot-LinkExpanding 1.0"})
    assert answer.status == 200, url
    page = read_page(answer.text)
    for name in PREVIEW_PROPERTIES:
        assert page.prop(name), f"{url}: no {name}"
    assert page.meta("description") and page.canonical() and page.meta("twitter:card") == "summary_large_image"
    return page


def test_every_page_says_what_it_is_before_any_script_runs(server):
    titles = set()
    for path in STREAMLIT_PAGES:
        page = preview_of(server.url + path)
        assert page.title != "Streamlit" and page.title == page.prop("og:title"), path
        assert page.canonical() == server.url + path
        titles.add(page.title)
    assert len(titles) == len(STREAMLIT_PAGES)  # each page its own words


def test_a_filtered_map_link_states_its_filter_and_count(server):
    cut = sum(row["outcome"] == "cut" for row in PAIRS)
    page = preview_of(f"{server.url}/map?outcome=cut")
    assert page.title == f"{cut} US ties to Russian cities were cut: map"
    assert f"{cut} cut" in page.meta("description")
    assert page.canonical() == f"{server.url}/map?outcome=cut"
    california = [row for row in PAIRS if row["us_state"] == "CA"]
    page = preview_of(f"{server.url}/timeline?state=CA&sort=state")
    assert page.title.startswith(f"{len(california)} US ties to Russian cities") and "CA" in page.title
    assert parse_qs(urlsplit(page.canonical()).query) == {"state": ["CA"], "sort": ["state"]}


def test_every_tie_link_names_the_tie_and_its_card(server):
    for row in PAIRS:
        url = f"{server.url}/data?pair={quote(row['pair_id'])}"
        page = preview_of(url)
        assert row["us_place"] in page.title and row["ru_place"] in page.title, row["pair_id"]
        assert page.canonical() == url
        assert page.prop("og:image") == f"{server.url}/cards/ties/{row['pair_id']}.png"


def test_cards_are_1200_by_630_pngs_cached_by_version(server):
    tie = PAIRS[0]["pair_id"]
    for url in (f"{server.url}/cards/ties/{tie}.png", f"{server.url}/cards/map.png?outcome=cut"):
        answer = fetch(url)
        assert answer.status == 200 and answer.headers["content-type"] == "image/png", url
        assert png_size(answer.body) == (1200, 630)
        assert "max-age" in answer.headers["cache-control"] and answer.headers["x-content-type-options"] == "nosniff"
        again = fetch(url, headers={"If-None-Match": answer.headers["etag"]})
        assert again.status == 304 and again.body == b""
        head = fetch(url, method="HEAD")
        assert head.status == 200 and head.body == b""
    assert fetch(f"{server.url}/cards/ties/no-such-tie.png").status == 404
    assert fetch(f"{server.url}/cards/nowhere.png").status == 404


def test_the_card_of_every_page_named_in_a_preview_answers(server):
    for path in (*STREAMLIT_PAGES, "/map?outcome=cut,suspended&state=CA"):
        image = preview_of(server.url + path).prop("og:image")
        answer = fetch(image)
        assert answer.status == 200 and png_size(answer.body) == (1200, 630), image


def head_tags(html: str) -> list[str]:
    return [tag for tag, _ in read_page(html.split("</head>")[0]).tags]


def test_junk_in_the_link_reaches_no_tag_as_markup(server):
    hostile = '"><script>alert(1)</script>'
    plain = fetch(f"{server.url}/map?outcome=cut").text
    url = f"{server.url}/map?outcome=cut&{quote(hostile)}=1&q={quote(hostile)}&pair={quote(hostile)}&view={quote(hostile)}"
    answer = fetch(url)
    assert head_tags(answer.text) == head_tags(plain)  # not one tag more: the text stayed text
    page = read_page(answer.text)
    assert hostile in page.title  # and a reader sees it as the words it is
    assert parse_qs(urlsplit(page.canonical()).query) == {"outcome": ["cut"], "q": [hostile]}


def test_head_requests_and_conditional_requests_get_the_written_shell(server):
    full = fetch(f"{server.url}/map?outcome=cut")
    head = fetch(f"{server.url}/map?outcome=cut", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(full.body))
    stale = fetch(f"{server.url}/map?outcome=cut", headers={"If-None-Match": "*", "Accept-Encoding": "gzip"})
    assert stale.status == 200 and "were cut: map" in read_page(stale.text).title
