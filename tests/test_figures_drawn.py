"""The timeline and the geo map draw every tie and every event the data files hold, and name them in
the legend in the outcomes' order, whichever traces carry the marks (the figures are kept light for
the browser by merging and splitting traces; these tests are about the picture). Expectations come
from data/pairs.csv and data/events.csv read as text."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
import pytest

from sistercities.details import EVENT_TYPE_LABELS
from sistercities.filters import FilterState, apply_filters
from sistercities.geomap import geo_map_figure
from sistercities.loader import load_dataset
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_LABELS, PERIOD_LEGEND, STATUS_WORDS
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.timeline import selected_pair_from_plotly, timeline_figure
from sistercities.timeline_layers import EVENT_SYMBOLS
from tests.conftest import fixture_rows
from tests.drawn import legend, points

EMBEDDED = load_dataset(DEFAULT_DATA_DIR)
PAIRS_CSV = fixture_rows("pairs.csv", DEFAULT_DATA_DIR)
EVENTS_CSV = fixture_rows("events.csv", DEFAULT_DATA_DIR)
TODAY = dt.date(2026, 12, 1)
VIEWS = {"all": None, "cut": ("cut",), "kept or unknown": ("kept", "unknown")}


def view(outcomes: tuple[str, ...] | None):
    pairs = apply_filters(
        EMBEDDED.pairs, EMBEDDED.events, FilterState(outcomes=outcomes) if outcomes else FilterState()
    )
    rows = [p for p in PAIRS_CSV if outcomes is None or p["outcome"] in outcomes]
    return pairs, rows


def mark_day(date: str) -> pd.Timestamp:
    """Where data/README.md puts an event known to its month or year: that period's last day."""
    if len(date) == 4:
        return pd.Timestamp(f"{date}-12-31")
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        return pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
    return pd.Timestamp(date)


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_timeline_draws_a_lane_per_tie_and_a_mark_per_event(name):
    pairs, rows = view(VIEWS[name])
    figure = timeline_figure(pairs, EMBEDDED.events, EMBEDDED.sources, today=TODAY)
    drawn = points(figure)
    bars = drawn[(drawn["type"] == "bar") & (drawn["width"].astype(float) < 0.8)]
    # Every tie has its lane, labelled with its places, and the lane starts at the story's start.
    assert set(bars["pair"]) == {p["pair_id"] for p in rows}
    lanes = bars.groupby("pair")["lane"].first()
    for row in rows:
        assert lanes[row["pair_id"]].startswith(f"{row['us_place']}, {row['us_state']} – {row['ru_place']}"[:59])
    assert set(figure.layout.yaxis.categoryarray) == set(lanes)
    # Every event of those ties has its mark, with its kind's symbol, on its day, in its tie's lane.
    marks = drawn[drawn["type"] == "scatter"]
    expected = sorted(
        (e["pair_id"], mark_day(e["date"]), EVENT_SYMBOLS[e["type"]])
        for e in EVENTS_CSV
        if e["pair_id"] in set(lanes.index)
    )
    assert sorted(zip(marks["pair"], marks["x"].map(pd.Timestamp), marks["symbol"])) == expected
    assert all(lanes[p] == lane for p, lane in zip(marks["pair"], marks["lane"]))
    # A click on any lane or mark gives its tie.
    for mark in pd.concat([bars, marks]).itertuples():
        assert selected_pair_from_plotly({"selection": {"points": [{"customdata": list(mark.custom)}]}}) == mark.pair


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_timeline_legend_names_the_statuses_in_order_then_the_spans_then_the_kinds_of_event(name):
    pairs, rows = view(VIEWS[name])
    figure = timeline_figure(pairs, EMBEDDED.events, EMBEDDED.sources, today=TODAY)
    entries = legend(figure)
    statuses = [e for e in entries if e in {*OUTCOME_LABELS.values(), *STATUS_WORDS.values()}]
    order = [STATUS_WORDS[c] if c == "no_action" else OUTCOME_LABELS[c] for c in OUTCOME_CODES]
    assert statuses == [s for s in order if s in statuses]
    # Each tie's status today has its entry (no action's lane words: a tie standing, no decision yet).
    assert {
        STATUS_WORDS[p["outcome"]] if p["outcome"] == "no_action" else OUTCOME_LABELS[p["outcome"]] for p in rows
    } <= set(statuses)
    kinds = [
        k for k in EVENT_SYMBOLS if any(e["type"] == k and e["pair_id"] in set(pairs["pair_id"]) for e in EVENTS_CSV)
    ]
    vague = any(
        e["status_after"] in ("cut", "suspended", "letter", "kept", "under_review")
        and len(e["date"]) in (4, 7)
        and e["pair_id"] in set(pairs["pair_id"])
        for e in EVENTS_CSV
    )
    assert entries == statuses + ([PERIOD_LEGEND] if vague else []) + [EVENT_TYPE_LABELS[k] for k in kinds]


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("preset", ["route", "us", "california"])
def test_the_map_draws_a_line_and_two_places_per_tie_and_names_each_outcome_with_its_count(name, preset):
    pairs, rows = view(VIEWS[name])
    figure = geo_map_figure(pairs, preset)
    counts = {code: sum(p["outcome"] == code for p in rows) for code in OUTCOME_CODES}
    assert legend(figure) == [f"{OUTCOME_LABELS[c]} ({n})" for c, n in counts.items() if n]
    lines = {t.legendgroup: t for t in figure.data if t.mode == "lines" and t.showlegend is not False}
    places = [t for t in figure.data if t.mode == "markers"]
    by_pair = {p["pair_id"]: p for p in rows}
    for code, trace in lines.items():
        # One line per tie (its points end at None), each from the tie's US place to its partner.
        paths, path = [], []
        for lon, lat in zip(trace.lon, trace.lat):
            if lon is None:
                paths.append(path)
                path = []
            else:
                path.append((lon, lat))
        ties = [p for p in rows if p["outcome"] == code]
        assert len(paths) == len(ties)
        for path, tie in zip(paths, ties):
            assert path[0] == pytest.approx((float(tie["us_lon"]), float(tie["us_lat"])), abs=1e-3)
            assert path[-1][1] == pytest.approx(float(tie["ru_lat"]), abs=1e-3)
    # Two places per tie, each naming it on hover and giving its id on a click.
    ends = [(pair, lat) for t in places for pair, lat in zip(t.customdata, t.lat)]
    assert sorted(p for p, _ in ends) == sorted([p["pair_id"] for p in rows] * 2)
    for pair, lat in ends:
        assert lat in (pytest.approx(float(by_pair[pair]["us_lat"])), pytest.approx(float(by_pair[pair]["ru_lat"])))
        assert selected_pair_from_plotly({"selection": {"points": [{"customdata": pair}]}}) == pair
    texts = [str(text) for t in places for text in t.text]
    for row in rows:
        assert any(row["us_place"] in text and row["ru_place"] in text for text in texts)
