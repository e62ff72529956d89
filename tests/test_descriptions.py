"""The words around a chart (alt text, title, subtitle, download labels) say what the data says:
the as-of day when one is chosen, singular and plural right, and no clause for a count of zero.
Every expected count is worked out here from the fixture's CSV rows, not from the code."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sistercities import descriptions, framing
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.summaries import download_label, headline_counts, headline_sentence
from tests.conftest import ROOT, VALID, fixture_rows

DATA = load_dataset(VALID)
PAIR_ROWS = fixture_rows("pairs.csv")
EVENT_ROWS = fixture_rows("events.csv")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def status_on(day: dt.date) -> dict[str, str]:
    """Each tie's status on `day`, from the events file, as data/README.md states the rules: a tie
    the record shows (any event with a status) stands with no decision (`no_action`) until its
    first decision, then takes its latest decision by that day; a tie it never shows is `unknown`.
    (The days used below sit away from month- and year-only dates.)"""
    shown = {row["pair_id"] for row in EVENT_ROWS if row["pair_id"] and row["status_after"]}
    status = {row["pair_id"]: "no_action" if row["pair_id"] in shown else "unknown" for row in PAIR_ROWS}
    for row in sorted(EVENT_ROWS, key=lambda r: r["date"]):
        decision = row["status_after"] not in ("", "no_action")
        if row["pair_id"] and decision and row["date"][:10] <= day.isoformat():
            status[row["pair_id"]] = row["status_after"]
    return status


def tally(statuses: list[str]) -> dict[str, int]:
    return {code: statuses.count(code) for code in set(statuses)}


def verb(count: int) -> str:
    return "was" if count == 1 else "were"


def pairs_for(filters: FilterState):
    return apply_filters(DATA.pairs, DATA.events, filters)


ASOF_DAYS = [dt.date(2022, 3, 1), dt.date(2022, 3, 15), dt.date(2022, 4, 30), dt.date(2023, 1, 1)]


@pytest.mark.parametrize("day", ASOF_DAYS, ids=str)
def test_under_an_asof_day_the_alt_text_names_that_day_and_its_counts(day):
    text = descriptions.alt_text("timeline", pairs_for(FilterState(asof=day)), DATA.events, FilterState(asof=day))
    counts = tally(list(status_on(day).values()))
    written = f"{day.day} {MONTHS[day.month - 1]} {day.year}"  # '1 March 2022', not '01' or an ISO date
    assert f"By {written}, of {len(PAIR_ROWS)} US ties" in text
    latest = max(r["date"] for r in EVENT_ROWS if r["status_after"])[:4]
    assert f"by {latest}" not in text.lower() or latest == str(day.year)  # not the data's latest decision
    if counts.get("cut"):
        assert f"{counts['cut']} {verb(counts['cut'])} cut" in text
    else:
        assert " cut" not in text.split("By ", 1)[1]
    assert f"for {counts['unknown']} nothing was found since the invasion" in text
    if counts.get("letter"):
        assert f"{counts['letter']} {verb(counts['letter'])} kept with a letter" in text


@pytest.mark.parametrize("day", ASOF_DAYS, ids=str)
def test_no_clause_is_written_for_a_count_of_zero(day):
    text = descriptions.alt_text("map", pairs_for(FilterState(asof=day)), DATA.events, FilterState(asof=day))
    assert "for 0 nothing" not in text
    assert not re.search(r"(?<![\d-])0 (was|were|is|are|kept|suspended|left)", text), text


def test_without_an_asof_day_the_alt_text_dates_the_latest_decision_as_precisely_as_it_is_known():
    text = descriptions.alt_text("timeline", pairs_for(FilterState()), DATA.events, FilterState())
    decisions = ("cut", "suspended", "letter", "kept", "under_review")  # a tie seen standing is no decision
    latest = max((r for r in EVENT_ROWS if r["status_after"] in decisions), key=lambda r: r["date"])
    assert len(latest["date"]) == 4  # the fixture's latest decision is known only to its year
    assert text.split(" Filters:")[0].count(f"By {latest['date']}, of {len(PAIR_ROWS)} US ties") == 1
    assert "January" not in text  # a year-only date is not invented into a month


def test_one_tie_is_written_in_the_singular():
    one = FilterState(outcomes=("cut",))
    pairs = pairs_for(one)
    cut_rows = [r for r in PAIR_ROWS if r["outcome"] == "cut"]
    assert len(pairs) == len(cut_rows) == 1
    text = descriptions.alt_text("map", pairs, DATA.events, one)
    assert "of 1 US tie to Russian cities" in text and "1 was cut" in text and "1 ties" not in text
    assert framing.subtitle_for(one, 1, len(PAIR_ROWS)) == f"1 of {len(PAIR_ROWS)} ties · outcome: cut"
    assert framing.subtitle_for(FilterState(), 1, 1) == "1 tie"
    assert download_label("CSV", 1) == "Download CSV (1 tie)"
    assert download_label("JSON", len(PAIR_ROWS)) == f"Download JSON ({len(PAIR_ROWS)} ties)"
    assert download_label("CSV", 0) == "Download CSV (0 ties)"


def test_a_title_agrees_with_its_count():
    # One cut tie among four: "1 of 4 … was cut", never "1 of 4 … were cut".
    ids = [r["pair_id"] for r in PAIR_ROWS]
    cut = [r["pair_id"] for r in PAIR_ROWS if r["outcome"] == "cut"]
    others = [
        i
        for i in ids
        if i not in cut
        and next(r for r in PAIR_ROWS if r["pair_id"] == i)["outcome"] in ("unknown", "no_action", "kept")
    ]
    four = pairs_for(FilterState()).set_index("pair_id").loc[cut + others[:3]].reset_index()
    assert descriptions.finding_title(four) == "1 of 4 US ties to Russian places was cut after the invasion"
    acted = sum(r["outcome"] in ("cut", "suspended") for r in PAIR_ROWS)
    assert descriptions.finding_title(pairs_for(FilterState())) == (
        f"{acted} of {len(PAIR_ROWS)} US ties to Russian places {verb(acted)} cut or suspended after the invasion"
    )
    single = pairs_for(FilterState(outcomes=("cut",)))
    assert descriptions.finding_title(single) == "The one US tie to a Russian place was cut after the invasion"
    nothing = pairs_for(FilterState(outcomes=("unknown",)))
    unknown = sum(r["outcome"] == "unknown" for r in PAIR_ROWS)
    assert descriptions.finding_title(nothing) == (
        f"No public decision found for {unknown} US {'tie' if unknown == 1 else 'ties'} to Russian places"
    )


def test_an_empty_selection_is_said_plainly():
    empty = pairs_for(FilterState(outcomes=("under_review",)))
    assert empty.empty and not any(r["outcome"] == "under_review" for r in PAIR_ROWS)
    text = descriptions.alt_text("timeline", empty, DATA.events, FilterState(outcomes=("under_review",)))
    assert "No US ties to Russian cities and regions match these filters." in text
    assert " 0 " not in text and "nothing was found" not in text
    assert descriptions.finding_title(empty) == "No ties match these filters"
    assert headline_sentence(headline_counts(empty), len(PAIR_ROWS)) == "No ties match the current filters."


@pytest.mark.parametrize("outcomes", [(), ("cut",), ("kept", "no_action")], ids=["all", "one", "two"])
def test_the_headline_sentence_has_no_zero_clause_and_agrees_in_number(outcomes):
    pairs = pairs_for(FilterState(outcomes=outcomes))
    sentence = headline_sentence(headline_counts(pairs), len(PAIR_ROWS))
    expected = [r for r in PAIR_ROWS if not outcomes or r["outcome"] in outcomes]
    assert len(pairs) == len(expected)
    assert not re.search(r"(?<![\d-])0 ", sentence), sentence
    assert "1 ties" not in sentence
    if len(expected) == 1:
        assert sentence.startswith("Of the 1 tie shown, ")
    if not outcomes:
        assert sentence.startswith(f"Of {len(PAIR_ROWS)} US ties to Russian places, ")


def test_a_year_only_decision_counts_as_later_than_a_month_of_that_year():
    """ "By March 2022" would be wrong when one tie decided at some point in 2022: the words name
    the period that holds every decision. The embedded data has such a pair of ties."""
    embedded = ROOT / "data"
    rows = fixture_rows("pairs.csv", embedded)
    year_only = next(r for r in rows if len(r["decision_date"]) == 4)
    same_year = next(
        r for r in rows if len(r["decision_date"]) == 10 and r["decision_date"][:4] == year_only["decision_date"]
    )
    data = load_dataset(embedded)
    chosen = apply_filters(data.pairs, data.events, FilterState())
    chosen = chosen[chosen["pair_id"].isin([year_only["pair_id"], same_year["pair_id"]])]
    text = descriptions.alt_text("compare", chosen, data.events, FilterState())
    assert f"By {year_only['decision_date']}," in text
