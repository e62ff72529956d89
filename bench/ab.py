"""A/B runs: the same pages served from two checkouts (say, before and after a change), measured in
turn in one run, so the machine's load falls on both alike. First loads until every chart is drawn,
sidebar filter changes and view-control clicks (bench.pages' rules); medians.

    git worktree add /tmp/before <commit>      # the other side
    .venv/bin/python -m bench.ab /tmp/before . --paths /,/timeline,/map --repeat 5
    .venv/bin/python -m bench.ab /tmp/before . --paths /timeline --filters
    .venv/bin/python -m bench.ab /tmp/before . --paths /timeline --clicks "State,Outcome,First decision"
    .venv/bin/python -m bench.ab . . --paths /timeline --filters     # A/A: the harness's own noise

--clicks times the page's segmented buttons with those labels, clicked in turn (a view control,
say before and after it became a fragment).

Changes and clicks are timed on one page per side, kept open, one change at a time in the order
A B B A A B B A ...: a burst of load on this shared machine, or the browser warming up, falls on
both sides alike. (Until 2026-12-05 each side took six changes in a row in a fresh page, three
times: two runs of the same checkout against itself then gave B/A 1.13 twice.) An A/A run tells
how large a difference the harness can see.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.pages import (
    ARGS,
    CHROMIUM,
    DONE,
    KIND,
    READY,
    Server,
    button_clicks,
    filter_change,
    median_load,
)


def _order(round_: int) -> tuple[int, int]:
    return (0, 1) if round_ % 4 in (0, 3) else (1, 0)  # A B, B A, B A, A B, ...


def interleaved(browser, urls: list[str], act, changes: int, cycle: int) -> list[list[float]]:
    """Each side's times for `changes` actions, one page per side, sides taking turns (ABBA),
    after one untimed round of the cycle on each (a view's first visit fetches and builds what
    later visits reuse, such as a regional map's outlines)."""
    pages = []
    for url in urls:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(url)
        page.wait_for_function(DONE, timeout=180_000)
        for count in range(cycle):
            act(page, count)
        pages.append(page)
    taken: list[list[float]] = [[] for _ in urls]
    for count in range(changes):
        for side in _order(count):
            taken[side].append(act(pages[side], count))
    for page in pages:
        page.context.close()
    return taken


def summary(values: list[float], cycle: int) -> float:
    """The mean over the cycle's steps (pick and clear; each label) of each step's median: the
    steps draw different views, so a plain median of them all would jump between the two."""
    return statistics.fmean(statistics.median(values[step::cycle]) for step in range(cycle))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkouts", nargs=2, type=Path, help="two project folders: A and B (the same twice: A/A)")
    parser.add_argument("--paths", default="/,/timeline,/map")
    parser.add_argument("--repeat", type=int, default=5, help="first loads per side")
    parser.add_argument("--changes", type=int, default=24, help="filter changes or clicks per side")
    parser.add_argument("--filters", action="store_true", help="time filter changes instead of first loads")
    parser.add_argument("--clicks", default="", help="time clicks on these buttons (comma-separated labels)")
    options = parser.parse_args()
    servers = [Server(folder.resolve() / "dashboard.py", folder.resolve()) for folder in options.checkouts]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for path in options.paths.split(","):
                ready = READY[KIND[path]]
                urls = [server.url + path for server in servers]
                for url in urls:
                    median_load(browser, url, ready, 1)  # each server's caches, once
                labels = [label for label in options.clicks.split(",") if label]
                cycle = len(labels) if labels else 2 if options.filters else 1  # pick and clear: 2
                if options.clicks or options.filters:
                    act = button_clicks(labels) if labels else filter_change
                    taken = interleaved(browser, urls, act, options.changes, cycle)
                else:
                    taken = [[] for _ in servers]
                    for round_ in range(options.repeat):
                        for side in _order(round_):
                            taken[side].append(median_load(browser, urls[side], ready, 1)[0])
                a, b = (summary(values, cycle) for values in taken)
                what = "clicks" if labels else "filter change" if options.filters else "first load"
                print(f"{path} {what}, {len(taken[0])} per side: A {a:.3f} s, B {b:.3f} s, B/A {b / a:.2f}")
            browser.close()
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
