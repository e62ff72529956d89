"""Benchmark for issue 24 ("every click at least as fast as the naive app"), every ratio measured
in one run on this machine, no thresholds (it prints the goals beside the figures):

1. each page's first load against the naive app (bench/naive_app.py) and against a bare Streamlit
   page of the same kind (bench/bare/);
2. each page's sidebar filter change against the naive app's: the median of a pick and a clear
   (views seen before, as readers sharing a link meet them), and a run of changes that each make
   a view never seen before (every outcome added in turn);
3. the fragment controls (the timeline's lane order, the map's view) against a full rerun of the
   same page (its sidebar filter change, and the timeline's period, which reruns the page);
4. the timeline's filter changes on 10,000 synthetic ties against the same changes on the record.

A page is loaded, and a change is over, when its script has finished, nothing is stale or a
skeleton, and every chart on it is drawn: each plotly chart has drawn a group for every trace that
has points (a geo map its land too), each deck its pixels (bench.pages.DONE and bench.pages.load).

    .venv/bin/python -m bench.speed                 # about 15 minutes on 2 cores
    .venv/bin/python -m bench.speed --repeat 3 --size 1000
    .venv/bin/python -m bench.speed --parts 3        # the fragment controls alone, a few minutes
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.pages import (
    ARGS,
    BARE,
    CHROMIUM,
    DONE,
    KIND,
    NAIVE_APP,
    NAIVE_READY,
    READY,
    ROOT,
    Server,
    _wait_for_rerun,
    filter_rerun_time,
    median_load,
    naive_filter_rerun_time,
    outcome_option,
    rerun_time,
    runs_done,
)
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_LABELS
from sistercities.views import MAP_VIEW, TIMELINE_PERIOD, TIMELINE_SORT

PAGES = ("/", "/map", "/timeline", "/compare", "/data")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fresh_filter_changes(browser, url: str, names: list[str]) -> list[float]:
    """Seconds from each pick in the sidebar's first multiselect (Outcome) to the drawn page, the
    options added one by one, so every change shows a view this server has not made before."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DONE, timeout=180_000)
    times = []
    for name in names:
        option = outcome_option(page, name)
        runs = runs_done(page)
        start = time.perf_counter()
        option.click()
        _wait_for_rerun(page, runs)
        times.append(time.perf_counter() - start)
    context.close()
    return times


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=10_000, help="synthetic ties for part 4")
    parser.add_argument("--parts", default="1,2,3,4", help="which parts to run, e.g. 3 or 2,3")
    options = parser.parse_args()
    parts = {int(part) for part in options.parts.split(",")}
    repeat = options.repeat
    print(
        f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.node()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · load average {load_average()} · median of {repeat}"
    )
    folder = Path(tempfile.mkdtemp()) / f"synthetic-{options.size}"
    subprocess.run(
        [sys.executable, "-m", "bench.synthetic", str(options.size), str(folder)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    kinds = sorted({KIND[path] for path in PAGES})
    bare = {kind: Server(BARE / f"{kind}.py", ROOT) for kind in kinds}
    naive = Server(NAIVE_APP, ROOT)
    app = Server(ROOT / "dashboard.py", ROOT)
    large = Server(ROOT / "dashboard.py", ROOT, {"SISTER_CITIES_DATA_DIR": str(folder)})
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            samples = max(repeat, 6)
            full, new_views = {}, {}
            # 1. First loads.
            if 1 in parts:
                first_loads(browser, app, naive, bare, repeat)
            # 2. Sidebar filter changes.
            if 2 in parts:
                full, new_views = filter_changes(browser, app, naive, samples)
            # 3. Fragment controls against full reruns of the same page.
            if 3 in parts:
                for path in ("/timeline", "/map"):
                    if path not in full:
                        full[path] = filter_rerun_time(browser, app.url + path, samples)
                fragment_controls(browser, app, full, samples)
            # 4. The timeline at scale, same run.
            if 4 in parts:
                if "/timeline" not in new_views:
                    full, new_views = filter_changes(browser, app, naive, samples)
                at_scale(browser, app, large, full, new_views, samples, options.size)
            browser.close()
    finally:
        for server in (app, large, naive, *bare.values()):
            server.stop()
    print(f"\nLoad average at the end: {load_average()}")


def first_loads(browser, app, naive, bare, repeat: int) -> None:
    median_load(browser, naive.url + "/", NAIVE_READY, 1)  # its data cache, once
    naive_load = median_load(browser, naive.url + "/", NAIVE_READY, repeat)[0]
    bare_load = {kind: median_load(browser, s.url + "/", READY[kind], repeat)[0] for kind, s in bare.items()}
    print(f"\n1. First load until every chart is drawn (s); naive app {naive_load:.2f}")
    print("| page | s | naive s | ratio (goal ≤ 1.0) | bare page of its kind | bare s | ratio (goal ≤ 1.3) |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for path in PAGES:
        kind = KIND[path]
        median_load(browser, app.url + path, READY[kind], 1)  # the server's caches, once
        took = median_load(browser, app.url + path, READY[kind], repeat)[0]
        print(
            f"| `{path}` | {took:.2f} | {naive_load:.2f} | **{ratio(took, naive_load)}** | {kind} | "
            f"{bare_load[kind]:.2f} | **{ratio(took, bare_load[kind])}** |"
        )


def filter_changes(browser, app, naive, samples: int) -> tuple[dict, dict]:
    naive_filter = naive_filter_rerun_time(browser, naive.url + "/", samples)
    naive_fresh = fresh_filter_changes(browser, naive.url + "/", list(OUTCOME_CODES))
    print(
        f"\n2. Sidebar filter change until every chart is drawn (s); naive app: pick/clear "
        f"{naive_filter:.3f}, each outcome added {statistics.median(naive_fresh):.3f} (median of "
        f"{len(naive_fresh)})"
    )
    print("| page | pick/clear s | ratio (goal ≤ 1.0) | new views s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    full, new_views = {}, {}
    for path in PAGES:
        took = full[path] = filter_rerun_time(browser, app.url + path, samples)
        fresh = new_views[path] = statistics.median(
            fresh_filter_changes(browser, app.url + path, [OUTCOME_LABELS[c] for c in OUTCOME_CODES])
        )
        print(
            f"| `{path}` | {took:.3f} | **{ratio(took, naive_filter)}** | {fresh:.3f} | "
            f"{ratio(fresh, statistics.median(naive_fresh))} |"
        )
    return full, new_views


def fragment_controls(browser, app, full: dict, samples: int) -> None:
    # Each control's options in turn, from the one after the page's default, ending on the default:
    # every click changes the view (the default is the timeline's second period, not its first).
    def turn(choice) -> list[str]:
        codes = list(choice.options)
        start = codes.index(choice.default) + 1
        return [choice.options[code] for code in codes[start:] + codes[:start]]

    sort = rerun_time(browser, app.url + "/timeline", turn(TIMELINE_SORT), samples)
    period = rerun_time(browser, app.url + "/timeline", turn(TIMELINE_PERIOD), samples)
    view = rerun_time(browser, app.url + "/map", turn(MAP_VIEW), samples)
    print("\n3. A fragment's control against a full rerun of the same page (s)")
    print("| control | s | full rerun | s | ratio (goal ≤ 0.5) |")
    print("| --- | ---: | --- | ---: | ---: |")
    print(
        f"| timeline: lane order | {sort:.3f} | its filter change | {full['/timeline']:.3f} | "
        f"**{ratio(sort, full['/timeline'])}** |"
    )
    print(f"| timeline: lane order | {sort:.3f} | its period | {period:.3f} | **{ratio(sort, period)}** |")
    print(f"| map: view | {view:.3f} | its filter change | {full['/map']:.3f} | **{ratio(view, full['/map'])}** |")


def at_scale(browser, app, large, full: dict, new_views: dict, samples: int, size: int) -> None:
    names = [OUTCOME_LABELS[c] for c in OUTCOME_CODES]
    median_load(browser, large.url + "/timeline", READY["plot"], 1)
    small_pick = full["/timeline"]
    large_pick = filter_rerun_time(browser, large.url + "/timeline", samples)
    # The record's new views were measured on a server that had not made them either.
    small_fresh = new_views["/timeline"]
    large_fresh = statistics.median(fresh_filter_changes(browser, large.url + "/timeline", names))
    print(f"\n4. /timeline filter change, {size:,} synthetic ties against the record (s)")
    print("| change | record s | synthetic s | ratio (goal ≤ 2) |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| pick/clear | {small_pick:.3f} | {large_pick:.3f} | **{ratio(large_pick, small_pick)}** |")
    print(
        f"| each outcome added (new views) | {small_fresh:.3f} | {large_fresh:.3f} | "
        f"**{ratio(large_fresh, small_fresh)}** |"
    )


if __name__ == "__main__":
    main()
