"""Benchmark: page loads and reruns against bare Streamlit pages measured in the same run, sizes
from 1,000 to 100,000 synthetic pairs, and concurrent sessions. Prints tables; no thresholds.

    .venv/bin/python -m bench.pages                  # everything (about 20 minutes on 2 cores)
    .venv/bin/python -m bench.pages --quick          # fewer repeats, 10k pairs at most, 5 sessions for 15 s
    .venv/bin/python -m bench.pages --parts loads,reruns   # only some parts
    .venv/bin/python -m bench.pages --parts naive --repeat 1   # only the naive app comparison, once

Times are medians of fresh browser contexts (Debian's Chromium through Playwright): from navigation
until Streamlit reports the script finished, no skeleton is left, and the page's map pixels, chart
SVG or table cells are there. Ratios compare each page with a bare page of the same kind served the
same way (bench/bare/: a title, a one-arc deck, a three-point plot, a 92-row table). Loads are also
measured on a second visit, with the scripts in the browser's cache. Reruns: a sidebar filter
change and each page's own control, against a bare page's widget rerun (with and without a redraw
of its chart). Naive: each page's first load and sidebar filter change against those of a naive
app doing the same job in one file (bench/naive_app.py: a deck of arcs, a timeline, a table and an
Outcome filter), served in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BARE = ROOT / "bench" / "bare"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Loaded, or a change over: the script has finished, nothing is stale or a skeleton, and every
# plotly chart on the page is drawn: a trace group for each trace that has points (and a geo map's
# land). Until 2026-12-04 only the first chart was awaited, so charts below it could still be drawing.
DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')) return false;
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const plot = chart.querySelector('.js-plotly-plot');
        if (!plot || !plot._fullData || !plot._fullLayout) return false;
        const withPoints = plot._fullData.filter((t) => t.visible === true && t._length > 0).length;
        if (chart.querySelectorAll('g.trace').length < withPoints) return false;
        if (plot._fullLayout._has && plot._fullLayout._has('geo') && !chart.querySelector('.geo .layer.land path'))
            return false;
    }
    return true;
}"""
KIND = {"/": "title", "/map": "geo", "/timeline": "plot", "/compare": "plot", "/data": "table"}
READY = {
    "deck": '[data-testid="stDeckGlJsonChart"] canvas',
    "plot": '[data-testid="stPlotlyChart"] .main-svg',
    "title": "h1",
    # An SVG map is drawn when its land outlines and its places are (the app's map comes first as SVG).
    "geo": (
        '[data-testid="stPlotlyChart"] .geo .layer.land path',
        '[data-testid="stPlotlyChart"] .scattergeo path.point',
    ),
    # The grid is a lazily loaded chunk: a table is drawn when its first cell is (the cells are
    # an accessible copy of what the grid paints on its canvas, present but never "visible").
    "table": '[data-testid="stDataFrame"] [role="gridcell"]',
}


BARE_KINDS = ("title", "deck", "geo", "plot", "table")  # bench/bare/<kind>.py
NAIVE_APP = ROOT / "bench" / "naive_app.py"
# The naive app is drawn when its map (painted, as for the bare deck) and its timeline both are.
NAIVE_READY = (READY["deck"], READY["plot"])


def selectors(ready: str | tuple[str, ...]) -> tuple[str, ...]:
    return (ready,) if isinstance(ready, str) else ready


def wait_until_ready(page, ready: str | tuple[str, ...]) -> None:
    for selector in selectors(ready):
        state = "attached" if selector == READY["table"] else "visible"
        page.wait_for_selector(selector, state=state, timeout=180_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, script: Path, cwd: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--client.showSidebarNavigation",
                "false",
            ],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{script} did not start")

    def peak_memory_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def memory_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a server still busy after a load test
            self.process.kill()
            self.process.wait()


