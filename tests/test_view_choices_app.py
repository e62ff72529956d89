"""The map's view and the timeline's period and sort, as Streamlit runs the pages (AppTest): every
value the contract names opens without an error, a click writes it into the link, a link reopens
it, and a value that is not one of them is dropped with a notice.

The values are the contract's (`view`: route, us, california, bay-area; `period`: first-weeks,
2022-23, all; `sort`: decision, state, outcome), written here as an outside reader of it would."""

from __future__ import annotations

import csv
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

DATA = ROOT / "data"
MAP_VIEWS = ["route", "us", "california", "bay-area"]
PERIODS = ["first-weeks", "2022-23", "all"]
SORTS = ["decision", "state", "outcome"]


def data_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(file: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(DATA))
    app = AppTest.from_file(str(ROOT / file), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    return app


def link(app: AppTest) -> dict[str, str]:
    return {k: v if isinstance(v, str) else v[-1] for k, v in app.query_params.items()}


def figure(app: AppTest, index: int = 0) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def notices(app: AppTest) -> str:
    return " ".join(w.value for w in app.warning)


def shared_link(app: AppTest) -> str:
    """The 'Share this view' box's address: the text its copy box holds."""
    return next(json.loads(box.proto.json)["text"] for box in app.get("bidi_component"))


@pytest.mark.parametrize("view", MAP_VIEWS)
def test_every_map_view_opens_from_its_link_and_draws_its_region(monkeypatch, view):
    app = run("pages/map.py", monkeypatch, view=view)
    assert not app.exception
    assert not notices(app)
    assert app.button_group(key="map_view").value == view
    geo = figure(app)["layout"]["geo"]
    if view in ("california", "bay-area"):
        south, north = geo["lataxis"]["range"]
        west, east = geo["lonaxis"]["range"]
        # The region drawn holds the places of the record that lie in it: Livermore for both.
        livermore = next(p for p in data_rows("pairs.csv") if p["us_place"] == "Livermore")
        assert south < float(livermore["us_lat"]) < north and west < float(livermore["us_lon"]) < east
    assert (view == "route") == (geo["projection"]["type"] == "orthographic")
    # The default needs no parameter: a plain /map stays plain.
    assert link(app) == ({} if view == "route" else {"view": view})
    assert shared_link(app).endswith("/map" + ("" if view == "route" else f"?view={view}"))


def test_choosing_a_map_view_writes_it_into_the_link(monkeypatch):
    app = run("pages/map.py", monkeypatch, outcome="cut")
    for view in MAP_VIEWS[1:] + MAP_VIEWS[:1]:
        app.button_group(key="map_view").set_value(view).run()
        assert not app.exception, view
        assert link(app) == ({"outcome": "cut"} if view == "route" else {"outcome": "cut", "view": view})


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("sort", SORTS)
def test_every_timeline_period_and_sort_opens_from_its_link(monkeypatch, period, sort):
    app = run("pages/timeline.py", monkeypatch, period=period, sort=sort)
    assert not app.exception
    assert not notices(app)
    assert app.button_group(key="tl_period").value == period
    assert app.button_group(key="tl_sort").value == sort
    expected = {k: v for k, v in {"period": period, "sort": sort}.items() if v not in ("2022-23", "decision")}
    assert link(app) == expected
    start, end = figure(app)["layout"]["xaxis"]["range"]
    if period == "first-weeks":  # the invasion's first weeks: 24 February 2022 is in view, 2023 is not
        assert start <= "2022-02-24" and end < "2022-05-01"
    elif period == "2022-23":
        assert end.startswith("2023-12-31")
    else:  # up to today, past every dated decision of the record
        latest = max(e["date"] for e in data_rows("events.csv") if e["date"])
        assert end[:10] >= latest[:10]


def test_sorting_lanes_by_state_puts_them_in_the_states_order(monkeypatch):
    app = run("pages/timeline.py", monkeypatch, sort="state", period="all")
    lanes = figure(app)["layout"]["yaxis"]["categoryarray"][::-1]  # top to bottom
    states = {f"{p['us_place']}, {p['us_state']}": p["us_state"] for p in data_rows("pairs.csv")}
    order = [next(s for name, s in states.items() if lane.startswith(name + " –")) for lane in lanes]
    assert order == sorted(order)


def test_choosing_a_period_and_sort_writes_them_into_the_link(monkeypatch):
    app = run("pages/timeline.py", monkeypatch)
    app.button_group(key="tl_period").set_value("first-weeks").run()
    app.button_group(key="tl_sort").set_value("outcome").run()
    assert not app.exception
    assert link(app) == {"period": "first-weeks", "sort": "outcome"}
    assert "period=first-weeks" in shared_link(app) and "sort=outcome" in shared_link(app)
    app.button_group(key="tl_period").set_value("2022-23").run()
    assert link(app) == {"sort": "outcome"}


@pytest.mark.parametrize(
    ("file", "param", "value"),
    [("pages/map.py", "view", "mars"), ("pages/timeline.py", "period", "1812"), ("pages/timeline.py", "sort", "x")],
)
def test_a_bad_view_value_is_dropped_with_a_notice(monkeypatch, file, param, value):
    app = run(file, monkeypatch, **{param: value, "outcome": "cut"})
    assert not app.exception
    assert f"{param}={value}" in notices(app)
    assert link(app) == {"outcome": "cut"}


def test_a_view_parameter_of_another_page_is_dropped_with_a_notice(monkeypatch):
    app = run("pages/timeline.py", monkeypatch, view="california")
    assert not app.exception
    assert "view" in notices(app) and "/map" in notices(app)
    assert "view" not in link(app)


def test_the_state_filter_finds_a_state_by_its_name_as_well_as_its_code(monkeypatch):
    in_california = sum(p["us_state"] == "CA" for p in data_rows("pairs.csv"))
    app = run("dashboard.py", monkeypatch)
    states = next(m for m in app.sidebar.multiselect if m.label == "US state")
    # Typing in the box searches these words: "California" and "CA" both find it.
    assert "California (CA)" in states.options
    by_name = run("dashboard.py", monkeypatch, state="california")
    assert not by_name.exception and not notices(by_name)
    assert link(by_name) == {"state": "CA"}
    assert f"**{in_california} of " in " ".join(m.value for m in by_name.sidebar.markdown)
