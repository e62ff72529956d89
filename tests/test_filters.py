"""The filter model: what each filter keeps, the URL round trip, and notices for garbage."""

from __future__ import annotations

import datetime as dt

import pytest

from sistercities.filters import FilterState, apply_filters, bounded_notices, parse_query_params, to_query_params
from sistercities.loader import load_dataset
from sistercities.status import status_on
from tests.conftest import VALID, fixture_rows

DATA = load_dataset(VALID)
IDS = frozenset(DATA.pairs["pair_id"])


def kept(state: FilterState) -> list[str]:
    return list(apply_filters(DATA.pairs, DATA.events, state)["pair_id"])


def test_no_filter_keeps_everything():
    assert kept(FilterState()) == list(DATA.pairs["pair_id"])


def test_outcome_filter():
    assert kept(FilterState(outcomes=("cut", "suspended"))) == ["beta-county-ca_moscow", "gamma-or_khabarovsk"]


def test_no_action_is_its_own_outcome_apart_from_unknown():
    # Read from the fixture's pairs.csv: Epsilon was seen standing, Delta has nothing.
    assert kept(FilterState(outcomes=("no_action",))) == ["epsilon-wa_nakhodka"]
    assert kept(FilterState(outcomes=("unknown",))) == ["delta-md_leningrad-oblast"]


def test_actor_filter_keeps_who_made_the_latest_decision():
    assert kept(FilterState(actors=("association",))) == ["zeta-mn_novosibirsk"]
    assert kept(FilterState(actors=("government",))) == [
        "alpha-ca_ekaterinburg",
        "beta-county-ca_moscow",
        "gamma-or_khabarovsk",
    ]
    # Ties without a decision have no actor, so any actor filter leaves them out.
    assert not set(kept(FilterState(actors=("government", "association", "state_law", "russian_side")))) & {
        "delta-md_leningrad-oblast",
        "epsilon-wa_nakhodka",
    }


def test_actor_filter_on_a_past_day_uses_that_day_s_decision():
    # Zeta's association decision is dated only "2025": by mid-2025 it has not surely happened.
    assert kept(FilterState(actors=("association",), asof=dt.date(2025, 6, 30))) == []
    assert kept(FilterState(actors=("association",), asof=dt.date(2026, 1, 1))) == ["zeta-mn_novosibirsk"]


def test_actor_parameter_round_trips_and_drops_garbage():
    state, notices = parse_query_params({"actor": "association,state_law,mayor"}, IDS)
    assert state.actors == ("association", "state_law") and "mayor" in notices[0]
    assert to_query_params(state) == {"actor": "association,state_law"}


def test_state_and_level_filters():
    assert kept(FilterState(states=("CA",))) == ["alpha-ca_ekaterinburg", "beta-county-ca_moscow"]
    assert kept(FilterState(levels=("county",))) == ["beta-county-ca_moscow"]


@pytest.mark.parametrize("query", ["Yekaterinburg", "sverdlovsk", "EKATERINBURG", "alpha"])
def test_search_matches_names_and_aliases(query):
    assert kept(FilterState(query=query)) == ["alpha-ca_ekaterinburg"]


def test_search_ignores_accents():
    assert kept(FilterState(query="Ekatérinburg")) == ["alpha-ca_ekaterinburg"]


def test_decision_date_range_excludes_undated_pairs():
    state = FilterState(date_from=dt.date(2022, 3, 10), date_to=dt.date(2022, 12, 31))
    assert kept(state) == ["beta-county-ca_moscow", "gamma-or_khabarovsk"]


@pytest.mark.parametrize(
    "date_from, date_to, expected",
    [
        # Zeta decided in "2025": any range that overlaps the year keeps it.
        (dt.date(2025, 1, 1), None, ["zeta-mn_novosibirsk"]),
        (dt.date(2025, 12, 31), dt.date(2026, 1, 31), ["zeta-mn_novosibirsk"]),
        (
            None,
            dt.date(2025, 1, 1),
            ["alpha-ca_ekaterinburg", "beta-county-ca_moscow", "gamma-or_khabarovsk", "zeta-mn_novosibirsk"],
        ),
        (dt.date(2026, 1, 1), None, []),
        # Gamma decided in "2022-06": a range inside June keeps it, one ending in May does not.
        (dt.date(2022, 6, 10), dt.date(2022, 6, 20), ["gamma-or_khabarovsk"]),
        (dt.date(2022, 5, 1), dt.date(2022, 5, 31), []),
    ],
)
def test_decision_date_range_keeps_month_and_year_decisions_that_overlap(date_from, date_to, expected):
    assert kept(FilterState(date_from=date_from, date_to=date_to)) == expected


def test_filters_combine():
    assert kept(FilterState(outcomes=("cut", "letter"), states=("CA",), query="moscow")) == ["beta-county-ca_moscow"]


def status_of(day: dt.date) -> dict[str, str]:
    return dict(zip(DATA.pairs["pair_id"], status_on(DATA.pairs, DATA.marks, day)["status"].astype(str)))


