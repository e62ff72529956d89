"""The loader and validator: typed data from a good folder, a precise defect from each bad one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sistercities.loader import DataValidationError, load_dataset, validate_dir
from sistercities.outcomes import OUTCOME_CODES
from tests.conftest import VALID, fixture_rows, replace_in


def test_valid_folder_loads_with_real_types():
    dataset = load_dataset(VALID)
    pairs = dataset.pairs
    assert len(pairs) == len(fixture_rows("pairs.csv"))
    assert isinstance(pairs["outcome"].dtype, pd.CategoricalDtype)
    assert list(pairs["outcome"].cat.categories) == list(OUTCOME_CODES)
    assert pd.api.types.is_datetime64_any_dtype(pairs["decision_date"])
    assert pairs.loc[pairs["pair_id"] == "alpha-ca_ekaterinburg", "decision_date"].iloc[0] == pd.Timestamp("2022-03-08")
    # A month-only date keeps its precision instead of pretending to a day.
    gamma = pairs[pairs["pair_id"] == "gamma-or_khabarovsk"].iloc[0]
    assert gamma["decision_date"] == pd.Timestamp("2022-06-01") and gamma["decision_date_precision"] == "month"
    assert pairs["established"].dtype == "Int64" and pd.isna(pairs["established"].iloc[1])
    # A year-only decision keeps its year and says so.
    zeta = pairs[pairs["pair_id"] == "zeta-mn_novosibirsk"].iloc[0]
    assert zeta["decision_date"] == pd.Timestamp("2025-01-01") and zeta["decision_date_precision"] == "year"
    assert zeta["actor"] == "association"
    assert pd.api.types.is_datetime64_any_dtype(dataset.sources["accessed"])
    assert pairs.loc[0, "ru_aliases"] == ("Yekaterinburg", "Sverdlovsk")
    assert pairs["us_lat"].dtype == float
    assert pd.api.types.is_datetime64_any_dtype(dataset.events["date"])
    assert dataset.version == "0.0.1" and dataset.last_updated == "2026-11-01"


def test_no_row_is_dropped_or_altered():
    dataset = load_dataset(VALID)
    raw = pd.read_csv(VALID / "pairs.csv", dtype=str, keep_default_na=False)
    assert list(dataset.pairs["pair_id"]) == list(raw["pair_id"])
    assert list(dataset.pairs["summary"]) == list(raw["summary"])
    assert len(dataset.events) == len(pd.read_csv(VALID / "events.csv"))
    assert len(dataset.sources) == len(pd.read_csv(VALID / "sources.csv"))


def test_environment_variable_selects_the_folder(monkeypatch):
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(VALID))
    assert len(load_dataset().pairs) == len(fixture_rows("pairs.csv"))


def _defects(folder: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(folder)
    assert validate_dir(folder) == caught.value.defects
    return [str(d) for d in caught.value.defects]


# Each bad fixture: (file, text to replace, replacement, the message the reader must get).
BAD_FIXTURES = {
    "unknown outcome code": (
        "pairs.csv",
        "1992,letter,government,2022-03-08",
        "1992,cutt,government,2022-03-08",
        "pairs.csv, row 2, column outcome: unknown outcome code; expected one of cut, suspended, letter, kept, under_review, no_action, unknown (value: 'cutt')",
    ),
    "bad decision date": (
        "pairs.csv",
        ",cut,government,2022-03-22,",
        ",cut,government,2022-02-30,",
        "pairs.csv, row 3, column decision_date: bad date; expected YYYY-MM-DD, YYYY-MM or YYYY, in 1900-2100, or empty (value: '2022-02-30')",
    ),
    "bad event date": (
        "events.csv",
        "2022-03-22,termination",
        "22/03/2022,termination",
        "events.csv, row 4, column date: bad date; expected YYYY-MM-DD, YYYY-MM or YYYY, in 1900-2100 (value: '22/03/2022')",
    ),
    "event date pandas cannot hold": (
        "events.csv",
        "e-beta-cut,beta-county-ca_moscow,2022-03-22",
        "e-beta-cut,beta-county-ca_moscow,1492-03-22",
        "events.csv, row 4, column date: bad date; expected YYYY-MM-DD, YYYY-MM or YYYY, in 1900-2100 (value: '1492-03-22')",
    ),
    "event after the data's last_updated day": (
        "events.csv",
        "e-gamma-suspend,gamma-or_khabarovsk,2022-06",
        "e-gamma-suspend,gamma-or_khabarovsk,2026-11-02",
        "events.csv, row 7, column date: date lies after the data's last_updated day (2026-11-01) (value: '2026-11-02')",
    ),
    "coordinates missing": (
        "pairs.csv",
        ",37.3,-121.9,",
        ",,-121.9,",
        "pairs.csv, row 2, column us_lat: latitude missing or outside -90..90 (value: '')",
    ),
    "coordinates out of range": (
        "pairs.csv",
        ",48.5,135.1,",
        ",48.5,235.1,",
        "pairs.csv, row 4, column ru_lon: longitude missing or outside -180..180 (value: '235.1')",
    ),
    "duplicate pair_id": (
        "pairs.csv",
        "delta-md_leningrad-oblast,Delta",
        "alpha-ca_ekaterinburg,Delta",
        "pairs.csv, row 5, column pair_id: duplicate id (value: 'alpha-ca_ekaterinburg')",
    ),
    "event points at a missing pair": (
        "events.csv",
        "e-beta-cut,beta-county-ca_moscow",
        "e-beta-cut,beta-county-ca_moskva",
        "events.csv, row 4, column pair_id: event points at a pair that does not exist (value: 'beta-county-ca_moskva')",
    ),
    "source points at a missing pair": (
        "sources.csv",
        "s6,delta-md_leningrad-oblast",
        "s6,omega-md_leningrad-oblast",
        "sources.csv, row 8, column pair_id: source points at a pair that does not exist (value: 'omega-md_leningrad-oblast')",
    ),
    "pair with no source": (
        "sources.csv",
        "s6,delta-md_leningrad-oblast,,https://example.org/list,Example List,2022-04-21,List of ties,pair,,2026-10-01,\n",
        "",
        "pairs.csv, row 5, column pair_id: pair has no source in sources.csv (value: 'delta-md_leningrad-oblast')",
    ),
    "decided outcome with no dated decision event": (
        "events.csv",
        "2022-03-22,termination,cut,government",
        "2022-03-22,termination,,",
        "pairs.csv, row 3, column outcome: decided outcome has no dated decision event (status_after) in events.csv (value: 'cut')",
    ),
    "outcome disagrees with the latest event": (
        "pairs.csv",
        "1988,suspended,government,2022-06",
        "1988,letter,government,2022-06",
        "pairs.csv, row 4, column outcome: differs from the status after the latest decision event e-gamma-suspend (suspended) (value: 'letter')",
    ),
    "unknown event type": (
        "events.csv",
        "2022-03-10,letter,letter",
        "2022-03-10,postcard,letter",
        "events.csv, row 6, column type: unknown event type; expected one of established, proposal, vote, letter, suspension, termination, statement, restoration, standing, ukrainian_partner (value: 'postcard')",
    ),
    "source URL that is not http": (
        "sources.csv",
        "https://example.org/beta,",
        "javascript:alert(1),",
        "sources.csv, row 4, column url: must be an http(s) URL (value: 'javascript:alert(1)')",
    ),
    "row with too many fields": (
        "pairs.csv",
        "Fixture: no decision found.",
        "Fixture, no decision found.",
        "pairs.csv, row 5: row has 25 fields, the header has 24",
    ),
    # The record v2's rules.
    "unknown actor code": (
        "pairs.csv",
        "1992,letter,government,",
        "1992,letter,mayor,",
        "pairs.csv, row 2, column actor: unknown actor code; expected empty or one of government, association, state_law, russian_side (value: 'mayor')",
    ),
    "decided outcome without actor": (
        "pairs.csv",
        ",cut,government,2022-03-22,",
        ",cut,,2022-03-22,",
        "pairs.csv, row 3, column actor: decided outcome has no actor; expected one of government, association, state_law, russian_side (value: '')",
    ),
    "decision event without actor": (
        "events.csv",
        "2022-03-10,letter,letter,government",
        "2022-03-10,letter,letter,",
        "events.csv, row 6, column actor: decision event has no actor; expected one of government, association, state_law, russian_side (value: '')",
    ),
    "actor disagrees with the latest decision": (
        "pairs.csv",
        ",kept,association,2025,",
        ",kept,government,2025,",
        "pairs.csv, row 7, column actor: differs from the actor of the latest decision event e-zeta-kept (association) (value: 'government')",
    ),
    "actor on a tie without a decision": (
        "pairs.csv",
        "1993,unknown,,",
        "1993,unknown,government,",
        "pairs.csv, row 5, column actor: a tie with outcome unknown has no actor; leave it empty (value: 'government')",
    ),
    "no_action without a standing event": (
        "pairs.csv",
        "1993,unknown,,",
        "1993,no_action,,",
        "pairs.csv, row 5, column outcome: no_action needs a standing event in events.csv: a source published or read after 24 February 2022 showing the tie still standing (value: 'no_action')",
    ),
    "no_action whose only source was read before the invasion": (
        "sources.csv",
        'Nakhodka, Russia.",2026-10-15,',
        'Nakhodka, Russia.",2021-10-15,',
        "events.csv, row 8, column event_id: standing event has no source published or read after 24 February 2022 (value: 'e-epsilon-standing')",
    ),
    "source without accessed": (
        "sources.csv",
        "List of ties,pair,,2026-10-01,",
        "List of ties,pair,,,",
        "sources.csv, row 8, column accessed: the day the page was read is required; expected YYYY-MM-DD (value: '')",
    ),
    "source read before it was published": (
        "sources.csv",
        "2022-04-21,List of ties,pair,,2026-10-01,",
        "2022-04-21,List of ties,pair,,2022-04-01,",
        "sources.csv, row 8, column accessed: accessed before the page's publication date (value: '2022-04-01')",
    ),
    "note citing another tie's source": (
        "pairs.csv",
        "Looked for council records; none found.",
        "Looked for council records (s3); none found.",
        "pairs.csv, row 5, column notes: cites source id s3, which is not a source of delta-md_leningrad-oblast (value: 's3')",
    ),
    "two same-day decisions with different statuses": (
        "events.csv",
        "e-gamma-letter,gamma-or_khabarovsk,2022-03-10,letter,letter",
        "e-gamma-letter,gamma-or_khabarovsk,2022-06-30,letter,letter",
        "events.csv, row 6, column status_after: conflicts with another decision of gamma-or_khabarovsk taking effect the same day (2022-06-30) with a different status",
    ),
    "ukrainian partner without a place": (
        "events.csv",
        "Irpin,explored",
        ",explored",
        "events.csv, row 5, column ukrainian_place: a ukrainian_partner event names the Ukrainian place (value: '')",
    ),
    "ukrainian partner with an unknown stage": (
        "events.csv",
        "Irpin,explored",
        "Irpin,hoped",
        "events.csv, row 5, column stage: unknown stage; expected empty or one of explored, approved, signed (value: 'hoped')",
    ),
}


def test_a_note_may_cite_its_own_tie_s_source(data_copy):
    replace_in(
        data_copy / "pairs.csv",
        "Looked for council records; none found.",
        "Looked for council records (s6); none found.",
    )
    assert validate_dir(data_copy) == []


@pytest.mark.parametrize("name", list(BAD_FIXTURES))
def test_each_defect_is_reported_with_file_row_column_and_value(data_copy, name):
    file, old, new, expected = BAD_FIXTURES[name]
    replace_in(data_copy / file, old, new)
    assert any(message.startswith(expected) for message in _defects(data_copy)), _defects(data_copy)


def test_wrong_encoding_names_file_and_line(data_copy):
    path = data_copy / "pairs.csv"
    path.write_bytes(path.read_bytes().replace(b"Fixture: the county", "Fixture: the c\xf6unty".encode("latin-1")))
    messages = _defects(data_copy)
    assert len(messages) == 1
    assert messages[0].startswith("pairs.csv, row 3: file is not valid UTF-8 text (save it as UTF-8) (value: ")


def test_missing_column_is_named(data_copy):
    path = data_copy / "pairs.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("outcome", "result")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _defects(data_copy) == ["pairs.csv, row 1, column outcome: required column is missing from the header"]


def test_empty_file_is_reported(data_copy):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    assert "events.csv: file is empty (expected a header row and data rows)" in _defects(data_copy)


def test_header_only_pairs_file_is_reported(data_copy):
    path = data_copy / "pairs.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "pairs.csv: file has a header but no pairs" in _defects(data_copy)


def test_missing_file_is_reported(data_copy):
    (data_copy / "sources.csv").unlink()
    assert any(m.startswith("sources.csv: file is missing from ") for m in _defects(data_copy))


def test_every_defect_is_listed_not_only_the_first(data_copy):
    replace_in(data_copy / "pairs.csv", "1992,letter,government,2022-03-08", "1992,cutt,government,2022-03-08")
    replace_in(data_copy / "pairs.csv", ",48.5,135.1,", ",48.5,235.1,")
    messages = _defects(data_copy)
    assert any("column outcome" in m for m in messages) and any("column ru_lon" in m for m in messages)
