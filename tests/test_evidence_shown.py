"""Wherever a tie's outcome is shown, its evidence grade is shown in words; under each source on a
record, the page's own words. Facts come from the fixture files (csv module)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from sistercities.details import pairs_table
from sistercities.filters import FilterState
from sistercities.geomap import geo_map_figure
from sistercities.loader import load_dataset
from sistercities.site.routes import Site, render
from sistercities.tables import export_table, to_csv, to_json
from sistercities.timeline import timeline_figure
from tests.conftest import VALID, fixture_rows, rendered
from tests.test_overview_app import run_page

DATA = load_dataset(VALID)
PAIRS = {row["pair_id"]: row for row in fixture_rows("pairs.csv")}
SOURCES = fixture_rows("sources.csv")
# The words a reader is promised for each grade (the issue's own wording, short form).
SAID = {
    "strong": "Evidence: strong (a dated page after the invasion names both places)",
    "moderate": "Evidence: moderate (",
    "weak": "Evidence: weak (",
}


def graded(grade: str) -> str:
    return next(pair_id for pair_id, row in PAIRS.items() if row["evidence"] == grade)


def quoted(pair_id: str) -> list[tuple[str, str]]:
    """(quote, publisher) of each source of the tie that carries one."""
    return [(s["quote"], s["publisher"]) for s in SOURCES if s["pair_id"] == pair_id and s["quote"]]


def squash(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.mark.parametrize("grade", ["strong", "moderate", "weak"])
def test_the_record_says_the_grade_and_quotes_its_sources(monkeypatch, grade):
    pair_id = graded(grade)
    app = run_page("pages/data.py", monkeypatch, pair=pair_id)
    assert not app.exception
    text = rendered(" ".join(m.value for m in app.markdown))
    assert SAID[grade] in text
    for quote, publisher in quoted(pair_id):
        assert f"“{quote}” ({publisher})" in text


def test_the_compare_card_says_each_tie_s_grade(monkeypatch):
    chosen = [graded("strong"), graded("weak")]
    app = run_page("pages/compare.py", monkeypatch, pair=",".join(chosen))
    assert not app.exception
    text = rendered(" ".join(m.value for m in app.markdown))
    assert SAID["strong"] in text and SAID["weak"] in text


def test_the_tie_page_has_the_grade_among_its_facts_and_the_quotes_under_its_sources():
    site = Site(DATA, VALID, "https://example.org", "https://app.example.org")
    pair_id = graded("strong")
    page = render(site, f"/ties/{pair_id}/")
    assert page.status == 200
    text = squash(page.body.decode("utf-8"))
    assert "Evidence strong (a dated page after the invasion names both places)" in text
    sources = text.split("Sources", 1)[1]
    for quote, publisher in quoted(pair_id):
        assert f"“{quote}” ({publisher})" in sources


def test_an_unknown_tie_s_page_says_nothing_was_graded():
    site = Site(DATA, VALID, "https://example.org", "https://app.example.org")
    pair_id = next(p for p, row in PAIRS.items() if row["outcome"] == "unknown")
    text = squash(render(site, f"/ties/{pair_id}/").body.decode("utf-8"))
    assert "Evidence none graded" in text


def test_map_hover_says_the_grade():
    figure = geo_map_figure(DATA.pairs)
    hovers = [str(t) for trace in figure.data if trace.text is not None for t in trace.text]
    for grade in ("strong", "moderate", "weak"):
        place = PAIRS[graded(grade)]["us_place"]
        assert any(place in h and SAID[grade] in h for h in hovers), (grade, place)


def test_timeline_hover_says_the_grade():
    figure = timeline_figure(DATA.pairs, DATA.events, DATA.sources)
    hovers = [
        (str(row[0]), str(row[4]))
        for trace in figure.data
        if trace.type == "bar" and trace.customdata is not None and len(trace.customdata[0]) > 4
        for row in trace.customdata
    ]
    for grade in ("strong", "moderate", "weak"):
        assert any(p == graded(grade) and SAID[grade] in words for p, words in hovers), grade


def test_the_table_and_the_downloads_carry_the_grade_and_the_quotes():
    table = pairs_table(DATA.pairs, DATA.sources).set_index("pair_id")
    for pair_id, row in PAIRS.items():
        assert table.at[pair_id, "Evidence"] == row["evidence"].capitalize()
    exported = list(csv.DictReader(io.StringIO(to_csv(export_table(DATA.pairs, DATA.sources)).decode("utf-8"))))
    assert {r["pair_id"]: r["evidence"] for r in exported} == {p: r["evidence"] for p, r in PAIRS.items()}
    document = json.loads(to_json(DATA.pairs, DATA.events, DATA.sources, DATA.meta, FilterState()))
    assert set(document["evidence_grades"]) == {"strong", "moderate", "weak"}
    by_pair = {p["pair_id"]: p for p in document["pairs"]}
    for source in SOURCES:
        if source["pair_id"]:
            assert source["quote"] in [s["quote"] for s in by_pair[source["pair_id"]]["sources"]]
