"""The status model's stretches and monthly counts, now column operations, give exactly what the
loop over ties gave: the loop is kept here, and only here, as the reference (bench/status.py times
the two). Compared whole, dtypes included, on the embedded data, the fixture folder and synthetic
ties with day, month- and year-only dates, several marks per tie and many as-of days."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import generate
from sistercities.loader import load_dataset
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES, STANDING_STATUS
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.status import STORY_START, monthly_counts, status_events, status_segments, with_standing
from tests.conftest import VALID

# The reference: the functions as they were, a Python loop over the ties and their marks. ---------


def loop_status_segments(pairs: pd.DataFrame, marks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp):
    rows = []
    own_marks = with_standing(marks[marks["pair_id"].isin(pairs["pair_id"])])
    by_pair = {pair_id: group for pair_id, group in own_marks.groupby("pair_id", sort=False)}  # noqa: C416
    empty = own_marks.iloc[0:0]
    for pair_id in pairs["pair_id"]:
        status, since, decided, began = "unknown", start, False, ""
        for mark in by_pair.get(pair_id, empty).itertuples(index=False):
            if decided and not mark.is_decision:
                continue  # a sighting after a decision changes nothing
            decided = decided or mark.is_decision
            if mark.status == status:
                continue
            at = max(pd.Timestamp(mark.effective), start)
            if at > since:
                rows.append((pair_id, status, since, at, began, False))
            status, since, began = mark.status, at, mark.event_id
        rows.append((pair_id, status, since, max(end, since), began, True))
    return pd.DataFrame(rows, columns=["pair_id", "status", "start", "end", "event_id", "last"])


def loop_monthly_counts(pairs: pd.DataFrame, marks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp):
    months = pd.date_range(start, end, freq="ME")
    segments = loop_status_segments(pairs, marks, start, end)
    first = np.searchsorted(months.values, segments["start"].values, side="left")
    stop = np.where(segments["last"], len(months), np.searchsorted(months.values, segments["end"].values, side="left"))
    counts = {code: np.zeros(len(months) + 1, dtype=np.int64) for code in OUTCOME_CODES}
    for code, a, b in zip(segments["status"], first, stop):
        if a < b:
            counts[code][a] += 1
            counts[code][b] -= 1
    rows = [
        (month, code, int(total))
        for code, diff in counts.items()
        for month, total in zip(months, np.cumsum(diff)[: len(months)])
    ]
    return pd.DataFrame(rows, columns=["month", "status", "count"])


# Synthetic marks: several per tie, in any order of the file, at any precision. -----------------

STATUSES = [*DECIDED_OUTCOMES, STANDING_STATUS]


def synthetic_events(count: int, seed: int) -> pd.DataFrame:
    """Typed events like the loader's for `count` ties (tie-0 ...), 0 to 5 status events each:
    decisions and sightings, day, month- or year-only, from 2021 (before the story) to 2027
    (after most as-of days), same-day repeats and repeated statuses among them."""
    rng = random.Random(seed)
    rows = []
    for tie in range(count):
        days = []
        for _ in range(rng.choice((0, 1, 1, 2, 3, 5))):
            precision = rng.choice(("day", "day", "day", "month", "year"))
            year = rng.choice((2021, 2022, 2022, 2022, 2023, 2025, 2027))
            month = 1 if precision == "year" else rng.randint(1, 12)
            day = rng.randint(1, 28) if precision == "day" else 1
            if days and rng.random() < 0.2:  # the same day as an earlier mark of the tie
                (year, month, day), precision = days[-1]
            days.append(((year, month, day), precision))
            rows.append(
                {
                    "pair_id": f"tie-{tie}",
                    "event_id": f"e{len(rows)}",
                    "status_after": rng.choice(STATUSES),
                    "actor": rng.choice(("government", "association", "")),
                    "date": pd.Timestamp(year, month, day),
                    "date_precision": precision,
                }
            )
    rng.shuffle(rows)  # the file's order is not the date order
    events = pd.DataFrame(rows, columns=["pair_id", "event_id", "status_after", "actor", "date", "date_precision"])
    events["date"] = events["date"].astype("datetime64[ns]")
    events["file_order"] = np.arange(len(events))
    return events


def synthetic_pairs(count: int, seed: int) -> pd.DataFrame:
    """The ties tie-0 ... tie-(count+9) (the last ten have no mark), shuffled, with a few listed twice."""
    rng = random.Random(seed)
    ids = [f"tie-{i}" for i in range(count + 10)]
    rng.shuffle(ids)
    return pd.DataFrame({"pair_id": ids + ids[:3]})


AS_OF = ["2021-06-15", "2022-02-01", "2022-02-10", "2022-03-31", "2022-04-01", "2023-07-19", "2026-11-01", "2028-01-01"]
STARTS = [STORY_START, pd.Timestamp("2022-03-15"), pd.Timestamp("2022-03-15").as_unit("s")]


def same(pairs: pd.DataFrame, marks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    pd.testing.assert_frame_equal(
        status_segments(pairs, marks, start, end), loop_status_segments(pairs, marks, start, end)
    )
    pd.testing.assert_frame_equal(
        monthly_counts(pairs, marks, start, end), loop_monthly_counts(pairs, marks, start, end)
    )


@pytest.mark.parametrize("folder", [DEFAULT_DATA_DIR, VALID], ids=["embedded", "fixture"])
def test_the_same_as_the_loop_on_the_real_folders(folder):
    data = load_dataset(folder)
    for start in STARTS:
        for day in AS_OF:
            same(data.pairs, data.marks, start, pd.Timestamp(day))
    # As the charts ask: today's date as a day (a Timestamp in seconds), one tie, a few ties.
    same(data.pairs, data.marks, STORY_START, pd.Timestamp(pd.Timestamp("2026-12-03").date()))
    for chosen in (data.pairs.iloc[:1], data.pairs.iloc[::7], data.pairs.iloc[0:0]):
        same(chosen, data.marks, STORY_START, pd.Timestamp("2026-11-01"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_as_the_loop_on_synthetic_marks_at_any_precision(seed):
    events = synthetic_events(150, seed)
    assert set(events["date_precision"]) == {"day", "month", "year"}
    marks = status_events(events)
    pairs = synthetic_pairs(150, seed)
    for start in STARTS:
        for day in AS_OF:
            same(pairs, marks, start, pd.Timestamp(day))
    same(pairs, marks.iloc[0:0], STORY_START, pd.Timestamp("2026-11-01"))  # no mark at all


def test_the_same_as_the_loop_on_a_generated_folder(tmp_path: Path):
    data = load_dataset(generate(500, tmp_path / "synthetic"))
    for day in AS_OF:
        same(data.pairs, data.marks, STORY_START, pd.Timestamp(day))