class CpuShare:
    """Where a load test's CPU went: how busy the whole machine was, and how much of one core the
    server used. Tells a slow server from a machine full of browsers."""

    def __init__(self, server: Server):
        self.server = server

    @staticmethod
    def _machine() -> tuple[int, int]:
        ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
        return sum(ticks), ticks[3] + ticks[4]  # all, idle + iowait

    def __enter__(self):
        self.start, self.start_idle = self._machine()
        self.start_server, self.start_wall = self.server.cpu_seconds(), time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        end, end_idle = self._machine()
        self.machine_busy = 100 * (1 - (end_idle - self.start_idle) / max(1, end - self.start))
        self.server_core = 100 * (self.server.cpu_seconds() - self.start_server) / (time.monotonic() - self.start_wall)

    def __str__(self) -> str:
        return f"machine {self.machine_busy:.0f} % busy, server {self.server_core:.0f} % of one core"


def map_painted(png: bytes, basemap: bool, coloured: bool = False) -> bool:
    """Whether a map's canvas shows what it should: for the app, its basemap picture (land and
    ocean over a good share) and its coloured ties; for the bare deck, its one arc; for the naive
    app (coloured), its coloured arcs (the deck's grey zoom buttons alone have some 100 dark
    pixels, enough for the bare deck's test)."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    saturated = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 80).sum())
    if coloured:
        return saturated > 50
    if not basemap:
        return int((pixels.sum(axis=2) < 600).sum()) > 30
    land = (np.abs(pixels - np.array([236, 236, 232])).sum(axis=2) <= 6).mean()
    return land > 0.05 and saturated > 50


def load(browser, url: str, ready: str | tuple[str, ...], warm: bool = False) -> tuple[float, int]:
    """(seconds until drawn, websocket bytes received) for one page in a fresh context; ready is
    a selector or several, all to be present. A map is drawn when its pixels are: the canvas
    element alone exists long before (the basemap picture and the layers arrive after it). warm:
    the context has loaded the page once before, so its scripts come from the browser's cache, as
    for a reader's second visit."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    if warm:
        page.goto(url)
        wait_until_ready(page, ready)
        page.wait_for_function(DONE, timeout=180_000)
        page.goto("about:blank")
    received = [0]
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload))),
    )
    start = time.perf_counter()
    page.goto(url)
    wait_until_ready(page, ready)
    page.wait_for_function(DONE, timeout=180_000)
    if READY["deck"] in selectors(ready):
        chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
        basemap = "/map" in url
        while not map_painted(chart.screenshot(), basemap, coloured=ready == NAIVE_READY):
            if time.perf_counter() - start > 180:
                raise RuntimeError(f"map never painted on {url}")
    elapsed = time.perf_counter() - start
    errors = page.locator('[data-testid="stException"]').count()
    context.close()
    if errors:
        raise RuntimeError(f"exception shown on {url}")
    return elapsed, received[0]


def median_load(browser, url: str, ready: str | tuple[str, ...], repeat: int, warm: bool = False) -> tuple[float, int]:
    runs = [load(browser, url, ready, warm) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), int(statistics.median(r[1] for r in runs))


