"""The web routes over real HTTP from `streamlit run app.py` (no JavaScript anywhere), checked
against data/ read with the csv module, not with the code under test."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.browser.conftest import AppServer
from tests.conftest import ROOT
from tests.web import data_rows, fetch, read_page, squash

PAIRS = data_rows("pairs.csv")
SOURCES = data_rows("sources.csv")
EVENTS = data_rows("events.csv")
CHANGES = data_rows("changelog.csv")
VERSION = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]
FILES = ("pairs.csv", "events.csv", "sources.csv", "excluded.csv", "datapackage.json")
STREAMLIT_PAGES = ("/", "/map", "/timeline", "/compare", "/data")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    app = AppServer(script="app.py", env={"SITE_URL": ""})  # addresses from the request
    yield app
    app.stop()


def web_paths() -> list[str]:
    ties = [f"/ties/{row['pair_id']}/" for row in PAIRS]
    downloads = [f"/downloads/{v}/{name}" for v in (VERSION, "latest") for name in FILES]
    return [
        "/ties/",
        *ties,
        "/site.css",
        "/sitemap.xml",
        "/robots.txt",
        "/feed.atom",
        *downloads,
        f"/v/{VERSION}/ties/",
    ]


def publishers_of(pair_id: str) -> set[str]:
    events = {row["event_id"] for row in EVENTS if row["pair_id"] == pair_id}
    return {row["publisher"] for row in SOURCES if row["pair_id"] == pair_id or row["event_id"] in events}


def test_every_tie_page_reads_whole_without_javascript(server):
    for row in PAIRS:
        answer = fetch(f"{server.url}/ties/{row['pair_id']}/")
        assert answer.status == 200, row["pair_id"]
        page = read_page(answer.text)
        assert row["us_place"] in page.title and row["ru_place"] in page.title
        assert page.canonical() == f"{server.url}/ties/{row['pair_id']}/"
        assert row["us_place"] in (page.meta("description") or "")
        words = page.words
        missing = [p for p in publishers_of(row["pair_id"]) if squash(p) not in words]
        assert not missing, f"{row['pair_id']}: publishers not on the page: {missing}"
        assert f"version {VERSION}" in words and f"/v/{VERSION}/ties/{row['pair_id']}/" in words  # the citation
        assert not [tag for tag, _ in page.tags if tag == "script"], "the page needs no script"
        assert any(tag == "svg" and attrs.get("role") == "img" for tag, attrs in page.tags)  # the picture


def test_a_tie_page_gives_the_decision_in_words_and_links_the_interactive_views(server):
    page = read_page(fetch(f"{server.url}/ties/san-jose-ca_yekaterinburg/").text)
    assert "Kept, with a letter on 8 March 2022 by the city government (San Jose City Council" in page.words
    assert f"{server.url}/data?pair=san-jose-ca_yekaterinburg" in page.links
    assert f"{server.url}/compare?pair=san-jose-ca_yekaterinburg" in page.links
    assert f"{server.url}/map?q=San+Jose" in page.links


def test_the_list_of_ties_groups_every_tie_by_outcome_with_counts(server):
    page = read_page(fetch(f"{server.url}/ties/").text)
    for outcome, count in Counter(row["outcome"] for row in PAIRS).items():
        heading = [a for t, a in page.tags if t == "h2" and a.get("id") == outcome]
        assert heading, outcome
        assert f"{count} {'tie' if count == 1 else 'ties'}" in page.words
    for row in PAIRS:
        assert f"../ties/{row['pair_id']}/" in page.links
    assert f"{len(PAIRS)} official ties" in page.words


@pytest.mark.parametrize("path", ["/ties/no-such-tie/", f"/downloads/0.0.0/{FILES[0]}", "/downloads/latest/passwd"])
def test_an_unknown_address_answers_404_with_a_page_that_helps(server, path):
    answer = fetch(server.url + path)
    assert answer.status == 404
    page = read_page(answer.text)
    assert "/ties/" in page.links and any(t == "input" and a.get("name") == "q" for t, a in page.tags)
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_downloads_are_the_data_files_as_they_are(server):
    for version in (VERSION, "latest"):
        for name in FILES:
            answer = fetch(f"{server.url}/downloads/{version}/{name}")
            assert answer.status == 200 and answer.body == (ROOT / "data" / name).read_bytes(), name


def test_sitemap_names_every_tie_the_list_and_the_five_streamlit_pages(server):
    tree = ET.fromstring(fetch(f"{server.url}/sitemap.xml").body)
    locations = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {f"{server.url}/ties/{row['pair_id']}/" for row in PAIRS} | {f"{server.url}/ties/"}
    expected |= {server.url + page for page in STREAMLIT_PAGES}
    assert locations == expected
    robots = fetch(f"{server.url}/robots.txt").text
    assert "User-agent: *" in robots and "Allow: /" in robots and f"Sitemap: {server.url}/sitemap.xml" in robots


def test_the_feed_is_the_changelog_newest_first_each_linking_its_tie(server):
    feed = ET.fromstring(fetch(f"{server.url}/feed.atom").body)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(CHANGES)
    days = [entry.find(f"{ATOM}updated").text[:10] for entry in entries]
    assert days == sorted(days, reverse=True)
    ids = {row["pair_id"] for row in PAIRS}
    linked = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    for change in CHANGES:
        target = f"/ties/{change['pair_id']}/" if change["pair_id"] in ids else "/ties/"
        assert server.url + target in linked
    contents = {squash(entry.find(f"{ATOM}content").text) for entry in entries}
    assert {squash(change["description"]) for change in CHANGES} == contents


def test_every_route_sends_caching_and_security_headers_and_answers_if_none_match_and_head(server):
    for path in web_paths():
        answer = fetch(server.url + path)
        assert answer.status == 200, path
        headers = answer.headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["cache-control"].startswith("public, max-age=")
        etag = headers["etag"]
        assert VERSION in etag, "the ETag is tied to the data version"
        again = fetch(server.url + path, headers={"If-None-Match": etag})
        assert again.status == 304 and again.body == b"", path
        assert fetch(server.url + path, headers={"If-None-Match": '"1.0.0-other"'}).status == 200
        head = fetch(server.url + path, method="HEAD")
        assert head.status == 200 and head.body == b"" and head.headers["etag"] == etag
    etags = {fetch(server.url + path).headers["etag"] for path in web_paths()[:5]}
    assert len(etags) == 5, "each route has its own ETag"


def test_app_py_still_serves_the_streamlit_pages(server):
    assert fetch(f"{server.url}/_stcore/health").status == 200
    for page in STREAMLIT_PAGES:
        answer = fetch(server.url + page)
        assert answer.status == 200 and '<div id="root">' in answer.text, page


def test_a_tie_address_without_its_slash_is_sent_to_the_page(server):
    answer = fetch(f"{server.url}/ties/{PAIRS[0]['pair_id']}")
    assert answer.status == 301 and answer.headers["location"].endswith(f"/ties/{PAIRS[0]['pair_id']}/")


def test_the_static_edition_is_byte_for_byte_what_the_server_answers(server, tmp_path):
    from sistercities.publish import file_for, main

    assert main([str(tmp_path), "--base-url", server.url]) == 0
    for path in web_paths():
        assert (tmp_path / file_for(path)).read_bytes() == fetch(server.url + path).body, path
