"""The static edition (python -m sistercities.publish): every internal link resolves, nothing
loads from another host, and publishing a new version keeps the older one's pages and files."""

from __future__ import annotations

import csv
import json
import shutil

from sistercities.publish import main as publish
from tests.conftest import ROOT
from tests.web import crawl_problems, data_rows, read_page

BASE = "https://static.example.org"
APP = "https://app.example.org"
PAIRS = data_rows("pairs.csv")
VERSION = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_the_edition_has_every_route_and_every_link_in_it_resolves(tmp_path):
    assert publish([str(tmp_path), "--base-url", BASE, "--app-url", APP]) == 0
    expected = ["index.html", "ties/index.html", "sitemap.xml", "robots.txt", "feed.atom", "404.html", "site.css"]
    expected += [f"ties/{row['pair_id']}/index.html" for row in PAIRS]
    expected += [f"v/{VERSION}/ties/{row['pair_id']}/index.html" for row in PAIRS]
    expected += [
        f"downloads/{v}/{name}"
        for v in (VERSION, "latest")
        for name in ("pairs.csv", "excluded.csv", "datapackage.json")
    ]
    assert [name for name in expected if not (tmp_path / name).is_file()] == []
    assert crawl_problems(tmp_path, BASE, APP) == []


def test_the_overview_gives_the_headline_counts_and_links(tmp_path):
    publish([str(tmp_path), "--base-url", BASE, "--app-url", APP])
    page = read_page((tmp_path / "index.html").read_text(encoding="utf-8"))
    cut = sum(row["outcome"] == "cut" for row in PAIRS)
    assert f"Cut {cut} ties" in page.words
    assert "ties/" in page.links and f"{APP}/" in page.links


def test_no_page_carries_script_or_inline_style_the_csp_would_block(tmp_path):
    publish([str(tmp_path), "--base-url", BASE, "--app-url", APP])
    for file in tmp_path.rglob("*.html"):
        tags = read_page(file.read_text(encoding="utf-8")).tags
        assert [t for t, a in tags if t in ("script", "style") or "style" in a] == [], file


def new_version(source, target, version: str):
    """A copy of a data folder under another version number, with a changelog line saying so."""
    shutil.copytree(source, target)
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    package["version"] = version
    (target / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    with open(target / "changelog.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([package["last_updated"], version, "note", "", "A test release."])
    return target


def test_publishing_a_second_version_keeps_the_first_versions_pages_and_downloads(tmp_path):
    edition = tmp_path / "edition"
    publish([str(edition), "--data", str(ROOT / "data"), "--base-url", BASE, "--app-url", APP])
    tie = f"ties/{PAIRS[0]['pair_id']}/index.html"
    first_page = (edition / "v" / VERSION / tie).read_bytes()
    first_package = (edition / "downloads" / VERSION / "datapackage.json").read_bytes()

    data = new_version(ROOT / "data", tmp_path / "data", "9.0.0")
    publish([str(edition), "--data", str(data), "--base-url", BASE, "--app-url", APP])

    assert (edition / "v" / VERSION / tie).read_bytes() == first_page
    assert (edition / "downloads" / VERSION / "datapackage.json").read_bytes() == first_package
    assert (edition / "v" / "9.0.0" / tie).is_file()
    latest = json.loads((edition / "downloads" / "latest" / "datapackage.json").read_text(encoding="utf-8"))
    assert latest["version"] == "9.0.0"
    assert "Data version 9.0.0" in read_page((edition / tie).read_text(encoding="utf-8")).words
    assert "Data version 9.0.0" not in read_page((edition / "v" / VERSION / tie).read_text(encoding="utf-8")).words
    assert crawl_problems(edition, BASE, APP) == []
