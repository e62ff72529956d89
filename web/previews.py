"""Link previews for the Streamlit pages, and the card pictures every preview shows.

Streamlit answers each page's URL with the same HTML shell titled "Streamlit". `LinkPreviews`
(ASGI middleware, added by app.py) rewrites that shell's <head> with what the URL shows: title,
description, canonical link, Open Graph and Twitter card tags (sistercities.site.previews), so a
link preview, a search engine's first pass or an archive reads it before any script runs.
`serve_card` answers /cards/...png with a PNG drawn once per card and data version.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from urllib.parse import parse_qs

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sistercities import images
from sistercities.loader import DataValidationError, data_dir_from_env
from sistercities.site.card_pictures import CardKey, card_figure, card_key
from sistercities.site.previews import CARD_WIDTH, STREAMLIT_PAGES, head_html, page_preview
from web.routes import SECURITY_HEADERS, base_url, dataset_of, respond_bytes

_log = logging.getLogger(__name__)
SHELL_TITLE = b"<title>Streamlit</title>"
# Request headers that would let the shell come back compressed, partial or as a 304: the
# middleware needs the whole shell to rewrite it (it is about 8 KB).
DROPPED_REQUEST_HEADERS = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range"}
DROPPED_RESPONSE_HEADERS = {b"content-length", b"etag", b"last-modified", b"content-encoding"}
CARD_MAX_AGE = 86_400
MAX_QUERY_BYTES = 4_000  # a longer query is not a view anyone shares: the page's default preview


def _params(query_string: bytes) -> dict[str, list[str]]:
    if len(query_string) > MAX_QUERY_BYTES:
        return {}
    return parse_qs(query_string.decode("latin-1"), keep_blank_values=True, max_num_fields=60)


@functools.lru_cache(maxsize=1024)
def _head(data_dir: str, base: str, path: str, query_string: bytes) -> bytes:
    """The <head> tags of one URL, made once per data folder, address and URL."""
    return head_html(page_preview(dataset_of(data_dir), path, _params(query_string), base))


def _with_head(shell: bytes, head: bytes) -> bytes:
    if SHELL_TITLE in shell:
        return shell.replace(SHELL_TITLE, head, 1)
    return shell.replace(b"</head>", head + b"</head>", 1)


class LinkPreviews:
    """Writes each Streamlit page's <head>; every other request passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"] not in STREAMLIT_PAGES:
            await self.app(scope, receive, send)
            return
        head = await self._head(scope)
        if head is None:  # invalid data: the page itself says so; the shell stays as it is
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in DROPPED_REQUEST_HEADERS]
        inner = {**scope, "headers": headers, "method": "GET"}
        start: Message | None = None
        body = bytearray()

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(inner, receive, capture)
        assert start is not None, "the app sent no response"
        content = bytes(body)
        kept = [(k, v) for k, v in start["headers"] if k.lower() not in DROPPED_RESPONSE_HEADERS]
        if start["status"] == 200 and dict(kept).get(b"content-type", b"").startswith(b"text/html"):
            content = _with_head(content, head)
            kept.append((b"cache-control", b"no-cache")) if b"cache-control" not in dict(kept) else None
        kept.append((b"content-length", str(len(content)).encode()))
        await send({**start, "headers": kept})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else content})

    async def _head(self, scope: Scope) -> bytes | None:
        request = Request(scope)
        try:
            return await anyio.to_thread.run_sync(
                _head, str(data_dir_from_env()), base_url(request), scope["path"], scope.get("query_string", b"")
            )
        except DataValidationError:
            return None


@functools.lru_cache(maxsize=512)
def _card(data_dir: str, key: CardKey) -> bytes:
    """A card's PNG, drawn once per data folder and card (its canonical filters)."""
    return images.to_png(card_figure(dataset_of(data_dir), key), CARD_WIDTH)


def serve_card(request: Request) -> Response:
    """/cards/ties/<pair_id>.png and /cards/<page>.png?filters: 1200 × 630 PNG (a plain function:
    Starlette runs it in a worker thread while the picture is drawn)."""
    data_dir = str(data_dir_from_env())
    try:
        dataset = dataset_of(data_dir)
    except DataValidationError:
        return PlainTextResponse("The data cannot be served just now.", status_code=503, headers=SECURITY_HEADERS)
    key = card_key(request.url.path, _params(request.url.query.encode("latin-1")), dataset)
    if key is None:
        return PlainTextResponse("No such picture.", status_code=404, headers=SECURITY_HEADERS)
    try:
        picture = _card(data_dir, key)
    except Exception:  # no browser on the server, or it failed: the operator reads the log
        _log.exception("the preview card %s could not be drawn", key)
        return PlainTextResponse("This picture is not available just now.", status_code=503, headers=SECURITY_HEADERS)
    etag = f'"{dataset.version}-{hashlib.sha256(repr(key).encode()).hexdigest()[:20]}"'
    return respond_bytes(picture, "image/png", CARD_MAX_AGE, etag, request)


def card_routes() -> list[BaseRoute]:
    return [
        Route("/cards/ties/{name}", serve_card, methods=["GET", "HEAD"]),
        Route("/cards/{name}", serve_card, methods=["GET", "HEAD"]),
    ]
