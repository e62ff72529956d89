"""Benchmark: peak memory of the JSON download at scale, written in pieces (sistercities.tables.to_json)
against the whole document built and dumped at once (the export it replaced, kept as the reference
in tests/test_json_download.py), in one run.

    .venv/bin/python -m bench.json_memory [--sizes 100000] [--skip-old]

Synthetic ties (bench/synthetic.py, loaded as the app loads a folder; never committed), no filter.
Peak = Python's own allocations during the export (tracemalloc, started just before it and
stopped after), so the loaded data does not count and the finished bytes do. The two exports must
give the same bytes (compared by SHA-256). Goal: at most 200 MB at 100,000 ties.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.synthetic import generate
from sistercities import tables
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from tests.test_json_download import whole_json

GOAL_MB = 200


def measured(export, *arguments) -> tuple[float, float, int, str]:
    """(seconds, peak MB of Python allocations, MB out, SHA-256 of the bytes) of one export."""
    tracemalloc.start()
    started = time.perf_counter()
    out = export(*arguments)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, len(out) / 1e6, hashlib.sha256(out).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.json_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--skip-old", action="store_true", help="only the export in pieces")
    options = parser.parse_args()
    print(
        f"{datetime.date.today()} · {os.cpu_count()} cores · load average {os.getloadavg()[0]:.1f} · "
        f"Python {sys.version.split()[0]} · pieces of {tables.JSON_CHUNK:,} ties"
    )
    print("\n| ties | export | seconds | peak MB | MB out | goal |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in options.sizes.split(",")):
            data = load_dataset(generate(size, Path(folder) / str(size)))
            pairs = apply_filters(data.pairs, data.events, FilterState(), data.marks)
            arguments = (pairs, data.events, data.sources, data.meta, FilterState(), "/data")
            exports = {"in pieces (new)": tables.to_json}
            if not options.skip_old:
                exports["whole (old)"] = whole_json
            digests = set()
            for name, export in exports.items():
                seconds, peak, out, digest = measured(export, *arguments)
                digests.add(digest)
                goal = f"≤ {GOAL_MB} {'met' if peak <= GOAL_MB else 'MISSED'}" if export is tables.to_json else ""
                print(f"| {size:,} | {name} | {seconds:.1f} | **{peak:,.0f}** | {out:.1f} | {goal} |", flush=True)
            print(f"same bytes: {'yes' if len(digests) == 1 else 'NO'} (SHA-256 {sorted(digests)[0][:16]}…)")
    high_water = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Process high-water mark (ru_maxrss, data loaded and both exports): {high_water:,.0f} MB")
    print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
