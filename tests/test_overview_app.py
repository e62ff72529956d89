"""The overview page as Streamlit runs it (AppTest): counts, notices, and a bad folder."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from sistercities.settings import settings
from tests.conftest import ROOT, VALID, fixture_rows, rendered, replace_in

PAIRS = fixture_rows("pairs.csv")
TOTAL = len(PAIRS)
IN_CA = sum(p["us_state"] == "CA" for p in PAIRS)

PAGE_FILES = ["dashboard.py", "pages/map.py", "pages/timeline.py", "pages/compare.py", "pages/data.py"]


def run_page(file: str, monkeypatch, data_dir=VALID, **params) -> AppTest:
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(data_dir))
    settings.cache_clear()  # read once per process: this test's environment, not the last one's
    app = AppTest.from_file(str(ROOT / file), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_overview_shows_counts_by_outcome(monkeypatch):
    app = run_page("dashboard.py", monkeypatch)
    assert not app.exception

    def count(code: str) -> str:
        return str(sum(p["outcome"] == code for p in PAIRS))

    assert metrics(app) == {
        "Cut": count("cut"),
        "Suspended": count("suspended"),
        "Kept, with a letter": count("letter"),
        "Kept": count("kept"),
        "Under review": count("under_review"),
        "No action (tie left standing)": count("no_action"),
        "Unknown (nothing found)": count("unknown"),
    }
    text = rendered(" ".join(m.value for m in app.markdown))
    assert f"Of {TOTAL} US ties to Russian places, {count('cut')} was cut, {count('suspended')} suspended" in text
    assert f"{count('no_action')} was left standing with no action and for {count('unknown')} nothing was found" in text
    # Who decided: the fixture's actor column, in words.
    decided_by = [p["actor"] for p in PAIRS if p["actor"]]
    assert (
        f"Of the {len(decided_by)} ties with a decision, {decided_by.count('government')} by the US city, county or "
        f"state government and {decided_by.count('association')} by a volunteer sister-city association (not the government)"
        in text
    )
    assert any("last updated 2026-11-01" in rendered(c.value) for c in app.caption)
    assert any(f"**{TOTAL} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)


def test_overview_counts_follow_the_url_filter(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, outcome="cut,suspended")
    assert metrics(app)["Cut"] == "1" and metrics(app)["Kept, with a letter"] == "0"
    cut_or_suspended = sum(p["outcome"] in ("cut", "suspended") for p in PAIRS)
    assert any(f"**{cut_or_suspended} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)
    assert app.sidebar.multiselect(key="f_outcome").value == ["cut", "suspended"]


def test_decided_by_filter_follows_the_url_and_writes_it_back(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, actor="association")
    by_association = [p for p in PAIRS if p["actor"] == "association"]
    assert any(f"**{len(by_association)} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)
    assert app.sidebar.multiselect(key="f_actor").value == ["association"]
    app.sidebar.multiselect(key="f_actor").select("government").run()
    assert app.query_params["actor"] == "association,government"
    both = sum(p["actor"] in ("association", "government") for p in PAIRS)
    assert any(f"**{both} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)


def test_evidence_filter_follows_the_url_and_writes_it_back(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, evidence="strong,bogus")
    strong = [p for p in PAIRS if p["evidence"] == "strong"]
    assert any(f"**{len(strong)} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)
    assert app.sidebar.multiselect(key="f_evidence").value == ["strong"]
    assert app.query_params["evidence"] == "strong"  # the unknown grade is dropped from the link
    assert any("bogus" in rendered(w.value) for w in app.warning)
    app.sidebar.multiselect(key="f_evidence").select("moderate").run()
    assert app.query_params["evidence"] == "strong,moderate"
    both = sum(p["evidence"] in ("strong", "moderate") for p in PAIRS)
    assert any(f"**{both} of {TOTAL} ties**" in m.value for m in app.sidebar.markdown)
    app.sidebar.multiselect(key="f_evidence").set_value([]).run()
    assert "evidence" not in app.query_params


def test_changing_a_widget_rewrites_the_url(monkeypatch):
    app = run_page("dashboard.py", monkeypatch)
    app.sidebar.multiselect(key="f_state").select("CA").run()
    assert app.query_params["state"] == "CA"
    assert metrics(app)["Unknown (nothing found)"] == str(
        sum(p["outcome"] == "unknown" and p["us_state"] == "CA" for p in PAIRS)
    )


def test_garbage_params_show_a_notice_not_a_traceback(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, outcome="cut,<b>bold</b>", asof="not-a-day")
    assert not app.exception
    warnings = [rendered(w.value) for w in app.warning]
    assert len(warnings) == 1  # one box listing both ignored parts
    assert "<b>bold</b>" in warnings[0] and "asof=not-a-day" in warnings[0]  # tags shown as text
    assert all("<b>" not in w.value for w in app.warning)  # the markdown source holds no live HTML
    assert {k: v if isinstance(v, str) else v[-1] for k, v in app.query_params.items()} == {"outcome": "cut"}


def test_a_link_with_a_thousand_unknown_parameters_gets_a_short_notice(monkeypatch):
    # 1,000 is Streamlit's own limit: it drops a longer query string whole. This one was 44 KB of warning.
    app = run_page("dashboard.py", monkeypatch, **{f"junk{n}": "x" for n in range(1000)})
    assert not app.exception and len(app.warning) == 1
    warning = rendered(app.warning[0].value)
    assert len(warning) < 2_000 and warning.count("\n- ") == 11
    # 50 named, one line counting the other 950; the page shows 10 and counts the other 41.
    assert "junk9”." in warning and "junk10”" not in warning and warning.endswith("…and 41 more notices, not shown.")


@pytest.mark.parametrize("file", PAGE_FILES)
def test_every_page_shows_defects_instead_of_a_traceback(monkeypatch, data_copy, file):
    replace_in(data_copy / "pairs.csv", "1992,letter,government,2022-03-08", "1992,cutt,government,2022-03-08")
    app = run_page(file, monkeypatch, data_dir=data_copy)
    assert not app.exception
    assert len(app.error) == 1
    message = rendered(app.error[0].value)
    assert "pairs.csv, row 2, column outcome: unknown outcome code" in message
    assert "(value: 'cutt')" in message


@pytest.mark.parametrize("file", PAGE_FILES)
def test_every_page_runs_and_carries_filters_in_its_links(monkeypatch, file):
    app = run_page(file, monkeypatch, state="CA")
    assert not app.exception
    assert any(f"{IN_CA} of {TOTAL} ties" in m.value for m in app.sidebar.markdown)
    # Each navigation link goes to its page with exactly the filters of this view.
    links = {}
    for element in app.sidebar.markdown:
        for label, target in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", element.value):
            links[html.unescape(label)] = urlsplit(target)
    for element in app.sidebar.get("page_link"):  # a real st.page_link, when the page knows its siblings
        links[element.proto.label] = urlsplit("/" + element.proto.page + "?" + element.proto.query_string)
    # The page paths of ../shared/CONTRACT.md.
    paths = {"Overview": "/", "Map": "/map", "Timeline": "/timeline", "Compare": "/compare", "Data & sources": "/data"}
    assert {label: link.path for label, link in links.items() if label in paths} == paths
    assert all(parse_qs(links[label].query) == {"state": ["CA"]} for label in paths), links


def map_pair_ids(app: AppTest) -> set[str]:
    """The ties the page's SVG map draws: the pair ids its places carry."""
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    return {pid for trace in figure["data"] for pid in trace.get("customdata") or []}


