"""A reader finds their city: the overview's "Find your city" field writes the link's `q=`, and a
search names its matches with their outcome on the overview and the data page. Facts come from
data/*.csv read with the csv module, not from the code's constants."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from sistercities.finder import MAX_LISTED, found_ties
from sistercities.loader import load_dataset
from tests.conftest import ROOT, fixture_rows, rendered
from tests.test_overview_app import run_page

DATA = ROOT / "data"
PAIRS = fixture_rows("pairs.csv", DATA)
# The outcome codes' words, as ../shared/CONTRACT.md gives their meaning.
OUTCOME_WORDS = {
    "cut": "Cut",
    "suspended": "Suspended",
    "letter": "Kept, with a letter",
    "kept": "Kept",
    "under_review": "Under review",
    "no_action": "No action (tie left standing)",
    "unknown": "Unknown (nothing found)",
}


def matching(text: str) -> list[dict[str, str]]:
    """The ties a search for `text` finds, by the contract: US and Russian names and their aliases."""
    needle = text.casefold()
    fields = ("us_place", "ru_place", "ru_region", "us_aliases", "ru_aliases")
    return [row for row in PAIRS if any(needle in row[f].casefold() for f in fields)]


def found_text(app) -> str:
    """What the page says the search found: the markdown from its heading on."""
    texts = [rendered(m.value) for m in app.markdown]
    start = next(i for i, t in enumerate(texts) if re.search(r"ties? match|No tie matches", t))
    return "\n".join(texts[start : start + 2])


def listed(text: str) -> dict[str, tuple[str, str]]:
    """pair_id -> (name, outcome text) of each listed tie, read from its link to /data?pair=ID."""
    ties = {}
    for name, url, outcome in re.findall(r"^- \[([^\]]+)\]\(<([^>]+)>\): (.+)$", text, flags=re.M):
        parts = urlsplit(url)
        assert parts.path == "/data", url
        ties[parse_qs(parts.query)["pair"][0]] = (name, outcome)
    return ties


@pytest.mark.parametrize("file", ["dashboard.py", "pages/data.py"])
def test_a_search_for_portland_names_both_portlands_with_their_outcomes(monkeypatch, file):
    portlands = matching("Portland")
    assert {(row["us_place"], row["us_state"]) for row in portlands} == {("Portland", "OR"), ("Portland", "ME")}
    app = run_page(file, monkeypatch, data_dir=DATA, q="Portland")
    assert not app.exception
    text = found_text(app)
    assert "2 ties match “Portland”:" in text
    ties = listed(text)
    assert set(ties) == {row["pair_id"] for row in portlands}
    for row in portlands:
        name, outcome = ties[row["pair_id"]]
        assert name == f"{row['us_place']}, {row['us_state']} – {row['ru_place']}"
        assert outcome.startswith(OUTCOME_WORDS[row["outcome"]] + " ")
        assert row["decision_date"][:4] in outcome  # when it was decided
        assert row["decision_body"] in outcome  # and by whom


def test_one_match_is_a_tie_not_ties(monkeypatch):
    assert len(matching("Khabarovsk")) == 1
    text = found_text(run_page("dashboard.py", monkeypatch, data_dir=DATA, q="Khabarovsk"))
    assert "1 tie matches “Khabarovsk”:" in text and "1 ties" not in text
    assert len(listed(text)) == 1


def test_no_match_says_so(monkeypatch):
    assert matching("Atlantis") == []
    text = found_text(run_page("dashboard.py", monkeypatch, data_dir=DATA, q="Atlantis"))
    assert "No tie matches “Atlantis”." in text and listed(text) == {}


@pytest.mark.parametrize(("file", "where"), [("dashboard.py", "on the data page"), ("pages/data.py", "below")])
def test_more_than_ten_matches_are_counted_and_point_to_the_table(monkeypatch, file, where):
    many = matching("an")
    assert len(many) > MAX_LISTED
    app = run_page(file, monkeypatch, data_dir=DATA, q="an")
    text = found_text(app)
    assert f"{len(many)} ties match “an”." in text
    assert listed(text) == {}  # counted, not listed
    assert f"Too many to list here (more than {MAX_LISTED}): see them in the table {where}" in text
    if file == "dashboard.py":  # a link to the data page's table, with the search in it
        links = re.findall(r"\[See them in the table\]\(([^)]+)\)", " ".join(m.value for m in app.markdown))
        links += [  # a real st.page_link, when the page knows its siblings
            f"/{e.proto.page}?{e.proto.query_string}"
            for e in app.main.get("page_link")
            if e.proto.label == "See them in the table"
        ]
        assert [(urlsplit(u).path, parse_qs(urlsplit(u).query)) for u in links] == [("/data", {"q": ["an"]})]
    else:
        assert len(app.dataframe[0].value) == len(many)


def test_ten_ties_are_listed_eleven_are_counted():
    pairs = load_dataset(DATA).pairs
    assert len(found_ties(pairs.head(MAX_LISTED), "x").ties) == MAX_LISTED
    eleven = found_ties(pairs.head(MAX_LISTED + 1), "x")
    assert eleven.too_many and eleven.ties == () and eleven.heading == f"{MAX_LISTED + 1} ties match “x”."


def test_the_finder_writes_q_into_the_link_and_the_sidebar_follows(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, data_dir=DATA)
    finder = app.text_input(key="find_city")
    assert finder.label == "Find your city"
    assert finder.value == "" and not any("match" in rendered(m.value) for m in app.markdown[:3])
    finder.set_value("  Portland ").run()
    assert not app.exception
    assert app.query_params["q"] == "Portland"
    assert app.sidebar.text_input(key="f_q").value == "Portland"  # the sidebar's search, seeded from the link
    total = len(fixture_rows("pairs.csv", DATA))
    assert any(f"**{len(matching('Portland'))} of {total} ties**" in m.value for m in app.sidebar.markdown)
    assert set(listed(found_text(app))) == {row["pair_id"] for row in matching("Portland")}
    # And back: the sidebar's search shows in the finder; an emptied finder takes q= out of the link.
    app.sidebar.text_input(key="f_q").set_value("Khabarovsk").run()
    assert app.query_params["q"] == "Khabarovsk" and app.text_input(key="find_city").value == "Khabarovsk"
    app.text_input(key="find_city").set_value("").run()
    assert "q" not in app.query_params and app.sidebar.text_input(key="f_q").value == ""
    assert any(f"**{len(PAIRS)} of {len(PAIRS)} ties**" in m.value for m in app.sidebar.markdown)


def test_the_finder_comes_before_the_counts(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, data_dir=DATA, q="Portland")
    order = [node.type if node.type != "text_input" else node.label for node in app.main]
    assert "Find your city" in order and "metric" not in order[: order.index("Find your city")]
    assert app.text_input(key="find_city").value == "Portland"  # a link's search shows in the field


def test_a_search_is_shown_as_text_never_as_markup(monkeypatch):
    query = "<b>x</b> [y](javascript:alert(1)) :material/home:"
    app = run_page("dashboard.py", monkeypatch, data_dir=DATA, q=query)
    assert not app.exception
    heading = next(m.value for m in app.markdown if "No tie matches" in m.value)
    assert f"No tie matches “{query}”." in rendered(heading)
    assert "<b>" not in heading  # no live HTML, no link, no icon: each marker escaped
    assert not re.search(r"(?<!\\)\]\(|(?<!\\):material", heading)
