"""Benchmark: the data downloads (CSV and JSON) at scale, time and peak memory, against a naive
JSON export that filters every event and source once per tie (the obvious way, quadratic).

    .venv/bin/python -m bench.data_exports [--sizes 1000,10000,100000] [--repeat 3]

Synthetic data (bench/synthetic.py, never committed). Peak memory is Python's own allocations
during the export (tracemalloc), not the process's size. Prints a table; no thresholds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.synthetic import generate
from sistercities import tables
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset


def measured(function) -> tuple[float, float, int]:
    """(seconds, peak MB of Python allocations, bytes out) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    out = function()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, len(out)


def naive_json(pairs, events, sources) -> bytes:
    """Each tie with its events and sources, found by filtering the whole tables once per tie."""
    ties = []
    for row in pairs.to_dict("records"):
        own_events = events[events["pair_id"] == row["pair_id"]]
        own_sources = sources[sources["pair_id"] == row["pair_id"]]
        ties.append({**row, "events": own_events.to_dict("records"), "sources": own_sources.to_dict("records")})
    return json.dumps(ties, default=str).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-up-to", type=int, default=1000, help="the quadratic export only up to this size")
    options = parser.parse_args()
    print(f"{'ties':>8} {'export':<12} {'median s':>9} {'peak MB':>8} {'MB out':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in options.sizes.split(",")):
            dataset = load_dataset(generate(size, Path(folder) / str(size)))
            pairs = apply_filters(dataset.pairs, dataset.events, FilterState(), dataset.marks)
            runs = {
                "CSV": lambda pairs=pairs, dataset=dataset: tables.to_csv(tables.export_table(pairs, dataset.sources)),
                "JSON": lambda pairs=pairs, dataset=dataset: tables.to_json(
                    pairs, dataset.events, dataset.sources, dataset.meta, FilterState()
                ),
            }
            if size <= options.naive_up_to:
                runs["naive JSON"] = lambda pairs=pairs, dataset=dataset: naive_json(
                    pairs, dataset.events, dataset.sources
                )
            for name, run in runs.items():
                results = [measured(run) for _ in range(options.repeat)]
                seconds = statistics.median(r[0] for r in results)
                peak = max(r[1] for r in results)
                print(f"{size:8,d} {name:<12} {seconds:9.2f} {peak:8.0f} {results[0][2] / 1e6:7.1f}", flush=True)


if __name__ == "__main__":
    main()