def test_map_page_draws_one_map_the_svg_one_first(monkeypatch):
    app = run_page("pages/map.py", monkeypatch)
    # The map every browser draws comes first, with every filtered tie; no WebGL map is sent.
    assert len(app.get("deck_gl_json_chart")) == 0
    assert map_pair_ids(app) == {row["pair_id"] for row in PAIRS}
    app.button_group(key="map_kind").set_value("webgl").run()
    assert not app.exception
    assert len(app.get("deck_gl_json_chart")) == 1
    assert len(app.get("plotly_chart")) == 0


def test_map_draws_a_sample_with_a_notice_when_ties_are_too_many(monkeypatch, tmp_path):
    from bench.synthetic import generate
    from sistercities.mapview import ARC_LAYER_ID, MAX_ARCS, MAX_LABELLED

    def layers(app: AppTest) -> list[dict]:
        return json.loads(app.get("deck_gl_json_chart")[0].proto.json)["layers"]

    def drawn_arcs(app: AppTest) -> int:
        return len(next(layer for layer in layers(app) if layer["id"] == ARC_LAYER_ID)["data"])

    folder = generate(MAX_ARCS * 2 + 50, tmp_path / "many")
    app = run_page("pages/map.py", monkeypatch, data_dir=folder)
    assert not app.exception
    assert len(map_pair_ids(app)) == MAX_ARCS  # the SVG map draws the same sample
    app.button_group(key="map_kind").set_value("webgl").run()
    notices = [rendered(info.value) for info in app.info]
    assert any(f"{MAX_ARCS * 2 + 50:,} ties match; the map draws an even sample of {MAX_ARCS:,}" in n for n in notices)
    assert drawn_arcs(app) == MAX_ARCS
    assert "labels" not in [
        layer["id"] for layer in layers(app)
    ]  # a sample this big carries no place names, and says so
    assert any("Place names are written on the map for up to" in n and "hover a line" in n for n in notices)
    assert len(app.dataframe[0].value) == MAX_ARCS  # the table lists what the map draws
    assert any(f"the CSV download holds all {MAX_ARCS * 2 + 50:,}" in rendered(c.value) for c in app.caption)

    narrowed = run_page("pages/map.py", monkeypatch, data_dir=folder, q="Town 1")  # Town 1, 10-19, 100-199, ...
    narrowed.button_group(key="map_kind").set_value("webgl").run()
    shown = int(next(m.value for m in narrowed.sidebar.markdown if "ties** match" in m.value).split()[0].strip("*"))
    assert shown < MAX_ARCS
    assert drawn_arcs(narrowed) == shown
    assert not any("even sample" in rendered(info.value) for info in narrowed.info)
    assert ("labels" in [layer["id"] for layer in layers(narrowed)]) == (shown <= MAX_LABELLED)


def test_compare_states_each_ties_start_year_or_that_it_is_unreported(monkeypatch):
    app = run_page("pages/compare.py", monkeypatch, pair="gamma-or_khabarovsk,beta-county-ca_moscow")
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert "Tie since 1988" in text
    assert "Start year not reported" in text and "Tie since <NA>" not in text
