"""Starlette routes for the web pages and files (CONTRACT.md, "Web routes"), mounted by app.py
beside the Streamlit pages. Every answer comes from sistercities.site.render, the function the
static edition writes its files with; this module adds only what HTTP needs."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from sistercities.loader import DataValidationError, data_dir_from_env, load_dataset
from sistercities.settings import settings
from sistercities.site import Page, Site, render

# default-src 'self' with no 'unsafe-inline': no inline script can run; the pages carry none.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@functools.cache
def dataset_of(data_dir: str):
    """The dataset of a data folder, loaded once per process (shared with web/previews.py)."""
    return load_dataset(data_dir)


@functools.lru_cache(maxsize=2048)
def _answer(data_dir: str, base_url: str, path: str) -> tuple[Page, str]:
    """The page for a path and its ETag, made once per data folder, address and path."""
    site = Site(dataset_of(data_dir), Path(data_dir), base_url, base_url)
    page = render(site, path)
    digest = hashlib.sha256(path.encode() + b"\0" + page.body).hexdigest()[:20]
    return page, f'"{site.dataset.version}-{digest}"'


def base_url(request: Request) -> str:
    """Where the routes live: $SITE_URL when set (behind a proxy; it also keeps a forged Host header
    out of canonical links), else the address the request came to."""
    configured = settings().site_url
    return configured or str(request.base_url).rstrip("/")


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def respond_bytes(
    body: bytes, media_type: str, max_age: int, etag: str | None, request: Request, status: int = 200
) -> Response:
    """An answer with the security headers and caching; a 200 carries its ETag and becomes a 304
    when the request already holds it."""
    headers = {**SECURITY_HEADERS, "Cache-Control": f"public, max-age={max_age}"}
    if status == 200 and etag:
        headers["ETag"] = etag
        if _matches(request.headers.get("if-none-match", ""), etag):
            return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def respond(page: Page, etag: str, request: Request) -> Response:
    return respond_bytes(page.body, page.media_type, page.max_age, etag, request, page.status)


def serve(request: Request) -> Response:
    """Any web route: the renderer's page for the request's path (a plain function: Starlette runs
    it in a worker thread, so a first render never holds up the Streamlit pages' event loop)."""
    try:
        page, etag = _answer(str(data_dir_from_env()), base_url(request), request.url.path)
    except DataValidationError as error:  # the Streamlit pages list the defects; here, say so plainly
        return PlainTextResponse(f"The data cannot be served: {error}", status_code=503, headers=SECURITY_HEADERS)
    return respond(page, etag, request)


async def add_slash(request: Request) -> Response:
    return RedirectResponse(request.url.path + "/", status_code=301, headers=SECURITY_HEADERS)


def web_routes() -> list[BaseRoute]:
    """The routes app.py mounts; the Streamlit pages keep every other path."""
    methods = ["GET", "HEAD"]
    return [
        Route("/ties", add_slash, methods=methods),
        Route("/ties/", serve, methods=methods),
        Route("/ties/{pair_id}", add_slash, methods=methods),
        Route("/ties/{pair_id}/", serve, methods=methods),
        Route("/site.css", serve, methods=methods),
        Route("/sitemap.xml", serve, methods=methods),
        Route("/robots.txt", serve, methods=methods),
        Route("/feed.atom", serve, methods=methods),
        Route("/downloads/{version}/{name}", serve, methods=methods),
        Route("/v/{version}/{rest:path}", serve, methods=methods),
    ]
