"""The one status model: the same answer for the validator, filters, timeline, counts and exports."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd

from sistercities import tables
from sistercities.charts import monthly_status_counts
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.status import monthly_counts, status_events, status_on, status_segments
from sistercities.timeline import STORY_START, timeline_figure
from tests.conftest import VALID, fixture_rows

DATA = load_dataset(VALID)
END = pd.Timestamp("2026-11-01")


def segments(pair_id: str, events: pd.DataFrame = DATA.events) -> list[tuple[str, str, str]]:
    table = status_segments(DATA.pairs[DATA.pairs["pair_id"] == pair_id], status_events(events), STORY_START, END)
    return [(r.status, f"{r.start:%Y-%m-%d}", f"{r.end:%Y-%m-%d}") for r in table.itertuples(index=False)]


def test_a_year_only_decision_counts_from_the_end_of_its_year():
    # Before it the tie stood with no decision yet (no_action), not "unknown".
    assert segments("zeta-mn_novosibirsk") == [
        ("no_action", "2022-02-01", "2025-12-31"),
        ("kept", "2025-12-31", "2026-11-01"),
    ]


def test_a_no_action_tie_stands_from_the_story_start_however_late_its_sighting():
    # Epsilon's page was read on 2026-10-15; the tie it shows standing stood all along.
    assert segments("epsilon-wa_nakhodka") == [("no_action", "2022-02-01", "2026-11-01")]


def test_a_sighting_after_a_decision_changes_nothing():
    sighting = DATA.events.iloc[[0]].assign(
        event_id="late-sighting",
        pair_id="beta-county-ca_moscow",
        date=pd.Timestamp("2024-01-01"),
        date_precision="day",
        type="standing",
        status_after="no_action",
        actor="",
        file_order=999,
    )
    events = pd.concat([DATA.events, sighting], ignore_index=True)
    assert segments("beta-county-ca_moscow", events)[-1][0] == "cut"
    beta = DATA.pairs[DATA.pairs["pair_id"] == "beta-county-ca_moscow"]
    assert status_on(beta, status_events(events))["status"].astype(str).tolist() == ["cut"]


def test_monthly_counts_count_no_action_and_month_only_decisions_at_the_month_end():
    counts = monthly_counts(DATA.pairs, DATA.marks, STORY_START, END).set_index(["month", "status"])["count"]
    assert counts[(pd.Timestamp("2022-05-31"), "suspended")] == 0
    assert counts[(pd.Timestamp("2022-06-30"), "suspended")] == 1  # Gamma, dated "2022-06"
    assert counts[(pd.Timestamp("2025-11-30"), "kept")] == 0 and counts[(pd.Timestamp("2025-12-31"), "kept")] == 1
    assert counts[(pd.Timestamp("2026-10-31"), "no_action")] == 1
    # Every month, the statuses add up to every tie.
    assert set(counts.groupby(level="month").sum()) == {len(fixture_rows("pairs.csv"))}
    # The decisions chart shows decided statuses only.
    assert set(monthly_status_counts(DATA.pairs, DATA.events, END.date())["status"]) <= {
        "cut",
        "suspended",
        "letter",
        "kept",
        "under_review",
    }


def test_timeline_hover_gives_a_month_only_decision_as_its_month():
    figure = timeline_figure(DATA.pairs, DATA.events, DATA.sources, today=END.date())
    suspended = next(t for t in figure.data if t.type == "bar" and t.name == "Suspended")
    assert [row[1] for row in suspended.customdata] == ["June 2022"]


def test_json_export_carries_actor_and_ukrainian_partners():
    pairs = apply_filters(DATA.pairs, DATA.events, FilterState())
    document = json.loads(tables.to_json(pairs, DATA.events, DATA.sources, DATA.meta, FilterState()))
    beta = next(p for p in document["pairs"] if p["pair_id"] == "beta-county-ca_moscow")
    raw = next(e for e in fixture_rows("events.csv") if e["type"] == "ukrainian_partner")
    assert beta["actor"] == "government"
    assert beta["ukrainian_partners"] == [
        {
            "event_id": raw["event_id"],
            "date": raw["date"],
            "type": "ukrainian_partner",
            "status_after": "",
            "actor": "",
            "body": raw["body"],
            "vote": "",
            "description": raw["description"],
            "ukrainian_place": raw["ukrainian_place"],
            "stage": raw["stage"],
        }
    ]
    zeta = next(p for p in document["pairs"] if p["pair_id"] == "zeta-mn_novosibirsk")
    assert zeta["decision_date"] == "2025" and zeta["actor"] == "association"
    assert all(s["accessed"] for p in document["pairs"] for s in p["sources"])


# ---- the embedded record


EMBEDDED = load_dataset(DEFAULT_DATA_DIR)
RAW_PAIRS = fixture_rows("pairs.csv", DEFAULT_DATA_DIR)


def searched_both_sides(notes: str) -> bool:
    """A note that says what was searched, on the Russian side too (named, or a query in Cyrillic)."""
    return "search" in notes.lower() and ("Russian" in notes or re.search("[а-яА-Я]", notes) is not None)


def test_unknown_stays_under_15_percent_or_every_gap_says_what_was_searched_on_both_sides():
    unknown = [p for p in RAW_PAIRS if p["outcome"] == "unknown"]
    if len(unknown) > 0.15 * len(RAW_PAIRS):
        assert [p["pair_id"] for p in unknown if not searched_both_sides(p["notes"])] == []


def test_each_decided_tie_names_who_decided_and_each_no_action_tie_a_fresh_sighting():
    sources = fixture_rows("sources.csv", DEFAULT_DATA_DIR)
    events = fixture_rows("events.csv", DEFAULT_DATA_DIR)
    for pair in RAW_PAIRS:
        if pair["outcome"] in ("no_action", "unknown"):
            assert pair["actor"] == "" and pair["decision_date"] == "", pair["pair_id"]
        else:
            assert pair["actor"] in ("government", "association", "state_law", "russian_side"), pair["pair_id"]
        if pair["outcome"] == "no_action":
            sightings = {e["event_id"] for e in events if e["pair_id"] == pair["pair_id"] and e["type"] == "standing"}
            backing = [s for s in sources if s["event_id"] in sightings]
            assert any(max(s["date"], s["accessed"]) >= "2022-02-24" for s in backing), pair["pair_id"]


def test_every_tie_s_status_today_is_its_recorded_outcome():
    today = status_on(EMBEDDED.pairs, EMBEDDED.marks, dt.date.fromisoformat(EMBEDDED.last_updated))
    assert dict(zip(EMBEDDED.pairs["pair_id"], today["status"].astype(str))) == {
        p["pair_id"]: p["outcome"] for p in RAW_PAIRS
    }
    assert dict(zip(EMBEDDED.pairs["pair_id"], today["actor"])) == {p["pair_id"]: p["actor"] for p in RAW_PAIRS}


def test_notes_carry_no_source_ids():
    import re

    assert not [p["pair_id"] for p in RAW_PAIRS if re.search(r"\bs\d{1,6}\b", p["notes"] + " " + p["summary"])]


def test_timeline_hover_names_who_decided():
    figure = timeline_figure(DATA.pairs, DATA.events, DATA.sources, today=END.date())
    hovers = [text for t in figure.data if t.legendgroup == "events" for text in t.hovertext]
    zeta = next(e for e in fixture_rows("events.csv") if e["event_id"] == "e-zeta-kept")
    assert any(f"decided by volunteer association<br>{zeta['description']}" in h for h in hovers)
    partner = next(e for e in fixture_rows("events.csv") if e["type"] == "ukrainian_partner")
    assert any(f"{partner['stage']} with {partner['ukrainian_place']}" in h for h in hovers)
