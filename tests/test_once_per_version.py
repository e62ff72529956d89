"""Work that depends on the data alone is done once per version of the data folder, not on every
rerun: a reader changing a filter does not pay again for the search text, the methodology's
figures or a tie's record, and an edited folder is read afresh (AppTest, the real pages)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

import components.data_page
import components.detail_panel
import components.frame
from sistercities.escaping import escape_markdown
from sistercities.filters import FilterState, apply_filters, search_text
from sistercities.loader import load_dataset
from sistercities.settings import settings
from tests.conftest import ROOT, VALID, fixture_rows


class Counted:
    """Wraps a function and counts its calls."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def open_page(file: str, data_dir: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(data_dir))
    settings.cache_clear()
    app = AppTest.from_file(str(ROOT / file), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    return app


def rerun_with(app: AppTest, **params) -> AppTest:
    app.query_params.clear()
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    return app


def markdown_text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


def excluded_sentence(count: int) -> str:
    return f"{count} {'tie was' if count == 1 else 'ties were'} considered and left out"


def test_the_methodology_is_written_once_and_again_after_the_folder_changes(data_copy, monkeypatch):
    figures = Counted(components.data_page.source_figures)
    monkeypatch.setattr(components.data_page, "source_figures", figures)
    left_out = fixture_rows("excluded.csv", data_copy)
    outcomes = sorted({row["outcome"] for row in fixture_rows("pairs.csv", data_copy)})

    app = open_page("pages/data.py", data_copy, monkeypatch)
    assert excluded_sentence(len(left_out)) in markdown_text(app)
    for outcome in outcomes:  # a reader changing the filters several times
        rerun_with(app, outcome=outcome)
    assert figures.calls == 1, "the methodology's figures were counted again on a filter change"

    # The editor drops one row from excluded.csv: the page says so on the next run.
    path = data_copy / "excluded.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows[:-1])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    rerun_with(app)
    assert excluded_sentence(len(left_out) - 1) in markdown_text(app)
    assert figures.calls == 2


def test_a_ties_record_is_made_once_however_the_filters_change(data_copy, monkeypatch):
    made = Counted(components.detail_panel.pair_detail)
    monkeypatch.setattr(components.detail_panel, "pair_detail", made)
    tie = fixture_rows("pairs.csv", data_copy)[0]
    app = open_page("pages/data.py", data_copy, monkeypatch, pair=tie["pair_id"])
    summary = escape_markdown(tie["summary"])  # as the record writes it
    assert summary in markdown_text(app)
    for outcome in sorted({row["outcome"] for row in fixture_rows("pairs.csv", data_copy)}):
        rerun_with(app, pair=tie["pair_id"], outcome=outcome)
        assert summary in markdown_text(app)
    assert made.calls == 1


def test_the_search_text_is_made_once_for_every_search(data_copy, monkeypatch):
    folded = Counted(components.frame.search_text)
    monkeypatch.setattr(components.frame, "search_text", folded)
    pairs = fixture_rows("pairs.csv", data_copy)
    app = open_page("pages/data.py", data_copy, monkeypatch)
    assert folded.calls == 0, "no search, no search text"
    for row in pairs:
        rerun_with(app, q=row["ru_place"])
        assert escape_markdown(row["ru_place"]) in markdown_text(app)
    assert folded.calls == 1


def test_a_search_given_its_text_finds_what_it_finds_without(monkeypatch):
    dataset = load_dataset(VALID)
    names = search_text(dataset.pairs)
    for row in fixture_rows("pairs.csv"):
        for query in (row["us_place"], row["ru_place"].lower(), row["ru_region"][:4]):
            state = FilterState(query=query)
            alone = apply_filters(dataset.pairs, dataset.events, state, dataset.marks)
            given = apply_filters(dataset.pairs, dataset.events, state, dataset.marks, names)
            pd.testing.assert_frame_equal(alone, given)
            assert row["pair_id"] in set(given["pair_id"])


def test_the_ties_a_view_keeps_are_filtered_once_and_shared_by_its_readers(data_copy, monkeypatch):
    filtering = Counted(components.frame.apply_filters)
    monkeypatch.setattr(components.frame, "apply_filters", filtering)
    rows = fixture_rows("pairs.csv", data_copy)
    outcome = rows[0]["outcome"]
    kept = sum(row["outcome"] == outcome for row in rows)

    def count_line(app: AppTest) -> str:
        return next(m.value for m in app.sidebar.markdown if "match the filters" in m.value)

    app = open_page("pages/data.py", data_copy, monkeypatch)
    for _ in range(3):  # a reader going back and forth between two views, choosing ties in one
        rerun_with(app, outcome=outcome)
        assert count_line(app).startswith(f"**{kept} of {len(rows)} ties**")
        rerun_with(app, outcome=outcome, pair=rows[0]["pair_id"])
        rerun_with(app)
        assert count_line(app).startswith(f"**{len(rows)} of {len(rows)} ties**")
    assert filtering.calls == 2
    # Another reader of the same link is served the same ties.
    open_page("pages/data.py", data_copy, monkeypatch, outcome=outcome)
    assert filtering.calls == 2
