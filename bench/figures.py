"""Benchmark: what the browser pays to draw each chart, and to redraw it after a filter change.

    .venv/bin/python -m bench.figures [--repeat 7]

One local page in Debian's Chromium (Playwright), plotly.js inlined from the installed plotly and
the vendored topojson given to it as window.PlotlyGeoAssets, so the map draws offline as the app's
does from static/topojson/. For each chart, timed in the page with performance.now(): JSON.parse
of the figure and `await Plotly.newPlot` (a first draw), then JSON.parse and `await Plotly.react`
with the same view filtered to cut ties (a filter change); "parse ms" is the first JSON.parse alone.
"build ms" is the server's side, building the figure and its JSON in Python. A bare 3-point
scatter is the reference.
Rounds interleave the charts so a burst of load on this shared machine hits all of them; medians
of `--repeat` rounds after one warm-up. Prints a table; no thresholds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
from playwright.sync_api import sync_playwright

from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.geomap import geo_map_figure
from sistercities.images import geo_assets_js
from sistercities.loader import load_dataset
from sistercities.ties import shown_status
from sistercities.timeline import timeline_figure

CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-12-01"  # fixed, so the runs on two commits draw the same days

DRAW = """async ([first, second]) => {
    const div = document.getElementById('chart');
    const config = {displayModeBar: false};
    const t0 = performance.now();
    const a = JSON.parse(first);
    const parsed = performance.now();
    await Plotly.newPlot(div, a.data, a.layout, config);
    const t1 = performance.now();
    const b = JSON.parse(second);
    await Plotly.react(div, b.data, b.layout, config);
    const t2 = performance.now();
    Plotly.purge(div);
    return [t1 - t0, t2 - t1, parsed - t0];
}"""


def builders() -> dict[str, tuple]:
    """Each chart's builder for every tie, and for the cut ties only (the redraw)."""
    data = load_dataset(Path("data"))
    today = dt.date.fromisoformat(TODAY)
    pairs = data.pairs
    cut = pairs[shown_status(pairs) == "cut"]
    return {
        "bare scatter": tuple(lambda y=y: go.Figure(go.Scatter(x=[1, 2, 3], y=y)) for y in ([3, 1, 2], [1, 2, 3])),
        "timeline": tuple(lambda p=p: timeline_figure(p, data.events, data.sources, today=today) for p in (pairs, cut)),
        "decisions": tuple(
            lambda p=p: decisions_figure(monthly_status_counts(p, data.events, today)) for p in (pairs, cut)
        ),
        "states": tuple(lambda p=p: state_figure(state_breakdown(p)) for p in (pairs, cut)),
        "geo map": tuple(lambda p=p: geo_map_figure(p, "route", None, height=560) for p in (pairs, cut)),
    }


def figures() -> dict[str, tuple[go.Figure, go.Figure]]:
    """Each chart as drawn for every tie, and for the cut ties only (the redraw)."""
    return {name: (first(), second()) for name, (first, second) in builders().items()}


def build_ms(build, repeat: int) -> float:
    """The server's side: median ms to build the figure and write its JSON."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build().to_json()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_html(directory: Path) -> Path:
    page = directory / "figures.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<script>{geo_assets_js()}</script><script>{plotly.offline.get_plotlyjs()}</script>"
        "</head><body><div id='chart' style='width:1000px'></div></body></html>",
        encoding="utf-8",
    )
    return page


def measure(specs: dict[str, tuple[str, str]], repeat: int) -> dict[str, tuple[float, ...]]:
    """Median (newPlot ms, react ms, of which JSON.parse ms) per chart from figure JSON pairs
    (first draw, redraw); the draw times include their JSON.parse, as the app's do."""
    times: dict[str, list[list[float]]] = {name: [] for name in specs}
    with tempfile.TemporaryDirectory() as directory, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(page_html(Path(directory)).as_uri())
        page.wait_for_function("window.Plotly !== undefined")
        for round_ in range(repeat + 1):
            for name, pair in specs.items():
                drawn = page.evaluate(DRAW, list(pair))
                if round_:  # the first round warms the page up (plotly.js compiled, topojson parsed)
                    times[name].append(drawn)
        browser.close()
    return {name: tuple(statistics.median(t[i] for t in runs) for i in range(3)) for name, runs in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    built = builders()
    server = {name: build_ms(first, options.repeat) for name, (first, _) in built.items()}
    charts = {name: (first(), second()) for name, (first, second) in built.items()}
    specs = {name: (a.to_json(), b.to_json()) for name, (a, b) in charts.items()}
    medians = measure(specs, options.repeat)
    load = os.getloadavg()
    print(f"Chromium {CHROMIUM}, {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"median of {options.repeat} rounds after a warm-up; ratios to the bare scatter\n")
    base_new, base_react, _ = medians["bare scatter"]
    header = (
        f"{'chart':<14}{'traces':>7}{'shapes':>7}{'JSON KB':>9}{'newPlot ms':>12}{'x':>6}"
        f"{'react ms':>10}{'x':>6}{'parse ms':>10}{'build ms':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, (figure, _) in charts.items():
        new, react, parse = medians[name]
        shapes = len(figure.layout.shapes or ())
        kb = len(specs[name][0]) / 1000
        print(
            f"{name:<14}{len(figure.data):>7}{shapes:>7}{kb:>9.1f}{new:>12.1f}{new / base_new:>6.1f}"
            f"{react:>10.1f}{react / base_react:>6.1f}{parse:>10.1f}{server[name]:>10.1f}"
        )
    print(f"\nload average after the run: {json.dumps([round(x, 1) for x in os.getloadavg()])}")


if __name__ == "__main__":
    main()