def rerun_time(browser, url: str, click_texts: list[str], repeat: int, shows_choice: bool = False) -> float:
    """Median seconds from a widget click to the redrawn page: a run finished since the click, and
    every chart drawn. A bare page (shows_choice) prints the choice; its text must show too."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DONE, timeout=180_000)
    times = []
    for index in range(repeat):
        label = click_texts[index % len(click_texts)]
        button = page.locator('[data-testid="stButtonGroup"] button', has_text=label).first
        runs = runs_done(page)
        start = time.perf_counter()
        button.click()
        _wait_for_rerun(page, runs)
        if shows_choice:
            page.get_by_text(f"Chosen: {label}").wait_for(timeout=30_000)
        times.append(time.perf_counter() - start)
    context.close()
    return statistics.median(times)


def outcome_option(page, name: str):
    """Opens the sidebar's first multiselect (Outcome) and returns its option `name`, drawn and
    ready to click (the caller times the click). The box is opened by its input: with choices
    made, the box's middle is a chip's remove button."""
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first.click()
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    return option


# Counts the script runs a page has finished (every change of stApp's run state away from
# 'running'), from the first call on; returns the count so far.
COUNT_RUNS = """() => {
  if (window.__runsDone === undefined) {
    window.__runsDone = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver((records) => {
      window.__runsDone += records.filter((record) => record.oldValue === 'running').length;
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  }
  return window.__runsDone;
}"""


def runs_done(page) -> int:
    """How many script runs the page has finished: read just before a click, and handed to
    _wait_for_rerun, so a run that is over before anyone looks is still seen."""
    return page.evaluate(COUNT_RUNS)


def _wait_for_rerun(page, runs_before: int) -> None:
    """Until a script run has finished since `runs_before` (runs_done, read before the click) and
    the page is drawn. Until 2026-12-05 this waited for the run state to leave 'notRunning', for
    at most 3 s: a fragment's run could be over before the first look, and cost those 3 s."""
    try:
        page.wait_for_function(f"() => window.__runsDone > {runs_before}", timeout=60_000, polling=5)
    except PlaywrightTimeout as error:
        raise RuntimeError(f"no script run finished within 60 s of the click on {page.url}") from error
    page.wait_for_function(DONE, timeout=180_000, polling=5)


def filter_change(page, count: int, naive: bool = False) -> float:
    """Seconds for one sidebar filter change, timed from the click: 'Cut' picked in the Outcome
    filter on even counts, taken off again on odd ones with 'Clear filters' (the naive app lists
    codes and has no such button: its chip's remove button)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if count % 2 == 0:
        control = outcome_option(page, "cut" if naive else "Cut")
    else:
        page.keyboard.press("Escape")
        if naive:
            control = sidebar.locator('button[aria-label="Remove cut"]').first
        else:
            control = sidebar.locator("button", has_text="Clear filters")
    runs = runs_done(page)
    start = time.perf_counter()
    control.click()
    _wait_for_rerun(page, runs)
    return time.perf_counter() - start


def button_clicks(labels: list[str]):
    """An action like filter_change: click `count` presses the page's segmented button with the
    count-th label (in turn), and returns the seconds to the redrawn page."""

    def click(page, count: int) -> float:
        button = page.locator('[data-testid="stButtonGroup"] button', has_text=labels[count % len(labels)]).first
        runs = runs_done(page)
        start = time.perf_counter()
        button.click()
        _wait_for_rerun(page, runs)
        return time.perf_counter() - start

    return click


def filter_rerun_time(browser, url: str, repeat: int) -> float:
    """Median seconds from a sidebar filter change to the redrawn page: picking 'Cut' in the
    Outcome filter (timed from the click on the option), then 'Clear filters', alternately."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DONE, timeout=180_000)
    times = [filter_change(page, index) for index in range(repeat)]
    if ("outcome=cut" in page.url) != (repeat % 2 == 1):  # an odd count ends on the filter set
        raise RuntimeError(f"the filter change did not reach the link: {page.url}")
    context.close()
    return statistics.median(times)


def naive_filter_rerun_time(browser, url: str, repeat: int) -> float:
    """filter_rerun_time for the naive app: picking 'cut' in its Outcome filter (timed from the
    click on the option), then removing it again (it has no 'Clear filters' and no link),
    alternately. Checked at the end: its timeline's legend shows 'cut' alone after a pick."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DONE, timeout=180_000)
    times = [filter_change(page, index, naive=True) for index in range(repeat)]
    legend = "document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .legendtext').length"
    page.wait_for_function(f"() => {legend} {'=== 1' if repeat % 2 == 1 else '> 1'}", timeout=30_000)
    context.close()
    return statistics.median(times)


def naive_comparison(browser, app: Server, naive: Server, repeat: int) -> dict[str, dict[str, float]]:
    """Seconds (medians) of each page's first load and sidebar filter change, and the same for the
    naive app: {page or 'naive': {'load': s, 'filter': s}}. Filter changes take at least six
    samples, as in the reruns part: half are picks, half clears."""
    load(browser, naive.url + "/", NAIVE_READY)  # warm its data cache once
    results = {
        "naive": {
            "load": median_load(browser, naive.url + "/", NAIVE_READY, repeat)[0],
            "filter": naive_filter_rerun_time(browser, naive.url + "/", max(repeat, 6)),
        }
    }
    for path in ("/", "/map", "/timeline", "/compare", "/data"):
        ready = READY[KIND[path]]
        load(browser, app.url + path, ready)  # warm the data cache once
        results[path] = {
            "load": median_load(browser, app.url + path, ready, repeat)[0],
            "filter": filter_rerun_time(browser, app.url + path, max(repeat, 6)),
        }
    return results


STUCK_STATE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    return {
        script: app && app.getAttribute('data-test-script-state'),
        skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
        status: status ? status.innerText.slice(0, 80) : '',
        dialog: (document.querySelector('[role="dialog"]') || {}).innerText || '',
    };
}"""


async def _stuck_state(page, index: int) -> str:
    """What a page that never finished looks like: the evidence for an error's cause."""
    try:
        state = await page.evaluate(STUCK_STATE)
        folder = ROOT / "bench" / "results"
        folder.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(folder / f"stuck-session-{index}.png"))
        return str(state)
    except Exception as error:  # the page itself is gone
        return f"unreadable ({type(error).__name__})"


TIMELINE_SORTS = ("First decision", "State", "Outcome")
# A rerun not finished by then counts as an error (it is a hang: the p95 is about a second).
RERUN_TIMEOUT_MS = 120_000


# The filter the load test changes: one click each way, so many sessions can do it without menus.
ASOF_TOGGLE = "Show status on a past day"


async def concurrent_sessions(
    url: str, sessions: int, seconds: float, labels=TIMELINE_SORTS, filter_toggle: str | None = ASOF_TOGGLE
) -> tuple[int, list[str], float]:
    """Sessions for `seconds`, each click at random either a sidebar filter (`filter_toggle`, which
    turns the status-as-of filter on or off and rewrites the link) or a page's segmented buttons
    (`labels`): (reruns, errors, p95 seconds)."""
    from playwright.async_api import async_playwright

    durations: list[float] = []
    errors: list[str] = []

    async def session(browser, index: int) -> None:
        context = await browser.new_context(viewport={"width": 1200, "height": 900})
        page = await context.new_page()
        rng = random.Random(index)
        traffic = {"sent": 0, "received": 0, "last_received": time.monotonic(), "click": time.monotonic()}

        def on_socket(socket) -> None:
            socket.on("framesent", lambda _: traffic.__setitem__("sent", traffic["sent"] + 1))
            socket.on(
                "framereceived",
                lambda _: traffic.update(received=traffic["received"] + 1, last_received=time.monotonic()),
            )

        page.on("websocket", on_socket)
        try:
            await page.goto(url, timeout=180_000)
            await page.wait_for_function(DONE, timeout=180_000)
            stop = time.monotonic() + seconds
            while time.monotonic() < stop:
                label = rng.choice([*labels, *([filter_toggle] * len(labels) if filter_toggle else [])])
                if label == filter_toggle:
                    target = page.locator('[data-testid="stSidebar"] label', has_text=filter_toggle).first
                else:
                    target = page.locator('[data-testid="stButtonGroup"] button', has_text=label).first
                start = time.perf_counter()
                traffic.update(
                    click=time.monotonic(), sent_at_click=traffic["sent"], received_at_click=traffic["received"]
                )
                await target.click(timeout=60_000)
                await page.wait_for_timeout(50)
                await page.wait_for_function(DONE, timeout=RERUN_TIMEOUT_MS)
                durations.append(time.perf_counter() - start)
                if await page.locator('[data-testid="stException"]').count():
                    errors.append(f"session {index}: exception shown")
        except Exception as error:  # a timeout or a crash is an error of the run
            sockets = (
                f"after the click the page sent {traffic['sent'] - traffic.get('sent_at_click', 0)} and received "
                f"{traffic['received'] - traffic.get('received_at_click', 0)} websocket frames, the last "
                f"{time.monotonic() - traffic['last_received']:.0f} s ago"
            )
            errors.append(
                f"session {index}: {type(error).__name__}: {str(error).splitlines()[0][:160]}; {sockets}; page: "
                f"{await _stuck_state(page, index)}"
            )
        finally:
            await context.close()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*(session(browser, i) for i in range(sessions)))
        await browser.close()
    p95 = statistics.quantiles(durations, n=20)[-1] if len(durations) >= 2 else float("nan")
    return len(durations), errors, p95


