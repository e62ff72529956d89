"""A/B runs: the same pages served from two checkouts (say, before and after a change), measured in
turn in one run, so the machine's load falls on both alike. First loads until every chart is drawn,
and sidebar filter changes (bench.pages' rules); medians.

    git worktree add /tmp/before <commit>      # the other side
    .venv/bin/python -m bench.ab /tmp/before . --paths /,/timeline,/map --repeat 5
    .venv/bin/python -m bench.ab /tmp/before . --paths /timeline --filters
    .venv/bin/python -m bench.ab /tmp/before . --paths /timeline --clicks "State,Outcome,First decision"

--clicks times the page's segmented buttons with those labels, clicked in turn (a view control,
say before and after it became a fragment).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.pages import ARGS, CHROMIUM, KIND, READY, Server, filter_rerun_time, median_load, rerun_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkouts", nargs=2, type=Path, help="two project folders: A and B")
    parser.add_argument("--paths", default="/,/timeline,/map")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--filters", action="store_true", help="time filter changes instead of first loads")
    parser.add_argument("--clicks", default="", help="time clicks on these buttons (comma-separated labels)")
    options = parser.parse_args()
    servers = [Server(folder.resolve() / "dashboard.py", folder.resolve()) for folder in options.checkouts]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for path in options.paths.split(","):
                ready = READY[KIND[path]]
                for server in servers:
                    median_load(browser, server.url + path, ready, 1)  # each server's caches, once
                taken: list[list[float]] = [[] for _ in servers]
                for _ in range(options.repeat if not (options.filters or options.clicks) else 3):
                    for index, server in enumerate(servers):  # A, B, A, B, ...
                        if options.clicks:
                            labels = options.clicks.split(",")
                            taken[index].append(rerun_time(browser, server.url + path, labels, 2 * len(labels)))
                        elif options.filters:
                            taken[index].append(filter_rerun_time(browser, server.url + path, 6))
                        else:
                            taken[index].append(median_load(browser, server.url + path, ready, 1)[0])
                a, b = (statistics.median(values) for values in taken)
                what = "clicks" if options.clicks else "filter change" if options.filters else "first load"
                print(f"{path} {what}: A {a:.3f} s, B {b:.3f} s, B/A {b / a:.2f}")
            browser.close()
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
