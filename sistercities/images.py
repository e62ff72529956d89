"""Pictures of charts: PNG and SVG from one kaleido browser kept alive for the process, and
self-contained HTML. Needs Chromium on the server for PNG and SVG; HTML needs nothing."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import kaleido
import plotly.graph_objects as go
from plotly.io._utils import validate_coerce_fig_to_dict

from sistercities.basemap import TOPOJSON_DIR
from sistercities.escaping import escape_html

PNG_WIDTHS = (640, 1200)
IMAGE_SCALE = 2
CHROME_HELP = (
    "Image export needs Chrome or Chromium on the server. On Debian: `apt-get install -y chromium`, "
    "then restart the app. HTML, CSV and JSON downloads work without it."
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
    fetches a map from its CDN: injected into kaleido's page and into HTML exports."""
    path = Path(tempfile.gettempdir()) / "sister-cities-geo-assets.js"
    path.write_text(geo_assets_js(), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def geo_assets_js() -> str:
    world = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
    return f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {world}}}}};"


# Tabs kept open (two readers' exports run at once) and how many renders a tab serves before it
# is reloaded: a fresh page is the clean slate kaleido wants, a warm one renders twice as fast.
IMAGE_TABS = 2
RENDERS_PER_RELOAD = 100


class _WarmTabKaleido(kaleido.Kaleido):
    """Kaleido as it is, but for when a tab is reloaded. Kaleido 1.5 reloads the tab after every
    image *before* handing the image back, so each export waits for plotly.js to load again (about
    0.3 s here) and then runs it cold. This hands the image back at once and reloads the tab in the
    background, every RENDERS_PER_RELOAD renders."""

    renders = 0
    reloads = 0

    async def _return_kaleido_tab(self, tab) -> None:  # kaleido's hook for a finished render
        self.renders += 1
        if self.renders % RENDERS_PER_RELOAD:
            await self.tabs_ready.put(tab)
            return
        self.reloads += 1
        task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
        self._reloads = getattr(self, "_reloads", set())
        self._reloads.add(task)  # keep a reference until it is done
        task.add_done_callback(self._reloads.discard)


class ImageServer:
    """One kaleido browser for the process, on an event loop of its own in a daemon thread.

    kaleido's own sync server waits for its next task with a blocking queue, which stalls its event
    loop between exports (nothing in the background could run); this loop runs free, and every
    Streamlit session's thread submits to it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido-loop", daemon=True).start()
        # No MathJax (a CDN script), and the vendored map data on the page: renders offline.
        page = kaleido.PageGenerator(mathjax=False, others=[str(geo_assets_script())])
        self.kaleido = _WarmTabKaleido(n=IMAGE_TABS, page_generator=page, timeout=60)
        self._run(self.kaleido.open())
        atexit.register(self.close)
        self._warm_up()

    def _warm_up(self) -> None:
        """Render a small chart of each kind a few times on every tab: plotly.js runs several
        times slower on a page until V8 has compiled its hot paths."""
        sample = go.Figure([go.Bar(x=[1, 2], y=["a", "b"], orientation="h"), go.Scatter(x=[1, 2], y=["a", "b"])])
        globe = go.Figure(go.Scattergeo(lon=[-120, 60], lat=[37, 56], mode="lines"))
        globe.update_geos(projection_type="orthographic", resolution=110)
        for _ in range(2 * IMAGE_TABS):
            for figure in (sample, globe):
                for fmt in ("png", "svg"):
                    self.render(figure, fmt, 600, 400, 2 if fmt == "png" else 1)

    def close(self) -> None:
        """Close the browser when the process ends, so no Chromium outlives the app."""
        with contextlib.suppress(Exception):  # already gone: nothing left to close
            self._run(self.kaleido.close(), timeout=10)

    def _run(self, coroutine, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        spec = validate_coerce_fig_to_dict(figure, True)
        options = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self.kaleido.calc_fig(spec, opts=options))


_server_lock = threading.Lock()
_server: ImageServer | None = None


def start_image_server() -> bool:
    """Start the one image server for this process (idempotent). False when no browser."""
    global _server
    if chrome_path() is None:
        return False
    with _server_lock:
        if _server is None:
            _server = ImageServer()
    return True


def start_image_server_in_background() -> None:
    """Warm the image server without holding up the page that asked."""
    threading.Thread(target=start_image_server, name="kaleido-start", daemon=True).start()


def _image(figure: go.Figure, fmt: str, width: int) -> bytes:
    if not start_image_server():
        raise RuntimeError(CHROME_HELP)
    height = int(figure.layout.height or 500)
    assert _server is not None
    return _server.render(figure, fmt, width, height, IMAGE_SCALE if fmt == "png" else 1)


def to_png(figure: go.Figure, width: int) -> bytes:
    return _image(figure, "png", width)


def to_svg(figure: go.Figure, width: int = 1200) -> bytes:
    return _image(figure, "svg", width)


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
        head += f"<script>{geo_assets_js()}</script>"
    return page.replace("<head>", "<head>" + head, 1).encode("utf-8")
