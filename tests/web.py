"""Helpers for the web-route tests: a plain HTTP client (no JavaScript, no redirects followed),
data/ read with the csv module, and an HTML reader that lists every link and loaded resource."""

from __future__ import annotations

import csv
import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import ROOT


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> Answer:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def data_rows(name: str, folder: Path = ROOT / "data") -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass
class PageParts(HTMLParser):
    """What a page holds: its title, text, tags, links (a/form) and loads (src, link href)."""

    title: str = ""
    text: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    _in_title: bool = False

    def __post_init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        self._in_title = tag == "title" and not self.title
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "form":
            self.links.append(attributes.get("action", ""))
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "preload", "alternate"):
            (self.loads if attributes["rel"] != "alternate" else self.links).append(attributes["href"])
        if "src" in attributes:
            self.loads.append(attributes["src"])
        if tag == "meta" and attributes.get("property") == "og:image":  # a preview fetches it
            self.loads.append(attributes.get("content", ""))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def meta(self, name: str) -> str | None:
        found = [a.get("content") for t, a in self.tags if t == "meta" and a.get("name") == name]
        return found[0] if found else None

    def prop(self, name: str) -> str | None:
        """An Open Graph tag's content (<meta property=...>)."""
        found = [a.get("content") for t, a in self.tags if t == "meta" and a.get("property") == name]
        return found[0] if found else None

    def canonical(self) -> str | None:
        found = [a["href"] for t, a in self.tags if t == "link" and a.get("rel") == "canonical"]
        return found[0] if found else None


def read_page(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    parts.close()
    return parts


def squash(text: str) -> str:
    return " ".join(text.split())


STREAMLIT_PAGES = ("/", "/map", "/timeline", "/compare", "/data")


def _target(folder: Path, path: str) -> Path:
    return folder / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def _fragment_missing(target: Path, fragment: str) -> bool:
    return bool(fragment) and target.suffix == ".html" and fragment not in read_page(target.read_text("utf-8")).ids


def _ref_problem(folder: Path, base, app, url_path: str, kind: str, ref: str) -> str | None:
    """What is wrong with one link or load of the page at url_path, or None."""
    from posixpath import normpath
    from urllib.parse import urljoin

    resolved = urlsplit(urljoin(f"{base.scheme}://{base.netloc}{url_path}", ref))
    app_page = resolved.netloc == app.netloc and resolved.path in STREAMLIT_PAGES and resolved.path != "/"
    if kind == "link" and app_page:
        return None  # the interactive views, served by the app
    if resolved.netloc == app.netloc and resolved.netloc != base.netloc:
        return None if kind == "link" and resolved.path == "/" else "not an app page"
    if resolved.netloc != base.netloc:
        return "loads from another host" if kind == "load" else None  # a source's page, say
    target = _target(folder, normpath(resolved.path) + ("/" if resolved.path.endswith("/") else ""))
    if not target.is_file():
        return f"no file {target.relative_to(folder)}"
    return f"no id {resolved.fragment}" if _fragment_missing(target, resolved.fragment) else None


def crawl_problems(folder: Path, base_url: str, app_url: str) -> list[str]:
    """Every broken internal link and every outside load in a static edition: a relative or
    same-host link must name a file there (and an id, for a #fragment); links to the app may name
    only its pages; anything loaded (src, stylesheet) must come from the edition itself."""
    base, app = urlsplit(base_url), urlsplit(app_url)
    problems = []
    for file in sorted(folder.rglob("*.html")):
        url_path = "/" + file.relative_to(folder).as_posix().removesuffix("index.html")
        page = read_page(file.read_text(encoding="utf-8"))
        for kind, refs in (("link", page.links), ("load", page.loads)):
            for ref in refs:
                problem = _ref_problem(folder, base, app, url_path, kind, ref)
                if problem:
                    problems.append(f"{file.relative_to(folder)}: {kind} {ref}: {problem}")
    return problems
