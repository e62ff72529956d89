"""Benchmark: the status model's stretches (`status_segments`) and monthly counts (`monthly_counts`,
the timeline's monthly decisions chart), column operations against the loop over ties they
replaced (kept as the reference in tests/test_status_vectorised.py), side by side in one run.

    .venv/bin/python -m bench.status [--sizes 1000,10000] [--repeat 5]

Synthetic ties (bench/synthetic.py, loaded as the app loads a folder; never committed), from the
story's start to 1 December 2026. Each figure is the median of `repeat` calls, old and new
alternating, and each pair of results is checked equal before it is timed. Goal: new at least
5 times as fast at 10,000 ties.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.synthetic import generate
from sistercities.loader import load_dataset
from sistercities.status import STORY_START, monthly_counts, status_segments
from tests.test_status_vectorised import loop_monthly_counts, loop_status_segments

END = pd.Timestamp("2026-12-01")
GOAL = 5.0


def seconds(function, pairs: pd.DataFrame, marks: pd.DataFrame) -> float:
    started = time.perf_counter()
    function(pairs, marks, STORY_START, END)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.status", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(
        f"{datetime.date.today()} · {os.cpu_count()} cores · load average {os.getloadavg()[0]:.1f} · "
        f"Python {sys.version.split()[0]} · pandas {pd.__version__} · median of {options.repeat}"
    )
    print("\n| ties | marks | function | loop (old), s | columns (new), s | ratio old/new |")
    print("| ---: | ---: | --- | ---: | ---: | ---: |")
    ratios = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in options.sizes.split(",")):
            data = load_dataset(generate(size, Path(folder) / str(size)))
            pairs, marks = data.pairs, data.marks
            for name, old, new in (
                ("status_segments", loop_status_segments, status_segments),
                ("monthly_counts", loop_monthly_counts, monthly_counts),
            ):
                pd.testing.assert_frame_equal(new(pairs, marks, STORY_START, END), old(pairs, marks, STORY_START, END))
                times: dict[str, list[float]] = {"old": [], "new": []}
                for _ in range(options.repeat):
                    times["old"].append(seconds(old, pairs, marks))
                    times["new"].append(seconds(new, pairs, marks))
                before, after = statistics.median(times["old"]), statistics.median(times["new"])
                ratios[size, name] = before / after
                print(
                    f"| {size:,} | {len(marks):,} | `{name}` | {before:.3f} | {after:.4f} | **{before / after:.1f}** |",
                    flush=True,
                )
    largest = max(size for size, _ in ratios)
    for (size, name), ratio in ratios.items():
        if size == largest:
            print(f"{name} at {size:,} ties: {ratio:.1f}x, goal ≥ {GOAL:g}x {'met' if ratio >= GOAL else 'MISSED'}")
    print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
