"""Benchmark: cold and warm PNG/SVG export times on the embedded data.

    .venv/bin/python -m bench.exports [--repeat 7]

"Server start" is what a fresh process pays once, in the background in the app: kaleido starts
Chromium and the server warms each tab up. "First" is the first export of each chart after that;
warm is the median of the next runs through the same kept-alive server. Prints a table; no
thresholds here (this machine is shared and noisy), the README and docs/benchmarks.md record the
figures.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from sistercities import descriptions, framing, images
from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.filters import FilterState, apply_filters
from sistercities.geomap import export_map_figure
from sistercities.loader import load_dataset
from sistercities.timeline import timeline_figure


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    dataset = load_dataset()
    pairs = apply_filters(dataset.pairs, dataset.events, FilterState())
    charts = {
        "timeline": framing.framed(
            timeline_figure(pairs, dataset.events, dataset.sources),
            descriptions.finding_title(pairs),
            "All ties",
            dataset.last_updated,
        ),
        "map": framing.framed(
            export_map_figure(pairs, "route"), descriptions.finding_title(pairs), "All ties", dataset.last_updated
        ),
        "decisions": framing.framed(
            decisions_figure(monthly_status_counts(pairs, dataset.events)),
            descriptions.finding_title(pairs),
            "All ties",
            dataset.last_updated,
        ),
        "states": framing.framed(
            state_figure(state_breakdown(pairs)), descriptions.finding_title(pairs), "All ties", dataset.last_updated
        ),
    }
    started = time.perf_counter()
    if not images.start_image_server():
        raise SystemExit("no Chrome/Chromium found: image export benchmark cannot run")
    server_start = time.perf_counter() - started
    rows = []
    for chart, figure in charts.items():
        renders = (
            ("PNG 640 px", lambda f=figure: images.to_png(f, 640)),
            ("PNG 1200 px", lambda f=figure: images.to_png(f, 1200)),
            ("SVG", lambda f=figure: images.to_svg(f)),
        )
        for fmt, render in renders:
            cold = timed(render)
            warm = [timed(render) for _ in range(options.repeat)]
            rows.append((chart, fmt, cold, statistics.median(warm), max(warm)))
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"image server start (Chromium and warm-up, once per process): {server_start:.2f} s")
    print(f"{'chart':<10} {'format':<12} {'px high':>8} {'first s':>8} {'warm median s':>14} {'warm max s':>11}")
    for chart, fmt, cold, median, worst in rows:
        height = int(charts[chart].layout.height)
        print(f"{chart:<10} {fmt:<12} {height:8d} {cold:8.2f} {median:14.3f} {worst:11.3f}")


if __name__ == "__main__":
    main()
