"""What the browser receives for one click (KB of websocket payload, as Playwright sees the frames):
the view controls that are fragments against the full reruns of the same pages, for one or two
checkouts served side by side.

    .venv/bin/python -m bench.click_bytes .                  # this checkout
    .venv/bin/python -m bench.click_bytes /tmp/before .      # A/B
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.pages import ARGS, CHROMIUM, DONE, Server, _wait_for_rerun, outcome_option, runs_done


def received(page, frames: list[int], click) -> int:
    frames.clear()
    runs = runs_done(page)
    click()
    _wait_for_rerun(page, runs)
    return sum(frames) // 1024


def measure(browser, url: str) -> dict[str, int]:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    frames: list[int] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(len(payload))))

    def button(label: str):
        return lambda: page.locator('[data-testid="stButtonGroup"] button', has_text=label).first.click()

    def pick_cut():
        outcome_option(page, "Cut").click()

    def open_citation():
        page.locator('[data-testid="stExpander"] summary', has_text="Cite this dataset").click()

    sizes = {}
    page.goto(url + "/timeline")
    page.wait_for_function(DONE, timeout=180_000)
    sizes["timeline: lane order"] = received(page, frames, button("State"))
    sizes["timeline: period (reruns the page)"] = received(page, frames, button("24 Feb"))
    page.goto(url + "/map")
    page.wait_for_function(DONE, timeout=180_000)
    sizes["map: view"] = received(page, frames, button("California"))
    sizes["map: filter change (reruns the page)"] = received(page, frames, pick_cut)
    page.goto(url + "/data")
    page.wait_for_function(DONE, timeout=180_000)
    sizes["data: open 'Cite this dataset'"] = received(page, frames, open_citation)
    page.context.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkouts", nargs="+", type=Path, help="one or two project folders")
    options = parser.parse_args()
    servers = [Server(folder.resolve() / "dashboard.py", folder.resolve()) for folder in options.checkouts]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            results = [measure(browser, server.url) for server in servers]
            browser.close()
    finally:
        for server in servers:
            server.stop()
    print("| click | " + " | ".join(f"KB, {folder}" for folder in options.checkouts) + " |")
    print("| --- |" + " ---: |" * len(results))
    for click in results[0]:
        print(f"| {click} | " + " | ".join(str(result[click]) for result in results) + " |")


if __name__ == "__main__":
    main()
