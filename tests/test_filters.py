"""The filter model: what each filter keeps, the URL round trip, and notices for garbage."""

from __future__ import annotations

import datetime as dt

import pytest

from components.filters import FilterState, apply_filters, parse_query_params, status_as_of, to_query_params
from components.loader import load_dataset
from tests.conftest import VALID

DATA = load_dataset(VALID)
IDS = frozenset(DATA.pairs["pair_id"])


def kept(state: FilterState) -> list[str]:
    return list(apply_filters(DATA.pairs, DATA.events, state)["pair_id"])


def test_no_filter_keeps_everything():
    assert kept(FilterState()) == list(DATA.pairs["pair_id"])


def test_outcome_filter():
    assert kept(FilterState(outcomes=("cut", "suspended"))) == ["beta-county-ca_moscow", "gamma-or_khabarovsk"]


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


def test_filters_combine():
    assert kept(FilterState(outcomes=("cut", "letter"), states=("CA",), query="moscow")) == ["beta-county-ca_moscow"]


def test_status_as_of_follows_the_events():
    before = status_as_of(DATA.pairs, DATA.events, dt.date(2022, 3, 1))
    assert set(before.astype(str)) == {"unknown"}
    april = dict(zip(DATA.pairs["pair_id"], status_as_of(DATA.pairs, DATA.events, dt.date(2022, 4, 1)).astype(str)))
    assert april == {
        "alpha-ca_ekaterinburg": "letter",
        "beta-county-ca_moscow": "cut",
        "gamma-or_khabarovsk": "letter",
        "delta-md_leningrad-oblast": "unknown",
    }
    # Gamma's suspension is dated only "2022-06": it counts from the end of June.
    mid_june = status_as_of(DATA.pairs, DATA.events, dt.date(2022, 6, 15)).astype(str).tolist()
    july = status_as_of(DATA.pairs, DATA.events, dt.date(2022, 7, 1)).astype(str).tolist()
    assert mid_june[2] == "letter" and july[2] == "suspended"


def test_outcome_filter_applies_to_the_status_as_of():
    assert kept(FilterState(outcomes=("letter",), asof=dt.date(2022, 4, 1))) == ["alpha-ca_ekaterinburg", "gamma-or_khabarovsk"]


def test_url_round_trip_is_identical():
    state = FilterState(
        outcomes=("cut", "suspended"),
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
    ],
)
def test_garbage_params_are_dropped_with_a_notice(params, expected_state, notice_fragment):
    state, notices = parse_query_params(params, IDS)
    assert state == expected_state
    assert len(notices) == 1 and notice_fragment in notices[0]


def test_embed_parameter_passes_through_without_notice():
    assert parse_query_params({"embed": "true", "outcome": "cut"}, IDS) == (FilterState(outcomes=("cut",)), [])
