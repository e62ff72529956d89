"""Hostile text through every web route and template: markup in the data shows as text, never as
markup; the XML routes stay well-formed. Renders through sistercities.site.render, the function
both the server and the static edition answer with (tests/test_web_routes.py checks they agree)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from sistercities.loader import load_dataset
from sistercities.publish import main as publish
from sistercities.site import Site, render, site_paths, versioned_paths
from tests.browser.conftest import AppServer
from tests.hostile import MARKED_PLACE, PAYLOADS, make_hostile_folder
from tests.web import crawl_problems, data_rows, fetch, read_page, squash

BASE = "https://site.test"  # not example.org: the fixture's sources live there
DANGEROUS_TAGS = {"script", "iframe", "img", "object", "embed", "style", "b"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = make_hostile_folder(tmp_path_factory.mktemp("hostile") / "data")
    with open(folder / "changelog.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "version", "kind", "pair_id", "description"])
        for number, payload in enumerate(PAYLOADS):
            writer.writerow(["2022-03-01", "1.0.0", "note", "alpha-ca_ekaterinburg" if number % 2 else "", payload])
    return folder


@pytest.fixture(scope="module")
def site(hostile) -> Site:
    return Site(load_dataset(hostile), hostile, BASE, BASE)


def markup_in(html: str) -> list[str]:
    """Tags or attributes that only the data could have put there."""
    found = []
    for tag, attributes in read_page(html).tags:
        if tag in DANGEROUS_TAGS:
            found.append(tag)
        found += [f"{tag} {name}" for name in attributes if name.startswith("on") or name == "style"]
        found += [f"{tag} {v}" for v in attributes.values() if v.strip().lower().startswith("javascript:")]
    return found


def test_every_page_shows_the_markup_as_text(site):
    for path in [*site_paths(site), *versioned_paths(site), "/ties/<script>alert(1)</script>/"]:
        page = render(site, path)
        if page.media_type.startswith("text/html"):
            assert markup_in(page.body.decode()) == [], path


def test_the_hostile_place_is_read_as_its_own_words(site):
    page = read_page(render(site, "/ties/alpha-ca_ekaterinburg/").body.decode())
    assert MARKED_PLACE in page.title
    words = page.words
    for row in data_rows("sources.csv", site.data_dir):
        if row["pair_id"] == "alpha-ca_ekaterinburg":
            assert squash(row["publisher"])[:200] in words
    assert "<script>window.__xss=2</script>" in words or "[click me](javascript:window.__xss=3)" in words


def test_the_xml_routes_stay_well_formed_and_carry_the_text(site):
    feed = ET.fromstring(render(site, "/feed.atom").body)
    contents = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}content")]
    assert set(contents) == set(PAYLOADS)
    ET.fromstring(render(site, "/sitemap.xml").body)


def test_the_hostile_static_edition_has_no_broken_link_and_no_outside_load(hostile, tmp_path):
    assert publish([str(tmp_path), "--data", str(hostile), "--base-url", BASE]) == 0
    assert crawl_problems(tmp_path, BASE, BASE) == []
    for file in tmp_path.rglob("*.html"):
        assert markup_in(file.read_text(encoding="utf-8")) == [], file


def test_the_server_answers_the_hostile_folder_with_these_same_checked_bytes(hostile):
    """Over real HTTP from `streamlit run app.py` on the hostile folder: every route's bytes are the
    renderer's, which the tests above find free of markup."""
    server = AppServer(hostile, script="app.py", env={"SITE_URL": ""})
    try:
        site = Site(load_dataset(hostile), hostile, server.url, server.url)
        served = [path for path in site_paths(site) if path != "/"]  # '/' is Streamlit's overview there
        for path in [*served, '/ties/<b onclick="x">y/']:
            answer = fetch(server.url + quote(path))
            assert answer.body == render(site, path).body, path
            if answer.headers["content-type"].startswith("text/html"):
                assert markup_in(answer.text) == [], path
        # The Streamlit pages' link previews and the cards carry the same text, as text.
        shell_tags = [tag for tag, _ in read_page(fetch(f"{server.url}/data").text.split("</head>")[0]).tags]
        for pair_id in site.dataset.pairs["pair_id"]:
            answer = fetch(f"{server.url}/data?pair={quote(pair_id)}")
            head = answer.text.split("</head>")[0]
            assert [tag for tag, _ in read_page(head).tags] == shell_tags, pair_id  # no tag from the data
            assert (
                read_page(head)
                .prop("og:title")
                .startswith(site.dataset.pairs.set_index("pair_id").loc[pair_id, "us_place"][:20])
            )
            card = fetch(f"{server.url}/cards/ties/{quote(pair_id)}.png")
            assert card.status == 200 and card.body[:4] == b"\x89PNG", pair_id
    finally:
        server.stop()
