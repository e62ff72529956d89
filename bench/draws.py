"""Where a click's drawing goes: how many times plotly draws each chart after a click, in the app
and in the naive app, and what one draw of each chart costs on a bare page.

    .venv/bin/python -m bench.draws            # about 3 minutes

1. In the real app and the naive app (Debian's Chromium, 1400 x 1000), each chart's
   `plotly_afterplot` events are recorded from the click until the page is drawn and no chart has
   drawn for half a second: the chart, and the ms after the click. Clicks: the Outcome filter set
   to *Cut* and cleared on `/timeline` and `/map`, the timeline's lane order, the map's view; the
   naive app's Outcome filter.
2. On a bare page (bench.figures' page, a 900 px column, the app's figures with their margins set
   as the page sets them): `Plotly.newPlot` of each figure, then `Plotly.react` with the same
   objects, then with a fresh copy of the same figure (what Streamlit's chart hands plotly after it
   mounts). Medians of 7 rounds after a warm-up.
3. The same three steps counted in DOM changes (a MutationObserver's records on the chart), which,
   unlike time, do not move with the machine's load: what each redraw really redoes. The lane
   chart also with its numbers written as plain lists instead of plotly.py's typed arrays.

Prints tables; no thresholds.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import statistics
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
from playwright.sync_api import sync_playwright

from bench.figures import CHROMIUM as BARE_CHROMIUM
from bench.figures import page_html
from bench.pages import ARGS, CHROMIUM, DONE, NAIVE_APP, ROOT, Server, button_clicks, filter_change
from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.geomap import geo_map_figure
from sistercities.loader import load_dataset
from sistercities.margins import for_screen
from sistercities.timeline import timeline_figure

CLICKS = 4
TODAY = dt.date(2026, 12, 1)  # fixed, so two runs draw the same days

# Records every plotly chart's afterplot events, with the chart's key (its st-key- class).
RECORD_DRAWS = """() => {
  window.__draws = [];
  const seen = new WeakSet();
  const attach = () => document.querySelectorAll('.js-plotly-plot').forEach((chart) => {
    if (seen.has(chart) || !chart.on) return;
    seen.add(chart);
    const keyed = chart.closest('[class*="st-key-"]');
    const name = (keyed && keyed.className.match(/st-key-([\\w-]+)/)?.[1]) || 'chart';
    chart.on('plotly_afterplot', () => window.__draws.push([performance.now(), name]));
  });
  attach();
  const watch = {subtree: true, childList: true, attributes: true, attributeFilter: ['class']};
  new MutationObserver(attach).observe(document.body, watch);
}"""

QUIET = "() => performance.now() - (window.__draws.length ? window.__draws.at(-1)[0] : window.__t0) > 500"

DRAW_TWICE = """async (spec) => {
  const div = document.getElementById('chart');
  const config = {displayModeBar: false};
  const figure = JSON.parse(spec);
  const t0 = performance.now();
  await Plotly.newPlot(div, figure.data, figure.layout, config);
  const t1 = performance.now();
  await Plotly.react(div, figure.data, figure.layout, config);
  const t2 = performance.now();
  const copy = JSON.parse(spec);
  await Plotly.react(div, copy.data, copy.layout, config);
  const t3 = performance.now();
  Plotly.purge(div);
  return [t1 - t0, t2 - t1, t3 - t2];
}"""


COUNT_CHANGES = """async (spec) => {
  const div = document.getElementById('chart');
  const config = {displayModeBar: false};
  let changes = 0;
  const observer = new MutationObserver((records) => { changes += records.length; });
  const watch = {subtree: true, childList: true, attributes: true, characterData: true};
  const counted = async (draw) => {
    changes = 0;
    observer.observe(div, watch);
    await draw();
    await new Promise((resolve) => setTimeout(resolve, 0));
    changes += observer.takeRecords().length;
    observer.disconnect();
    return changes;
  };
  const figure = JSON.parse(spec);
  const copy = JSON.parse(spec);
  const found = [
    await counted(() => Plotly.newPlot(div, figure.data, figure.layout, config)),
    await counted(() => Plotly.react(div, figure.data, figure.layout, config)),
    await counted(() => Plotly.react(div, copy.data, copy.layout, config)),
  ];
  Plotly.purge(div);
  return found;
}"""


def _plain_lists(value):
    """A figure's JSON with plotly.py's typed arrays ({"dtype", "bdata"}) written as plain lists."""
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= value.keys():
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                array = array.reshape([int(side) for side in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: _plain_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_lists(item) for item in value]
    return value


def record(browser, url: str, act) -> list[tuple[int, dict[str, int]]]:
    """Per click: ms from the click to the last draw, and each chart's number of draws."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_function(DONE, timeout=180_000)
    page.evaluate(RECORD_DRAWS)
    found = []
    for index in range(CLICKS):
        page.evaluate("window.__draws = []; window.__t0 = performance.now()")
        act(page, index)
        # The page counts as drawn at a chart's first draw; a second may follow. Wait for quiet.
        page.wait_for_function(QUIET, polling=20)
        draws = page.evaluate("window.__draws.map(([t, name]) => [Math.round(t - window.__t0), name])")
        counts: dict[str, int] = {}
        for _, name in draws:
            counts[name] = counts.get(name, 0) + 1
        found.append((max((t for t, _ in draws), default=0), counts))
    page.context.close()
    return found


