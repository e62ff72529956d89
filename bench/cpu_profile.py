"""Where the browser's time goes during clicks: Chromium's sampling CPU profile (over Playwright's
CDP session) across six clicks on one page, self time per click by script and by function.

    .venv/bin/python -m bench.cpu_profile /timeline                       # Outcome pick / Clear filters
    .venv/bin/python -m bench.cpu_profile /map --clicks "Continental US,California,Bay Area,Whole route"
    .venv/bin/python -m bench.cpu_profile / --naive                       # the naive app's Outcome filter
"""

from __future__ import annotations

import argparse
import collections

from playwright.sync_api import sync_playwright

from bench.pages import ARGS, CHROMIUM, DONE, NAIVE_APP, ROOT, Server, button_clicks, filter_change

CLICKS = 6


def profile(url: str, labels: list[str], naive: bool = False) -> dict:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(url)
        page.wait_for_function(DONE, timeout=180_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        act = button_clicks(labels) if labels else lambda tab, count: filter_change(tab, count, naive)
        cdp.send("Profiler.start")
        for index in range(CLICKS):
            act(page, index)
        result = cdp.send("Profiler.stop")["profile"]
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", help="the page, e.g. /timeline")
    parser.add_argument("--clicks", default="", help="segmented buttons to click in turn (default: a filter change)")
    parser.add_argument("--naive", action="store_true", help="profile the naive app (bench/naive_app.py) instead")
    options = parser.parse_args()
    server = Server(NAIVE_APP if options.naive else ROOT / "dashboard.py", ROOT)
    try:
        labels = [label for label in options.clicks.split(",") if label]
        result = profile(server.url + options.path, labels, options.naive)
    finally:
        server.stop()
    nodes = {node["id"]: node["callFrame"] for node in result["nodes"]}
    by_script: collections.Counter = collections.Counter()
    by_function: collections.Counter = collections.Counter()
    for sample, delta in zip(result["samples"], result["timeDeltas"]):
        frame = nodes[sample]
        script = frame["url"].rsplit("/", 1)[-1] or frame["functionName"]
        by_script[script] += delta
        by_function[f"{frame['functionName'] or '(anonymous)'} @ {script}:{frame['lineNumber']}"] += delta
    print(f"{options.path}: ms of self time per click, {CLICKS} clicks")
    for title, counter in (("by script", by_script), ("by function", by_function)):
        print(f"\n{title}")
        for name, microseconds in counter.most_common(15):
            print(f"{microseconds / 1000 / CLICKS:8.1f}  {name}")


if __name__ == "__main__":
    main()
