"""The timeline and compare strips draw the one status model honestly: a month- or year-only
decision as a span over its whole period, the as-of day as a labelled line with each lane's status
on that day beside it. Expectations come from the embedded data's CSV rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sistercities.compare import pair_strip, shared_range
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.outcomes import PERIOD_LEGEND, STATUS_WORDS
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.status import STORY_START, status_on
from sistercities.ties import tie_labels
from sistercities.timeline import timeline_figure
from tests.conftest import fixture_rows
from tests.drawn import points

EMBEDDED = load_dataset(DEFAULT_DATA_DIR)
PAIRS = apply_filters(EMBEDDED.pairs, EMBEDDED.events, FilterState())
RAW_PAIRS = fixture_rows("pairs.csv", DEFAULT_DATA_DIR)
TODAY = dt.date.fromisoformat(EMBEDDED.last_updated)
DEFAULT_PERIOD = (STORY_START, pd.Timestamp("2023-12-31"))
ASOF = dt.date(2022, 6, 1)
SAN_DIEGO = next(p for p in RAW_PAIRS if p["us_place"] == "San Diego" and p["outcome"] == "kept")


def spans(figure) -> list[tuple[str, pd.Timestamp, pd.Timestamp, str]]:
    """(lane, first day, day after the last, hover) of every pale span drawn, whichever trace draws it."""
    marks = points(figure)
    pale = marks[(marks["type"] == "bar") & (marks["width"].astype(float) >= 0.8)]
    return [
        (m.lane, pd.Timestamp(m.base), pd.Timestamp(m.base) + pd.Timedelta(milliseconds=m.x), m.hover)
        for m in pale.itertuples()
    ]


def test_san_diego_s_year_only_kept_decision_is_a_span_over_all_of_its_year():
    year = SAN_DIEGO["decision_date"]
    assert len(year) == 4  # the record gives only the year
    figure = timeline_figure(PAIRS, EMBEDDED.events, EMBEDDED.sources, "decision", DEFAULT_PERIOD, TODAY)
    lane = f"{SAN_DIEGO['us_place']}, {SAN_DIEGO['us_state']} – {SAN_DIEGO['ru_place']}"
    [(_, first, after, hover)] = [s for s in spans(figure) if s[0] == lane]
    assert (first, after) == (pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{int(year) + 1}-01-01"))
    assert f"decided during {year}" in hover and f"counts it from 31 December {year}" in hover
    # The legend says what a span means.
    assert any(t.name == PERIOD_LEGEND and t.showlegend is not False for t in figure.data)
    # Before the period's end the lane shows the tie standing, no decision yet (the model's answer).
    on_day = status_on(PAIRS, EMBEDDED.marks, dt.date(int(year), 6, 1))
    assert str(on_day[PAIRS["pair_id"] == SAN_DIEGO["pair_id"]]["status"].iloc[0]) == "no_action"


def test_every_month_or_year_only_decision_of_the_default_period_has_its_span():
    events = fixture_rows("events.csv", DEFAULT_DATA_DIR)
    decided = ("cut", "suspended", "letter", "kept", "under_review")
    labels = dict(zip(PAIRS["pair_id"], tie_labels(PAIRS)))
    expected = {
        (labels[e["pair_id"]], pd.Timestamp(e["date"] if len(e["date"]) == 7 else e["date"] + "-01"))
        for e in events
        if e["status_after"] in decided and len(e["date"]) in (4, 7)
    }
    figure = timeline_figure(PAIRS, EMBEDDED.events, EMBEDDED.sources, "decision", DEFAULT_PERIOD, TODAY)
    assert {(lane, first) for lane, first, _, _ in spans(figure)} == expected


def test_the_compare_strip_and_its_export_draw_san_diego_s_span():
    chosen = (SAN_DIEGO["pair_id"],)
    x_range = shared_range(EMBEDDED.events, chosen, TODAY)
    strip = pair_strip(SAN_DIEGO["pair_id"], EMBEDDED.events, x_range, TODAY)
    pale = [t for t in strip.data if t.type == "bar" and t.width == 0.8]
    assert len(pale) == 1 and pd.Timestamp(pale[0].base[0]) == pd.Timestamp(f"{SAN_DIEGO['decision_date']}-01-01")
    assert any(f"decided during {SAN_DIEGO['decision_date']}" in a.text for a in strip.layout.annotations)
    # The comparison's export is timeline_figure on the chosen ties: the same span.
    exported = timeline_figure(PAIRS[PAIRS["pair_id"].isin(chosen)], EMBEDDED.events, EMBEDDED.sources, today=TODAY)
    assert len(spans(exported)) == 1


def test_under_asof_the_lane_words_are_each_tie_s_status_that_day_and_the_day_is_a_line():
    figure = timeline_figure(PAIRS, EMBEDDED.events, EMBEDDED.sources, "decision", DEFAULT_PERIOD, TODAY, asof=ASOF)
    on_day = status_on(PAIRS, EMBEDDED.marks, ASOF)["status"].astype(str)
    expected = dict(zip(tie_labels(PAIRS), on_day.map(STATUS_WORDS)))
    axis = figure.layout.yaxis2
    assert dict(zip(axis.tickvals, axis.ticktext)) == expected
    assert axis.title.text == "Status on 1 June 2022"
    lines = [s for s in figure.layout.shapes if pd.Timestamp(s.x0) == pd.Timestamp(ASOF) == pd.Timestamp(s.x1)]
    assert len(lines) == 1
    assert any(a.text == "<b>Status on 1 June 2022</b>" for a in figure.layout.annotations)
    # Ties the record shows standing are not "unknown" that day, even those seen standing only later.
    for row in (p for p in RAW_PAIRS if p["outcome"] == "no_action"):
        assert expected[f"{row['us_place']}, {row['us_state']} – {row['ru_place']}"] == STATUS_WORDS["no_action"]


def test_without_asof_the_lane_words_are_the_status_at_the_right_edge():
    figure = timeline_figure(PAIRS, EMBEDDED.events, EMBEDDED.sources, "decision", DEFAULT_PERIOD, TODAY)
    on_day = status_on(PAIRS, EMBEDDED.marks, DEFAULT_PERIOD[1])["status"].astype(str)
    axis = figure.layout.yaxis2
    assert dict(zip(axis.tickvals, axis.ticktext)) == dict(zip(tie_labels(PAIRS), on_day.map(STATUS_WORDS)))
    assert not any("Status on" in (a.text or "") for a in figure.layout.annotations)


def test_lanes_of_ties_seen_standing_later_are_one_standing_stretch_over_the_default_period():
    figure = timeline_figure(PAIRS, EMBEDDED.events, EMBEDDED.sources, "decision", DEFAULT_PERIOD, TODAY)
    later = {e["pair_id"]: e["date"] for e in fixture_rows("events.csv", DEFAULT_DATA_DIR) if e["type"] == "standing"}
    seen_later = [p for p in RAW_PAIRS if p["outcome"] == "no_action" and later.get(p["pair_id"], "") > "2023-12-31"]
    assert "Long Beach" in {p["us_place"] for p in seen_later}
    for row in seen_later:
        place = row["us_place"]
        lane = f"{place}, {row['us_state']} – {row['ru_place']}"
        drawn = [
            (t.name, pd.Timestamp(b))
            for t in figure.data
            if t.type == "bar" and t.width == 0.55
            for y, b in zip(t.y, t.base)
            if y == lane
        ]
        assert drawn == [(STATUS_WORDS["no_action"], STORY_START)]
