"""The embedded dataset itself: valid, big enough, sourced, geocoded from the gazetteer, documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sistercities.dictionary import COLUMNS
from sistercities.loader import load_dataset, validate_dir
from sistercities.outcomes import DECIDED_OUTCOMES
from sistercities.settings import DEFAULT_DATA_DIR
from tools.datapackage import descriptor
from tools.geocode import geocode_row

DATA = load_dataset(DEFAULT_DATA_DIR)
RAW_PAIRS = pd.read_csv(DEFAULT_DATA_DIR / "pairs.csv", dtype=str, keep_default_na=False)


def test_embedded_data_has_no_defects():
    assert validate_dir(DEFAULT_DATA_DIR) == []


def test_at_least_70_pairs_each_sourced_and_35_decided():
    pairs = DATA.pairs
    assert len(pairs) >= 70
    assert set(pairs["pair_id"]) <= set(DATA.sources["pair_id"])
    assert pairs["outcome"].isin(DECIDED_OUTCOMES).sum() >= 35


def test_every_event_has_a_source_and_every_source_a_real_address():
    assert set(DATA.events["event_id"]) <= set(DATA.sources["event_id"])
    assert DATA.sources["url"].str.match(r"^https?://[^\s]+$").all()
    assert not DATA.sources.duplicated(["url", "pair_id", "event_id"]).any()


def test_the_seed_stories_are_in_the_data():
    by_label = DATA.pairs.set_index(DATA.pairs["us_place"] + "|" + DATA.pairs["ru_place"])
    santa_clara = by_label.filter(like="Santa Clara County|", axis=0).iloc[0]
    assert santa_clara["outcome"] == "cut" and santa_clara["decision_date"].strftime("%Y-%m") == "2022-03"
    assert by_label.filter(like="Livermore|", axis=0).iloc[0]["outcome"] == "letter"
    san_jose = by_label.filter(like="San Jose|", axis=0).iloc[0]
    assert san_jose["outcome"] == "letter"
    assert {"Ekaterinburg", "Yekaterinburg"} <= {san_jose["ru_place"], *san_jose["ru_aliases"]}


def test_context_events_frame_the_story():
    context = DATA.events[DATA.events["pair_id"] == ""]
    dates = set(context["date"].dt.strftime("%Y-%m-%d"))
    assert {"2022-02-24", "2022-06-03"} <= dates


@pytest.mark.parametrize("row", RAW_PAIRS.to_dict("records"), ids=list(RAW_PAIRS["pair_id"]))
def test_coordinates_come_from_the_gazetteer(row):
    assert {
        k: row[k] for k in ("us_lat", "us_lon", "us_coord_source", "ru_lat", "ru_lon", "ru_coord_source")
    } == geocode_row(row)


def test_datapackage_describes_the_files_as_they_are():
    package = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert package == descriptor(package["version"], package["last_updated"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", package["last_updated"])
    for resource in package["resources"]:
        header = (DEFAULT_DATA_DIR / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [field["name"] for field in resource["schema"]["fields"]]


def test_data_readme_documents_every_column():
    readme = (Path(DEFAULT_DATA_DIR) / "README.md").read_text(encoding="utf-8")
    for columns in COLUMNS.values():
        for column in columns:
            assert f"`{column}`" in readme


def test_each_note_reads_as_one_note():
    """A reader sees a tie's note under its record: two research passes glued with '; ' repeated
    themselves and contradicted the recorded dates and outcomes."""
    joined = [pair for pair, note in zip(DATA.pairs["pair_id"], DATA.pairs["notes"]) if ".; " in note]
    assert joined == []


def test_the_published_data_checks_out_with_the_standard_tool():
    # Frictionless, the Data Package standard's own validator, against data/datapackage.json:
    # every file, column type, constraint, primary and foreign key as the descriptor states them.
    from frictionless import validate

    report = validate(str(DEFAULT_DATA_DIR / "datapackage.json"))
    errors = [(task.name, error.type, error.message) for task in report.tasks for error in task.errors]
    assert report.valid and errors == [], errors[:20]
    assert {task.name for task in report.tasks} >= {"pairs", "events", "sources"}
