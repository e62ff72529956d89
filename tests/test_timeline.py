"""Status over time and the timeline, decisions and compare figures, from the fixture data."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from sistercities.charts import count_step, decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.compare import DEFAULT_COMPARE, compare_selection, pair_strip, shared_range
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.outcomes import OUTCOME_COLORS, OUTCOME_LABELS
from sistercities.timeline import order_lanes, selected_pair_from_plotly, status_segments, timeline_figure
from sistercities.timeline_layers import EVENT_SYMBOLS
from tests.conftest import ROOT, VALID, fixture_rows

DATA = load_dataset(VALID)
TODAY = dt.date(2026, 11, 22)
PAIRS = apply_filters(DATA.pairs, DATA.events, FilterState())


def segments_of(pair_id: str, events: pd.DataFrame = DATA.events) -> list[tuple[str, str, str]]:
    table = status_segments(DATA.pairs[DATA.pairs["pair_id"] == pair_id], events, TODAY)
    return [(r.status, f"{r.start:%Y-%m-%d}", f"{r.end:%Y-%m-%d}") for r in table.itertuples()]


def test_letter_then_suspension():
    # Gamma: standing until its letter on 10 March, suspension dated only "2022-06" (counts from 30 June).
    assert segments_of("gamma-or_khabarovsk") == [
        ("no_action", "2022-02-01", "2022-03-10"),
        ("letter", "2022-03-10", "2022-06-30"),
        ("suspended", "2022-06-30", "2026-11-22"),
    ]


def test_pair_with_no_events_has_one_unknown_stretch():
    assert segments_of("delta-md_leningrad-oblast") == [("unknown", "2022-02-01", "2026-11-22")]


def test_restoration_brings_the_tie_back():
    restoration = pd.DataFrame(
        {
            "event_id": ["e-gamma-restore"],
            "pair_id": ["gamma-or_khabarovsk"],
            "date": [pd.Timestamp("2024-05-02")],
            "date_precision": ["day"],
            "type": pd.Categorical(["restoration"], categories=DATA.events["type"].cat.categories),
            "status_after": pd.Categorical(["kept"], categories=DATA.events["status_after"].cat.categories),
            "body": [""],
            "vote": [""],
            "title": [""],
            "description": ["Restored."],
        }
    )
    events = pd.concat([DATA.events, restoration], ignore_index=True)
    assert segments_of("gamma-or_khabarovsk", events)[-2:] == [
        ("suspended", "2022-06-30", "2024-05-02"),
        ("kept", "2024-05-02", "2026-11-22"),
    ]


def test_lanes_colours_and_markers_match_the_data():
    figure = timeline_figure(PAIRS, DATA.events, DATA.sources, today=TODAY)
    bars = [t for t in figure.data if t.type == "bar"]
    markers = [t for t in figure.data if t.legendgroup == "events"]
    lanes = {y for t in bars for y in t.y if y is not None}  # None: the pale span's legend-only entry
    assert lanes == {f"{p['us_place']}, {p['us_state']} – {p['ru_place']}" for p in fixture_rows("pairs.csv")}
    by_status = {t.name: t for t in bars}
    assert by_status["Suspended"].marker.color == OUTCOME_COLORS["suspended"]
    assert list(by_status["Suspended"].y) == ["Gamma, OR – Khabarovsk"]
    assert list(by_status["Cut"].y) == ["Beta County, CA – Moscow"]
    # One marker per pair event, with the symbol of its kind.
    pair_events = DATA.events[DATA.events["pair_id"] != ""]
    assert sum(len(t.x) for t in markers) == len(pair_events)
    assert {t.name: t.marker.symbol for t in markers}["Termination"] == EVENT_SYMBOLS["termination"]
    # Context events are labelled vertical lines.
    assert any("Russia invades Ukraine" in a.text for a in figure.layout.annotations)


def test_height_grows_with_lanes_so_100_stay_readable():
    many = pd.concat(
        [PAIRS.assign(pair_id=PAIRS["pair_id"] + f"-{i}", us_place=PAIRS["us_place"] + f" {i}") for i in range(25)],
        ignore_index=True,
    )
    small = timeline_figure(PAIRS.head(3), DATA.events, DATA.sources, today=TODAY)
    large = timeline_figure(many, DATA.events, DATA.sources, today=TODAY)
    assert len(many) == 25 * len(PAIRS)
    assert len(set(large.layout.yaxis.categoryarray)) == len(many)  # one lane each, none merged
    # At least 20 px per lane whatever the count: labels never overlap.
    assert large.layout.height >= 20 * len(many) and small.layout.height >= 20 * 3


def test_hover_text_escapes_data():
    events = DATA.events.copy()
    events.loc[events["event_id"] == "e-beta-cut", "description"] = "<img src=x onerror=alert(1)>"
    figure = timeline_figure(PAIRS, events, DATA.sources, today=TODAY)
    hover = " ".join(str(h) for t in figure.data if t.legendgroup == "events" for h in t.hovertext)
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover and "<img" not in hover


# The outcome codes in the order the README's data section lists them (the legend's order).
OUTCOME_ORDER = ["cut", "suspended", "letter", "kept", "under_review", "no_action", "unknown"]


def expected_lane_order(sort: str) -> list[str]:
    """The lane order worked out from the fixture's CSV rows: by the day each tie's first decision
    counts (a month- or year-only date at its period's end; undecided ties last), then by label;
    'state' and 'outcome' group by those first."""
    import calendar

    def counts_from(date: str) -> str:
        if len(date) == 4:
            return f"{date}-12-31"
        if len(date) == 7:
            year, month = map(int, date.split("-"))
            return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
        return date

    decided = [e for e in fixture_rows("events.csv") if e["pair_id"] and e["status_after"] not in ("", "no_action")]
    first = {}
    for event in decided:
        day = counts_from(event["date"])
        first[event["pair_id"]] = min(first.get(event["pair_id"], day), day)
    rows = fixture_rows("pairs.csv")

    def key(row):
        label = f"{row['us_place']}, {row['us_state']} – {row['ru_place']}"
        when = (0, first[row["pair_id"]]) if row["pair_id"] in first else (1, "")
        group = {"state": (row["us_state"],), "outcome": (OUTCOME_ORDER.index(row["outcome"]),)}.get(sort, ())
        return (*group, when, label)

    return [row["pair_id"] for row in sorted(rows, key=key)]


@pytest.mark.parametrize("sort", ["decision", "state", "outcome"])
def test_lanes_come_in_the_order_the_reader_chose(sort):
    ordered = list(order_lanes(PAIRS, DATA.events, sort)["pair_id"])
    assert ordered == expected_lane_order(sort)
    # The three orders differ on the fixture, so a sort that did nothing cannot pass as another.
    assert len({tuple(expected_lane_order(other)) for other in ("decision", "state", "outcome")}) == 3


def test_lanes_sorted_by_state_group_states():
    assert list(order_lanes(PAIRS, DATA.events, "state")["us_state"]) == sorted(
        p["us_state"] for p in fixture_rows("pairs.csv")
    )


def test_monthly_counts_follow_the_events():
    counts = monthly_status_counts(PAIRS, DATA.events, TODAY).set_index(["month", "status"])["count"]
    assert counts[(pd.Timestamp("2022-02-28"), "cut")] == 0
    assert counts[(pd.Timestamp("2022-03-31"), "cut")] == 1
    assert counts[(pd.Timestamp("2022-03-31"), "letter")] == 2
    assert counts[(pd.Timestamp("2022-06-30"), "letter")] == 1
    assert counts[(pd.Timestamp("2022-06-30"), "suspended")] == 1


def test_state_breakdown_counts_and_order():
    table = state_breakdown(PAIRS)
    assert list(table["state"].cat.categories) == ["CA", "MD", "MN", "OR", "WA"]  # CA has two ties, the rest one
    assert table[(table["state"] == "CA")]["count"].sum() == 2
    figure = state_figure(table)
    assert {t.name for t in figure.data} == {OUTCOME_LABELS[p["outcome"]] for p in fixture_rows("pairs.csv")}


@pytest.mark.parametrize("ties", [3, 40, 92, 20_000, 100_000])
def test_count_axes_show_a_few_whole_number_ticks_at_any_size(ties):
    # A fixed step of 5 on 20,000 ties drew 4,000 tick labels: the timeline page took 20 s to appear.
    counts = pd.DataFrame(
        {"month": pd.date_range("2022-02-28", periods=3, freq="ME"), "status": "cut", "count": [0, ties // 2, ties]}
    )
    breakdown = pd.DataFrame({"state": pd.Categorical(["CA", "OR"]), "status": ["cut", "letter"], "count": [ties, 1]})
    for axis in (decisions_figure(counts).layout.yaxis, state_figure(breakdown).layout.xaxis):
        assert axis.dtick == int(axis.dtick) >= 1
        assert 1 <= ties / axis.dtick <= 10 or ties < 10


def test_count_step_is_the_smallest_round_step():
    assert [count_step(n) for n in (0, 10, 11, 50, 51, 20_000)] == [1, 1, 2, 5, 10, 2_000]


def test_compare_selection_keeps_the_link_order():
    known = set(DATA.pairs["pair_id"])
    assert compare_selection(("gamma-or_khabarovsk", "nope", "alpha-ca_ekaterinburg"), known) == (
        "gamma-or_khabarovsk",
        "alpha-ca_ekaterinburg",
    )
    assert compare_selection((), known) == ()  # none of the default pairs is in the fixture


def test_the_default_comparison_names_ties_that_are_in_the_data():
    with open(ROOT / "data" / "pairs.csv", newline="", encoding="utf-8") as handle:
        in_data = {row["pair_id"] for row in csv.DictReader(handle)}
    assert DEFAULT_COMPARE and compare_selection((), in_data) == tuple(DEFAULT_COMPARE)


def test_compare_strips_share_one_axis():
    chosen = ("alpha-ca_ekaterinburg", "gamma-or_khabarovsk")
    x_range = shared_range(DATA.events, chosen, TODAY)
    strips = [pair_strip(p, DATA.events, x_range, TODAY) for p in chosen]
    assert all(tuple(s.layout.xaxis.range) == x_range for s in strips)
    assert x_range[1] >= pd.Timestamp("2022-06-30")


def test_plotly_selection_gives_the_pair():
    event = {"selection": {"points": [{"customdata": ["beta-county-ca_moscow", "2022-03-22", "Cut"]}]}}
    assert selected_pair_from_plotly(event) == "beta-county-ca_moscow"
    assert selected_pair_from_plotly({"selection": {"points": []}}) is None