def in_app() -> None:
    app, naive = Server(ROOT / "dashboard.py", ROOT), Server(NAIVE_APP, ROOT)
    cases = [
        ("app /timeline: filter (Cut, clear)", app.url + "/timeline", filter_change),
        ("app /timeline: lane order", app.url + "/timeline", button_clicks(["State", "First decision"])),
        ("app /map: filter (Cut, clear)", app.url + "/map", filter_change),
        ("app /map: view", app.url + "/map", button_clicks(["Continental US", "Whole route"])),
        ("naive app: filter (cut, clear)", naive.url + "/", lambda page, count: filter_change(page, count, naive=True)),
    ]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            print(f"1. Draws per click (plotly_afterplot per chart), {CLICKS} clicks each")
            print("| click | ms to the last draw, per click | draws per chart, per click |")
            print("| --- | --- | --- |")
            for title, url, act in cases:
                found = record(browser, url, act)
                times = ", ".join(str(t) for t, _ in found)
                counts = "; ".join(", ".join(f"{name} {n}" for name, n in sorted(c.items())) for _, c in found)
                print(f"| {title} | {times} | {counts} |")
            browser.close()
    finally:
        app.stop()
        naive.stop()


def _naive_timeline(pairs: pd.DataFrame):
    ties = pairs.assign(
        tie=pairs["us_place"] + ", " + pairs["us_state"] + " – " + pairs["ru_place"],
        start=pd.to_datetime(pairs["decision_date"], format="mixed").fillna(pd.Timestamp("2022-02-24")),
        end=pd.Timestamp(TODAY),
    )
    return px.timeline(ties, x_start="start", x_end="end", y="tie", color="outcome", height=max(400, 20 * len(ties)))


def on_bare_page(repeat: int = 7) -> None:
    data = load_dataset(ROOT / "data")
    pairs = data.pairs
    figures = {
        "timeline (lanes)": for_screen(timeline_figure(pairs, data.events, data.sources, today=TODAY)),
        "decisions": for_screen(decisions_figure(monthly_status_counts(pairs, data.events, TODAY))),
        "states": for_screen(state_figure(state_breakdown(pairs))),
        "geo map (whole route)": for_screen(geo_map_figure(pairs, "route", None, height=560)),
        "naive app's timeline": _naive_timeline(pairs),
    }
    specs = {name: figure.to_json() for name, figure in figures.items()}
    lanes_plain = json.dumps(_plain_lists(json.loads(specs["timeline (lanes)"])))
    times: dict[str, list] = {name: [] for name in specs}
    with tempfile.TemporaryDirectory() as directory, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BARE_CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(page_html(Path(directory)).as_uri())
        page.wait_for_function("window.Plotly !== undefined")
        page.evaluate("document.getElementById('chart').style.width = '900px'")
        for round_ in range(repeat + 1):
            for name, spec in specs.items():
                drawn = page.evaluate(DRAW_TWICE, spec)
                if round_:  # the first round warms the page up
                    times[name].append(drawn)
        counts = {name: page.evaluate(COUNT_CHANGES, spec) for name, spec in specs.items()}
        counts["timeline (lanes), plain lists"] = page.evaluate(COUNT_CHANGES, lanes_plain)
        browser.close()
    print(f"\n2. One draw on a bare page, ms (median of {repeat})")
    print("| chart | newPlot | react, same objects | react, a fresh copy |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in times.items():
        new, same, copy = (statistics.median(run[i] for run in runs) for i in range(3))
        print(f"| {name} | {new:.1f} | {same:.1f} | {copy:.1f} |")
    print("\n3. The same draws in DOM changes")
    print("| chart | newPlot | react, same objects | react, a fresh copy |")
    print("| --- | ---: | ---: | ---: |")
    for name, (new, same, copy) in counts.items():
        print(f"| {name} | {new:,} | {same:,} | {copy:,} |")


def main() -> None:
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n")
    in_app()
    on_bare_page()


if __name__ == "__main__":
    main()
