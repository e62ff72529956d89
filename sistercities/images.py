"""Pictures of charts: PNG and SVG from one kaleido browser kept alive for the process, and
self-contained HTML. Needs Chromium on the server for PNG and SVG; HTML needs nothing."""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

import kaleido
import plotly.graph_objects as go

from sistercities.basemap import TOPOJSON_DIR
from sistercities.escaping import escape_html

# (layout width, scale, button label): each PNG is exactly as many pixels wide as its label says;
# the print one is the 1200 px layout drawn at twice the pixels.
PNG_SIZES = (
    (640, 1, "Download PNG (640 px)"),
    (1200, 1, "Download PNG (1200 px)"),
    (1200, 2, "Download PNG (2400 px, 2× for print)"),
)
# What a reader is told when the server has no browser for image export, and what the operator
# is told (in the log): readers never see the server's set-up.
CHROME_HELP = "PNG and SVG downloads are not available just now. HTML, CSV and JSON downloads work."
CHROME_HELP_OPERATOR = (
    "Image export needs Chrome or Chromium on the server (kaleido looks for `chromium`). On Debian: "
    "apt-get install -y chromium, then restart the app."
)


def chrome_path() -> str | None:
    """The browser kaleido will use, or None when the machine has none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def geo_assets_script() -> Path:
    """A script defining window.PlotlyGeoAssets from the vendored topojson, so plotly.js never
    fetches a map from its CDN: injected into kaleido's page. A private file of this process
    (mkstemp: a new name, readable by this user only), removed when the process ends, so replicas
    on one machine never share it and no other local user can write it."""
    handle, name = tempfile.mkstemp(prefix="sister-cities-geo-", suffix=".js")
    with os.fdopen(handle, "w", encoding="utf-8") as script:
        script.write(geo_assets_js())
    atexit.register(_remove, Path(name))
    return Path(name)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# Every map plotly.js may ask for: the globe at 1:110m, the US, California and Bay Area views at
# 1:50m (world_50m for a mercator region, usa_* for the 'albers usa' scope).
TOPOJSON_NAMES = ("world_110m", "world_50m", "usa_50m", "usa_110m")


@lru_cache(maxsize=8)
def geo_assets_js(names: tuple[str, ...] = TOPOJSON_NAMES) -> str:
    """window.PlotlyGeoAssets with the vendored topojson `names`, as plotly.js reads it."""
    maps = ", ".join(f"{name}: {(TOPOJSON_DIR / f'{name}.json').read_text(encoding='utf-8')}" for name in names)
    return f"window.PlotlyGeoAssets = {{topojson: {{{maps}}}}};"


def topojson_needed(figure: go.Figure) -> tuple[str, ...]:
    """The topojson plotly.js fetches for the figure's maps: '<scope>_<resolution>m' per geo
    (plotly.js geo's topojson name; a scope other than the US's reads the world's)."""
    names = []
    for key in figure.layout.to_plotly_json():
        if key.startswith("geo"):
            geo = figure.layout[key]
            scope = "usa" if geo.scope == "usa" else "world"
            names.append(f"{scope}_{int(geo.resolution or 110)}m")
    return tuple(sorted(set(names))) or ("world_110m",)


# Tabs kept open: two readers' exports run at once.
IMAGE_TABS = 2
RENDER_TIMEOUT = 60.0  # seconds for one picture; past it the render is cancelled, the browser replaced
MAX_STARTS = 3  # browser starts that may fail before image export gives up for this process
RETRY_AFTER = 30.0  # seconds between two failed starts


class RenderTimeout(RuntimeError):
    """A picture took longer than RENDER_TIMEOUT; its render was cancelled."""


class ImageServer:
    """One kaleido browser on an event loop of its own in a daemon thread, through kaleido's
    public API only. kaleido's own sync server waits for its next task with a blocking queue, which
    stalls its event loop between exports; this loop runs free, and every Streamlit session's
    thread submits to it. A start that fails stops its loop and closes what it opened."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kaleido-loop", daemon=True)
        self.thread.start()
        self.kaleido: kaleido.Kaleido | None = None
        try:
            # No MathJax (a CDN script), and the vendored map data on the page: renders offline.
            page = kaleido.PageGenerator(mathjax=False, others=[str(geo_assets_script())])
            self.kaleido = kaleido.Kaleido(n=IMAGE_TABS, page_generator=page, timeout=RENDER_TIMEOUT)
            self._run(self.kaleido.open())
            self._warm_up()
        except BaseException:
            self.close()
            raise
        atexit.register(self.close)

    def _warm_up(self) -> None:
        """Render a small chart of each kind on every tab: plotly.js runs several times slower on
        a page until V8 has compiled its hot paths."""
        sample = go.Figure([go.Bar(x=[1, 2], y=["a", "b"], orientation="h"), go.Scatter(x=[1, 2], y=["a", "b"])])
        globe = go.Figure(go.Scattergeo(lon=[-120, 60], lat=[37, 56], mode="lines"))
        globe.update_geos(projection_type="orthographic", resolution=110)
        for _ in range(IMAGE_TABS):
            for figure in (sample, globe):
                for fmt in ("png", "svg"):
                    self.render(figure, fmt, 600, 400, 2 if fmt == "png" else 1)

    @property
    def alive(self) -> bool:
        return self.thread.is_alive() and self.kaleido is not None

    def close(self) -> None:
        """Close the browser and stop the loop, so no Chromium or thread outlives the server."""
        if self.kaleido is not None and self.loop.is_running():
            with contextlib.suppress(Exception):  # already gone: nothing left to close
                self._run(self.kaleido.close(), timeout=10)
        self.kaleido = None
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        if self.thread is not threading.current_thread():
            self.thread.join(timeout=10)

    def _run(self, coroutine, timeout: float = 120):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()  # .result(timeout) alone would leave the render running in its tab
            raise RenderTimeout(f"the picture took longer than {timeout:.0f} s") from None

    def render(
        self, figure: go.Figure, fmt: str, width: int, height: int, scale: float, timeout: float = RENDER_TIMEOUT
    ) -> bytes:
        options = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self.kaleido.calc_fig(figure.to_dict(), opts=options), timeout)


class _ImageService:
    """The process's one image server: started on first use, replaced when its browser dies or a
    render times out, and given up after MAX_STARTS failed starts (a retry at most every
    RETRY_AFTER seconds), so a broken machine does not start a browser on every click."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.server: ImageServer | None = None
        self.failed_starts = 0
        self.last_failure = 0.0

    def get(self) -> ImageServer | None:
        with self.lock:
            if self.server is not None and self.server.alive:
                return self.server
            self.server = None
            if chrome_path() is None or self.failed_starts >= MAX_STARTS:
                return None
            if self.failed_starts and time.monotonic() - self.last_failure < RETRY_AFTER:
                return None
            try:
                self.server = ImageServer()
            except Exception:
                self.failed_starts += 1
                self.last_failure = time.monotonic()
                logging.getLogger(__name__).exception("the image server did not start")
                return None
            self.failed_starts = 0
            return self.server

    def retire(self, server: ImageServer) -> None:
        with self.lock:
            if self.server is server:
                self.server = None
        server.close()

    def render(
        self, figure: go.Figure, fmt: str, width: int, timeout: float = RENDER_TIMEOUT, scale: float = 1
    ) -> bytes:
        height = int(figure.layout.height or 500)
        for attempt in range(2):  # once more on a fresh browser if this one died under us
            server = self.get()
            if server is None:
                raise RuntimeError(CHROME_HELP_OPERATOR)
            try:
                return server.render(figure, fmt, width, height, scale, timeout)
            except RenderTimeout:
                self.retire(server)  # its tab may still be busy: a new browser for the next reader
                raise
            except Exception:
                self.retire(server)
                if attempt:
                    raise
        raise AssertionError("unreachable")


service = _ImageService()


def start_image_server() -> bool:
    """Start the one image server for this process (idempotent). False when there is no browser
    or it cannot be started."""
    return service.get() is not None


def start_image_server_in_background() -> None:
    """Warm the image server without holding up the page that asked."""
    threading.Thread(target=start_image_server, name="kaleido-start", daemon=True).start()


def to_png(figure: go.Figure, width: int, scale: float = 1) -> bytes:
    """A PNG `width` × scale pixels wide."""
    return service.render(figure, "png", width, scale=scale)


def to_svg(figure: go.Figure, width: int = 1200, title: str = "", description: str = "") -> bytes:
    """An SVG whose first children are its <title> and <desc> (the chart's title and alt text),
    escaped, so screen readers and image libraries read them."""
    svg = service.render(figure, "svg", width).decode("utf-8")
    return with_title_and_desc(svg, title, description).encode("utf-8")


def with_title_and_desc(svg: str, title: str, description: str) -> str:
    tags = (f"<title>{escape_html(title)}</title>" if title else "") + (
        f"<desc>{escape_html(description)}</desc>" if description else ""
    )
    if not tags:
        return svg
    end = svg.index(">", svg.index("<svg")) + 1
    return svg[:end] + tags + svg[end:]


def to_html(figure: go.Figure, title: str) -> bytes:
    """One self-contained page: plotly.js and any map data inlined, nothing fetched, embeddable."""
    page = figure.to_html(
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg", "scale": 2}},
        default_width="100%",
        default_height=f"{int(figure.layout.height or 500)}px",
    )
    head = f"<title>{escape_html(title)}</title><meta name='viewport' content='width=device-width, initial-scale=1'>"
    if any(getattr(trace, "type", "") == "scattergeo" for trace in figure.data):
        head += f"<script>{geo_assets_js(topojson_needed(figure))}</script>"
    return page.replace("<head>", "<head>" + head, 1).encode("utf-8")