def test_status_as_of_follows_the_events():
    # Before its first decision a tie the record shows stood: no_action, not unknown. Only Delta,
    # whose outcome is unknown (nothing found), is unknown.
    assert status_of(dt.date(2022, 3, 1)) == {
        p["pair_id"]: "unknown" if p["outcome"] == "unknown" else "no_action" for p in fixture_rows("pairs.csv")
    }
    assert status_of(dt.date(2022, 4, 1)) == {
        "alpha-ca_ekaterinburg": "letter",
        "beta-county-ca_moscow": "cut",
        "gamma-or_khabarovsk": "letter",
        "delta-md_leningrad-oblast": "unknown",
        "epsilon-wa_nakhodka": "no_action",
        "zeta-mn_novosibirsk": "no_action",
    }
    # Gamma's suspension is dated only "2022-06": it counts from the end of June.
    assert status_of(dt.date(2022, 6, 15))["gamma-or_khabarovsk"] == "letter"
    assert status_of(dt.date(2022, 6, 30))["gamma-or_khabarovsk"] == "suspended"
    # Zeta's decision is dated only "2025": it counts from 31 December 2025.
    assert status_of(dt.date(2025, 12, 30))["zeta-mn_novosibirsk"] == "no_action"
    assert status_of(dt.date(2025, 12, 31))["zeta-mn_novosibirsk"] == "kept"
    # Epsilon's page was read on 2026-10-15 (its standing event): the tie it shows stood before then too.
    assert status_of(dt.date(2022, 2, 1))["epsilon-wa_nakhodka"] == "no_action"
    assert status_of(dt.date(2026, 10, 14))["epsilon-wa_nakhodka"] == "no_action"
    assert status_of(dt.date(2026, 10, 15))["epsilon-wa_nakhodka"] == "no_action"


def test_status_today_is_each_tie_s_recorded_outcome():
    today = status_of(dt.date(2026, 11, 1))
    assert today == dict(zip(DATA.pairs["pair_id"], DATA.pairs["outcome"].astype(str)))


def test_outcome_filter_applies_to_the_status_as_of():
    assert kept(FilterState(outcomes=("letter",), asof=dt.date(2022, 4, 1))) == [
        "alpha-ca_ekaterinburg",
        "gamma-or_khabarovsk",
    ]


def test_url_round_trip_is_identical():
    state = FilterState(
        outcomes=("cut", "suspended"),
        actors=("government", "association"),
        evidence=("strong", "moderate"),
        states=("CA", "OR"),
        levels=("city",),
        query="San José",
        date_from=dt.date(2022, 3, 1),
        date_to=dt.date(2022, 6, 30),
        pairs=("alpha-ca_ekaterinburg",),
        asof=dt.date(2022, 5, 1),
    )
    params = to_query_params(state)
    assert params["outcome"] == "cut,suspended" and params["state"] == "CA,OR"
    assert parse_query_params(params, IDS) == (state, [])


@pytest.mark.parametrize(
    "params, expected_state, notice_fragment",
    [
        ({"outcome": "cut,bogus"}, FilterState(outcomes=("cut",)), "bogus"),
        ({"state": "ca,ZZ"}, FilterState(states=("CA",)), "ZZ"),
        ({"from": "yesterday"}, FilterState(), "not a date"),
        ({"from": "2022-06-01", "to": "2022-03-01"}, FilterState(), "after"),
        ({"asof": "1999-01-01"}, FilterState(), "pick a day"),
        ({"pair": "nope"}, FilterState(), "nope"),
        ({"q": "x" * 500}, FilterState(), "longer than"),
        ({"utm_source": "x"}, FilterState(), "unknown link parameter"),
        ({"outcome": "<script>alert(1)</script>"}, FilterState(), "script"),
        ({"evidence": "strong,solid"}, FilterState(evidence=("strong",)), "solid"),
        ({"evidence": "<b>x</b>"}, FilterState(), "<b>x</b>"),
    ],
)
def test_garbage_params_are_dropped_with_a_notice(params, expected_state, notice_fragment):
    state, notices = parse_query_params(params, IDS)
    assert state == expected_state
    assert len(notices) == 1 and notice_fragment in notices[0]


def test_evidence_filter_keeps_the_ties_with_those_grades():
    rows = fixture_rows("pairs.csv")
    for grades in (("strong",), ("moderate",), ("weak",), ("strong", "moderate")):
        expected = [r["pair_id"] for r in rows if r["evidence"] in grades]
        assert expected, f"the fixture has no tie graded {grades}"
        assert kept(FilterState(evidence=grades)) == expected
    # Unknown ties have no grade: any evidence filter leaves them out.
    unknown = {r["pair_id"] for r in rows if r["outcome"] == "unknown"}
    assert not unknown & set(kept(FilterState(evidence=("strong", "moderate", "weak"))))


def test_evidence_parses_from_the_link_in_any_case_and_says_it_in_words():
    state, notices = parse_query_params({"evidence": "Strong,MODERATE,strong"}, IDS)
    assert state == FilterState(evidence=("strong", "moderate")) and notices == []
    assert to_query_params(state) == {"evidence": "strong,moderate"}
    assert "evidence: strong, moderate" in state.describe()


def test_embed_parameter_passes_through_without_notice():
    assert parse_query_params({"embed": "true", "outcome": "cut"}, IDS) == (FilterState(outcomes=("cut",)), [])


def test_a_link_with_20000_unknown_parameters_is_counted_not_echoed():
    params = {f"junk{n}": "x" for n in range(20_000)}
    state, notices = parse_query_params({**params, "outcome": "cut"})
    assert state.outcomes == ("cut",)  # the link's real filter still applies
    assert len(notices) == 51 and notices[-1] == "Ignored 19950 more unknown link parameters."
    assert sum(len(n) for n in notices) < 5_000


def test_a_long_list_of_bad_values_is_cut():
    _, notices = parse_query_params({"outcome": ",".join(f"bad{n}" for n in range(300))})
    assert notices == ["Ignored unknown outcome value(s): bad0, bad1, bad2, bad3, bad4 and 295 more."]


def test_a_page_shows_at_most_ten_notices_and_counts_the_rest():
    shown = bounded_notices([f"notice {n}" for n in range(60)])
    assert shown[:10] == [f"notice {n}" for n in range(10)] and shown[10:] == ["…and 50 more notices, not shown."]
    assert bounded_notices(["one", "two"]) == ["one", "two"]
