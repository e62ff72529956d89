"""The web routes as one table: which paths exist for a dataset, and the bytes each one answers.

`render(site, path)` serves the HTTP server and the static edition alike. Paths are URL paths
('/ties/x/'); a path ending in '/' is a page ('index.html' in the static edition). Every page
links relatively, so a copy of the routes under '/v/<version>/' links within itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sistercities.dictionary import COLUMNS, OPTIONAL_FILES
from sistercities.loader import Dataset
from sistercities.site.feeds import atom_feed, robots, sitemap
from sistercities.site.pages import DOWNLOAD_FILES, not_found_page, overview_page, tie_page, ties_page
from sistercities.site.templating import asset

HTML = "text/html; charset=utf-8"
MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".atom": "application/atom+xml",
}
PAGE_MAX_AGE = 300  # seconds: a page may change when the data does
VERSIONED_MAX_AGE = 86_400  # a version's own files and pages: they stay as published


@dataclass(frozen=True)
class Site:
    dataset: Dataset
    data_dir: Path  # the folder the dataset came from: downloads are its files as they are
    base_url: str  # where these routes live, no trailing slash: 'https://example.org'
    app_url: str  # where the Streamlit pages live (the same origin when app.py serves both)


@dataclass(frozen=True)
class Page:
    body: bytes
    media_type: str = HTML
    status: int = 200
    max_age: int = PAGE_MAX_AGE


def media_type(path: str) -> str:
    return HTML if path.endswith("/") else MEDIA_TYPES[Path(path).suffix]


def page_paths(site: Site) -> list[str]:
    """The paths every version's copy holds: its pages, stylesheet, changelog feed and own
    downloads, everything its pages link to relatively."""
    version = site.dataset.version
    ties = [f"/ties/{pair_id}/" for pair_id in site.dataset.pairs["pair_id"]]
    downloads = [f"/downloads/{version}/{name}" for name in DOWNLOAD_FILES]
    return ["/", "/site.css", "/feed.atom", "/ties/", *ties, *downloads]


def site_paths(site: Site) -> list[str]:
    """Every path of the current edition."""
    latest = [f"/downloads/latest/{name}" for name in DOWNLOAD_FILES]
    return [*page_paths(site), "/sitemap.xml", "/robots.txt", *latest]


def versioned_paths(site: Site) -> list[str]:
    """The same pages again under /v/<version>/: what a citation of this version links to."""
    return [f"/v/{site.dataset.version}{path}" for path in page_paths(site)]


def _download(site: Site, path: str) -> Page | None:
    match = re.fullmatch(r"/downloads/([^/]+)/([^/]+)", path)
    if not match or match[2] not in DOWNLOAD_FILES or match[1] not in ("latest", site.dataset.version):
        return None
    max_age = PAGE_MAX_AGE if match[1] == "latest" else VERSIONED_MAX_AGE
    return Page(download_bytes(site.data_dir, match[2]), media_type(path), max_age=max_age)


def download_bytes(data_dir: Path, name: str) -> bytes:
    """A data file as it is in the folder; an optional file the folder leaves out (excluded.csv)
    is its header alone, which is what the loader reads it as: none listed."""
    path = data_dir / name
    if not path.is_file() and name in OPTIONAL_FILES:
        return (",".join(COLUMNS[name]) + "\n").encode("utf-8")
    return path.read_bytes()


def _tie(site: Site, path: str) -> Page | None:
    match = re.fullmatch(r"/ties/([^/]+)/", path)
    body = tie_page(site, path, match[1]) if match else None
    return Page(body) if body is not None else None


FIXED: dict[str, Callable[[Site, str], bytes]] = {
    "/": overview_page,
    "/ties/": ties_page,
    "/site.css": lambda site, path: asset("site.css"),
    "/sitemap.xml": lambda site, path: sitemap(site),
    "/robots.txt": lambda site, path: robots(site),
    "/feed.atom": lambda site, path: atom_feed(site),
}


def _versioned(site: Site, path: str) -> Page | None:
    """/v/<version>/...: the current version's pages again; an older version is the static
    edition's to keep, so the server knows only its own."""
    match = re.fullmatch(r"/v/([^/]+)(/.*)", path)
    if not match or match[1] != site.dataset.version or match[2] not in _page_set(site):
        return None
    page = _current(site, match[2])
    return Page(page.body, page.media_type, max_age=VERSIONED_MAX_AGE) if page else None


def _page_set(site: Site) -> set[str]:
    return set(page_paths(site))


def _current(site: Site, path: str) -> Page | None:
    if path in FIXED:
        return Page(FIXED[path](site, path), media_type(path))
    if path.startswith("/downloads/"):
        return _download(site, path)
    if path.startswith("/ties/"):
        return _tie(site, path)
    return None


def render(site: Site, path: str) -> Page:
    """The answer for a path: its page, or the 404 page."""
    page = _versioned(site, path) if path.startswith("/v/") else _current(site, path)
    return page or Page(not_found_page(site, path), HTML, status=404, max_age=60)
