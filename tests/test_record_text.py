"""A tie's record says each thing once: one read date per source wherever the record lists it,
a place's name without its kind doubled, and one tie as "tie". Facts come from data/*.csv read with
the csv module."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sistercities.details import pair_detail, us_place_name
from sistercities.loader import load_dataset
from tests.conftest import ROOT, fixture_rows, rendered
from tests.test_overview_app import run_page

DATA = ROOT / "data"
SOURCES = fixture_rows("sources.csv", DATA)


def day_words(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def twice_read() -> dict[tuple[str, str], set[str]]:
    """(pair_id, url) -> its `accessed` days, where sources.csv lists one page for one tie more than once."""
    days: dict[tuple[str, str], set[str]] = {}
    for row in SOURCES:
        days.setdefault((row["pair_id"], row["url"]), set()).add(row["accessed"])
    return {key: value for key, value in days.items() if len(value) > 1 and key[0]}


def test_a_source_read_on_two_days_shows_one_read_date_wherever_the_record_lists_it():
    cases = twice_read()
    assert cases  # the data has such pages: one article, two "read" days, in one tie's record
    dataset = load_dataset(DATA)
    for (pair_id, url), days in cases.items():
        detail = pair_detail(dataset, pair_id)
        shown = {s["accessed"] for sources in detail.events["sources"] for s in sources if s["url"] == url}
        shown |= set(detail.sources.loc[detail.sources["url"] == url, "accessed"])
        assert {d.date().isoformat() for d in shown} == {max(days)}, (pair_id, url)


def test_the_santa_clara_record_gives_each_article_one_read_date(monkeypatch):
    pair_id = "santa-clara-county-ca_moscow"
    cases = {url: days for (pid, url), days in twice_read().items() if pid == pair_id}
    assert cases
    app = run_page("pages/data.py", monkeypatch, data_dir=DATA, pair=pair_id)
    assert not app.exception
    text = "\n".join(rendered(m.value) for m in app.markdown)
    for url, days in cases.items():
        read = re.findall(r"read (\d{1,2} \w+ \d{4})\)\]\(<" + re.escape(url) + r">\)", text)
        assert len(read) >= 2  # listed under an event and among the sources
        assert set(read) == {day_words(max(days))}, url


@pytest.mark.parametrize(
    ("level", "place", "said"),
    [
        ("county", "Santa Clara County", "Santa Clara County"),
        ("city", "Oklahoma City", "Oklahoma City"),
        ("county", "Fairbanks North Star Borough", "Fairbanks North Star Borough"),
        ("city", "Town of Windham", "Town of Windham"),
        ("city", "San Jose", "City of San Jose"),
        ("state", "Iowa", "State of Iowa"),
        ("city", "Cañon City", "Cañon City"),
    ],
)
def test_a_place_name_is_never_doubled(level, place, said):
    assert us_place_name(level, place) == said


def test_compare_says_santa_clara_county_once(monkeypatch):
    app = run_page(
        "pages/compare.py", monkeypatch, data_dir=DATA, pair="santa-clara-county-ca_moscow,san-jose-ca_yekaterinburg"
    )
    assert not app.exception
    text = " ".join(rendered(m.value) for m in app.markdown)
    assert "- Santa Clara County, CA" in text and "City of San Jose, CA" in text
    assert not re.search(r"\b(County|City|State) of [^,]*\b(County|City|State),", text)


def test_one_tie_shown_is_a_tie_in_the_headline(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, data_dir=DATA, q="Khabarovsk")
    text = " ".join(rendered(m.value) for m in app.markdown)
    assert "Of the 1 tie shown, " in text and "1 ties" not in text
