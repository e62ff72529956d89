"""One status on any day: a tie the record shows stood until its first decision, an unknown tie stays
unknown, and every view of the model (status on a day, stretches, monthly counts) gives one answer.
Expectations come from the CSV rows of the embedded data, not from the model's constants."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sistercities.loader import load_dataset
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.status import STORY_START, monthly_counts, status_on, status_segments
from tests.conftest import VALID, fixture_rows

EMBEDDED = load_dataset(DEFAULT_DATA_DIR)
RAW_PAIRS = fixture_rows("pairs.csv", DEFAULT_DATA_DIR)
RAW_EVENTS = fixture_rows("events.csv", DEFAULT_DATA_DIR)
DECIDED = ("cut", "suspended", "letter", "kept", "under_review")  # the contract's decided outcomes
# The timeline's default period ("Feb 2022 – 2023").
PERIOD_START, PERIOD_END = dt.date(2022, 2, 1), dt.date(2023, 12, 31)
MONTH_ENDS = [d.date() for d in pd.date_range(PERIOD_START, PERIOD_END, freq="ME")]


def status_of(day: dt.date, data=EMBEDDED) -> dict[str, str]:
    return dict(zip(data.pairs["pair_id"], status_on(data.pairs, data.marks, day)["status"].astype(str)))


def ids_with(outcome: str, place: str = "") -> list[str]:
    return [p["pair_id"] for p in RAW_PAIRS if p["outcome"] == outcome and place in p["us_place"]]


def standing_after_the_period() -> list[str]:
    """No-action ties the record saw standing only after the default period (Long Beach's 2024 page)."""
    later = {e["pair_id"]: e["date"] for e in RAW_EVENTS if e["type"] == "standing"}
    return [p for p in ids_with("no_action") if later.get(p, "") > "2023-12-31"]


def test_ties_seen_standing_later_stand_with_no_action_throughout_the_default_period():
    seen_later = standing_after_the_period()
    assert ids_with("no_action", "Long Beach")[0] in seen_later
    no_action = ids_with("no_action")
    for day in [PERIOD_START, dt.date(2022, 2, 24), *MONTH_ENDS]:
        on_day = status_of(day)
        assert {on_day[p] for p in no_action} == {"no_action"}, day
    pairs = EMBEDDED.pairs[EMBEDDED.pairs["pair_id"].isin(seen_later)]
    stretches = status_segments(pairs, EMBEDDED.marks, STORY_START, pd.Timestamp(PERIOD_END))
    assert [(s.status, s.start.date(), s.end.date()) for s in stretches.itertuples()] == [
        ("no_action", PERIOD_START, PERIOD_END)
    ] * len(seen_later)


def test_a_tie_cut_on_a_day_stood_with_no_decision_the_day_before():
    checked = 0
    for pair in RAW_PAIRS:
        decisions = sorted(
            e["date"] for e in RAW_EVENTS if e["pair_id"] == pair["pair_id"] and e["status_after"] in DECIDED
        )
        first = decisions[0] if decisions else ""
        if pair["outcome"] != "cut" or len(first) != 10 or first != pair["decision_date"]:
            continue  # a tie whose one decision, a cut, is dated to the day
        day = dt.date.fromisoformat(first)
        assert status_of(day - dt.timedelta(days=1))[pair["pair_id"]] == "no_action", pair["pair_id"]
        assert status_of(day)[pair["pair_id"]] == "cut", pair["pair_id"]
        checked += 1
    assert checked >= 3


def test_an_unknown_tie_stays_unknown_on_every_day():
    unknown = ids_with("unknown")
    assert unknown
    last = dt.date.fromisoformat(EMBEDDED.last_updated)
    for day in [PERIOD_START, *MONTH_ENDS, last]:
        on_day = status_of(day)
        assert {on_day[p] for p in unknown} == {"unknown"}, day


def test_before_the_story_start_nothing_is_known_yet():
    # The standing is known from the story's start (1 February 2022), not before.
    on_day = status_of(dt.date(2022, 1, 31))
    assert set(on_day.values()) == {"unknown"}


def test_monthly_counts_are_the_status_on_each_month_end():
    for data in (EMBEDDED, load_dataset(VALID)):
        end = pd.Timestamp(data.last_updated)
        counts = monthly_counts(data.pairs, data.marks, STORY_START, end)
        table = counts.pivot(index="month", columns="status", values="count")
        for month, row in table.iterrows():
            on_day = pd.Series(status_of(month.date(), data)).value_counts()
            assert {code: int(n) for code, n in row.items() if n} == on_day.to_dict(), month
