"""The compare page as Streamlit runs it (AppTest): its chart description follows the reader's
choice, not the link the page was opened with."""

from __future__ import annotations

import csv

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

DATA = ROOT / "data"


def test_after_choosing_one_tie_the_description_describes_that_one_tie(monkeypatch):
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(DATA))
    app = AppTest.from_file(str(ROOT / "pages/compare.py"), default_timeout=120)
    app.run()
    chooser = next(m for m in app.multiselect if m.label == "Ties to compare")
    assert len(chooser.value) > 1  # it opens on several ties
    with open(DATA / "pairs.csv", newline="", encoding="utf-8") as handle:
        livermore = next(row for row in csv.DictReader(handle) if row["us_place"] == "Livermore")
    chooser.set_value([livermore["pair_id"]]).run()
    assert not app.exception
    described = [c.value for c in app.caption if c.value.startswith("Chart description:")]
    assert described, "the comparison has a description on the page"
    # One tie, its recorded outcome in words: kept with a letter, not the four it opened with.
    assert "1 US tie" in described[0] or "one US tie" in described[0].lower()
    assert livermore["outcome"] == "letter" and "letter" in described[0]
    assert app.query_params["pair"] in (livermore["pair_id"], [livermore["pair_id"]])
