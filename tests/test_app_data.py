"""The app's shared caches: a figure or deck is made once per view and made anew for another."""

from __future__ import annotations

import datetime as dt

from components.app_data import built_once
from components.frame import Frame
from sistercities.filters import FilterState

DAY = dt.date(2026, 3, 1)


def view(filters: FilterState, data_key: tuple = ("data", (("pairs.csv", 1, 10),)), today: dt.date = DAY) -> tuple:
    frame = Frame(dataset=None, filters=filters, pairs=None, data_key=data_key, today=today)  # type: ignore[arg-type]
    return frame.view_key


def test_a_view_is_built_once_and_every_other_view_anew():
    made = []

    def build():
        made.append(1)
        return object()

    cut = view(FilterState(outcomes=("cut",)))
    first = built_once("test-figure", cut, "route", build=build)
    assert built_once("test-figure", cut, "route", build=build) is first  # a rerun, or another reader
    assert len(made) == 1
    # Another filter, another page choice, another version of the data: each is built afresh.
    assert built_once("test-figure", view(FilterState(outcomes=("suspended",))), "route", build=build) is not first
    assert built_once("test-figure", cut, "us", build=build) is not first
    assert (
        built_once(
            "test-figure", view(FilterState(outcomes=("cut",)), ("data", (("pairs.csv", 2, 11),))), "route", build=build
        )
        is not first
    )
    assert len(made) == 4


def test_view_key_names_filters_and_day():
    key = view(FilterState(states=("CA",), asof=dt.date(2022, 6, 1)))
    assert ("asof", "2022-06-01") in key[1] and ("state", "CA") in key[1]
    assert key[2] == "2026-03-01"
    # Past midnight a status "today" may differ: the next day is another view.
    assert view(FilterState(states=("CA",)), today=dt.date(2026, 3, 2)) != view(FilterState(states=("CA",)))