def main() -> dict[str, dict]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--parts", default="loads,reruns,naive,sizes,sessions", help="a comma list of the parts to run")
    parser.add_argument("--sizes", default="", help="synthetic sizes, e.g. 100000 (default 1000,10000,100000)")
    options = parser.parse_args()
    parts = set(options.parts.split(","))
    repeat = 3 if options.quick else options.repeat
    sizes = [1000, 10000] if options.quick else [1000, 10000, 100000]
    if options.sizes:
        sizes = [int(size) for size in options.sizes.split(",")]
    sessions, seconds = (5, 15.0) if options.quick else (options.sessions, options.seconds)

    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, repeats {repeat}")
    # Served from the project folder, so the bare pages and the naive app run under the same
    # .streamlit/config.toml. The bare pages only for the parts that compare with them.
    bare = (
        {kind: Server(BARE / f"{kind}.py", ROOT) for kind in BARE_KINDS} if parts & {"loads", "reruns", "sizes"} else {}
    )
    naive = Server(NAIVE_APP, ROOT) if "naive" in parts else None
    app = Server(ROOT / "dashboard.py", ROOT)
    results: dict[str, dict] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            base = {kind: median_load(browser, server.url + "/", READY[kind], repeat) for kind, server in bare.items()}
            if base:
                print("\nBare pages: " + ", ".join(f"{kind} {value[0]:.2f} s" for kind, value in base.items()))
            if "loads" in parts:
                base_warm = {
                    kind: median_load(browser, server.url + "/", READY[kind], repeat, warm=True)
                    for kind, server in bare.items()
                }
                print(
                    "Bare pages, second visit (scripts cached): "
                    + ", ".join(f"{kind} {value[0]:.2f} s" for kind, value in base_warm.items())
                )
                print(
                    "\nPage loads on the embedded data (seconds until drawn, median); 'second' = second visit, "
                    "scripts cached"
                )
                print(
                    f"{'page':<10} {'s':>6} {'bare same kind s':>17} {'ratio':>6} {'ratio to title page':>20} "
                    f"{'second s':>9} {'bare second s':>14} {'ratio':>6} {'ws KB':>7}"
                )
            for path in ("/", "/map", "/timeline", "/compare", "/data") if "loads" in parts else ():
                kind = KIND[path]
                load(browser, app.url + path, READY[kind])  # warm the data cache once
                seconds_, sent = median_load(browser, app.url + path, READY[kind], repeat)
                warm, _ = median_load(browser, app.url + path, READY[kind], repeat, warm=True)
                print(
                    f"{path:<10} {seconds_:6.2f} {base[kind][0]:17.2f} {seconds_ / base[kind][0]:6.2f} "
                    f"{seconds_ / base['title'][0]:20.2f} "
                    f"{warm:9.2f} {base_warm[kind][0]:14.2f} {warm / base_warm[kind][0]:6.2f} {sent / 1024:7.0f}"
                )

            if "reruns" in parts:
                bare_rerun = rerun_time(browser, bare["plot"].url + "/", ["b", "c", "a"], repeat, shows_choice=True)
                bare_redraw = rerun_time(
                    browser, bare["plot"].url + "/?redraw=1", ["b", "c", "a"], repeat, shows_choice=True
                )
                print("\nWidget change to redrawn page (median seconds)")
                print(
                    f"bare rerun (its chart unchanged) {bare_rerun:.3f}; bare rerun redrawing its chart "
                    f"{bare_redraw:.3f}"
                )
                print(f"{'change':<40} {'s':>6} {'ratio to bare rerun':>20} {'ratio to bare redraw':>21}")
                changes = (
                    (
                        "timeline: Outcome filter / Clear filters",
                        lambda: filter_rerun_time(browser, app.url + "/timeline", max(repeat, 6)),
                    ),
                    (
                        "map: Outcome filter / Clear filters",
                        lambda: filter_rerun_time(browser, app.url + "/map", max(repeat, 6)),
                    ),
                    (
                        "timeline: lane order",
                        lambda: rerun_time(
                            browser, app.url + "/timeline", ["State", "Outcome", "First decision"], repeat
                        ),
                    ),
                    (
                        "map: view preset",
                        lambda: rerun_time(
                            browser, app.url + "/map", ["California", "Continental US", "Whole route"], repeat
                        ),
                    ),
                )
                for label, measure in changes:
                    took = measure()
                    print(f"{label:<40} {took:6.3f} {took / bare_rerun:20.2f} {took / bare_redraw:21.2f}")

            if naive is not None:
                results["naive"] = compared = naive_comparison(browser, app, naive, repeat)
                print(
                    "\nAgainst the naive app (bench/naive_app.py), same run, median seconds: first load until drawn, "
                    "and a sidebar Outcome filter change until redrawn"
                )
                print(
                    f"{'page':<10} {'load s':>7} {'naive s':>8} {'ratio':>6} {'filter s':>9} {'naive s':>8} "
                    f"{'ratio':>6}"
                )
                own = compared["naive"]
                for path, took in compared.items():
                    if path != "naive":
                        print(
                            f"{path:<10} {took['load']:7.2f} {own['load']:8.2f} {took['load'] / own['load']:6.2f} "
                            f"{took['filter']:9.3f} {own['filter']:8.3f} {took['filter'] / own['filter']:6.2f}"
                        )
            browser.close()

        if "sizes" not in parts:
            sizes = []
        if sizes:
            print("\nSynthetic data (first load fills the cache; then medians)")
            print(f"{'pairs':>7} {'page':<10} {'first s':>8} {'s':>6} {'ratio':>6} {'ws MB':>6} {'server peak MB':>15}")
        for size in sizes:
            folder = Path(tempfile.mkdtemp()) / f"synthetic-{size}"
            subprocess.run([sys.executable, "-m", "bench.synthetic", str(size), str(folder)], cwd=ROOT, check=True)
            server = Server(ROOT / "dashboard.py", ROOT, {"SISTER_CITIES_DATA_DIR": str(folder)})
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                    for path in ("/", "/map", "/timeline", "/compare", "/data"):
                        # Synthetic ids are not the compare page's default ties: it shows its chooser only.
                        ready = READY["title"] if path == "/compare" else READY[KIND[path]]
                        first, _ = load(browser, server.url + path, ready)
                        seconds_, sent = median_load(browser, server.url + path, ready, max(3, repeat - 2))
                        kind = KIND[path]
                        print(
                            f"{size:7d} {path:<10} {first:8.2f} {seconds_:6.2f} {seconds_ / base[kind][0]:6.2f} "
                            f"{sent / 1e6:6.2f} {server.peak_memory_mb():15.0f}"
                        )
                    browser.close()
            finally:
                server.stop()

        if "sessions" not in parts:
            return results
        before = app.memory_mb()
        with CpuShare(app) as cpu:
            reruns, errors, p95 = asyncio.run(concurrent_sessions(app.url + "/timeline", sessions, seconds))
        print(
            f"\n{sessions} concurrent sessions for {seconds:.0f} s on /timeline, half the clicks on a filter: "
            f"{reruns} reruns, {len(errors)} errors, "
            f"p95 rerun {p95:.2f} s, server memory {before:.0f} MB before, {app.memory_mb():.0f} MB after, peak "
            f"{app.peak_memory_mb():.0f} MB; {cpu}"
        )
        for error in errors:
            print("  error:", error)
        # The control: a bare page whose run lasts as long as ours, under the same load. Its errors
        # are Streamlit's own, whatever the app does.
        control = Server(BARE / "slow_plot.py", ROOT)
        try:
            with CpuShare(control) as cpu:
                reruns, errors, p95 = asyncio.run(
                    concurrent_sessions(control.url + "/", sessions, seconds, ("a", "b", "c"), None)
                )
        finally:
            control.stop()
        print(
            f"control, bare page with a 0.5 s run: {reruns} reruns, {len(errors)} errors, p95 rerun {p95:.2f} s; {cpu}"
        )
        for error in errors:
            print("  error:", error)
    finally:
        app.stop()
        if naive is not None:
            naive.stop()
        for server in bare.values():
            server.stop()
    return results


if __name__ == "__main__":
    main()
