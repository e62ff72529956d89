"""Evidence grades, quotes and the ties left out: what the validator tells an editor, what the loader
gives the app, and what the embedded data must carry. Facts come from the files (csv module)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sistercities.loader import DataValidationError, load_dataset, validate_dir
from sistercities.settings import DEFAULT_DATA_DIR
from tests.conftest import VALID, fixture_rows


def _rewrite(folder: Path, file: str, change) -> None:
    """Rewrite one file of a fixture copy: `change(rows)` edits the list of dicts in place."""
    with open(folder / file, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    change(rows)
    with open(folder / file, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(folder: Path, file: str, key: str, key_value: str, column: str, value: str) -> int:
    """Set one cell; returns the row number a spreadsheet shows (header = row 1)."""
    found = []

    def change(rows):
        for number, row in enumerate(rows, start=2):
            if row[key] == key_value:
                row[column] = value
                found.append(number)

    _rewrite(folder, file, change)
    assert found, f"{key_value} not in {file}"
    return found[0]


def _defects(folder: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(folder)
    return [str(d) for d in caught.value.defects]


def _pair_with(outcome: str) -> str:
    return next(row["pair_id"] for row in fixture_rows("pairs.csv") if row["outcome"] == outcome)


def test_the_fixture_grades_every_finding_and_only_findings():
    pairs = load_dataset(VALID).pairs.set_index("pair_id")
    for row in fixture_rows("pairs.csv"):
        assert pairs.at[row["pair_id"], "evidence"] == row["evidence"]
        assert (row["evidence"] == "") == (row["outcome"] == "unknown")


def test_an_unknown_grade_code_names_the_cell(data_copy):
    pair_id = _pair_with("cut")
    row = _set(data_copy, "pairs.csv", "pair_id", pair_id, "evidence", "solid")
    assert (
        f"pairs.csv, row {row}, column evidence: unknown evidence grade; expected empty or one of strong, "
        "moderate, weak (value: 'solid')"
    ) in _defects(data_copy)


def test_a_finding_without_a_grade_is_a_defect(data_copy):
    pair_id = _pair_with("letter")
    row = _set(data_copy, "pairs.csv", "pair_id", pair_id, "evidence", "")
    assert (
        f"pairs.csv, row {row}, column evidence: a finding needs an evidence grade; expected one of strong, "
        "moderate, weak (value: '')"
    ) in _defects(data_copy)


def test_an_unknown_outcome_with_a_grade_is_a_defect(data_copy):
    pair_id = _pair_with("unknown")
    row = _set(data_copy, "pairs.csv", "pair_id", pair_id, "evidence", "weak")
    assert (
        f"pairs.csv, row {row}, column evidence: an unknown outcome has no evidence grade (nothing was found); "
        "leave it empty (value: 'weak')"
    ) in _defects(data_copy)


def test_no_action_on_weak_evidence_is_a_defect(data_copy):
    pair_id = _pair_with("no_action")
    row = _set(data_copy, "pairs.csv", "pair_id", pair_id, "evidence", "weak")
    assert (
        f"pairs.csv, row {row}, column evidence: no_action needs moderate or better evidence; otherwise the tie "
        "is unknown (value: 'weak')"
    ) in _defects(data_copy)


def test_a_decided_tie_may_rest_on_weak_evidence(data_copy):
    _set(data_copy, "pairs.csv", "pair_id", _pair_with("cut"), "evidence", "weak")
    assert validate_dir(data_copy) == []


def test_a_quote_past_300_characters_is_a_defect_and_300_is_fine(data_copy):
    source_id = fixture_rows("sources.csv")[0]["source_id"]
    _set(data_copy, "sources.csv", "source_id", source_id, "quote", "x" * 300)
    assert validate_dir(data_copy) == []
    row = _set(data_copy, "sources.csv", "source_id", source_id, "quote", "y" * 301)
    found = [d for d in _defects(data_copy) if d.startswith(f"sources.csv, row {row}, column quote:")]
    assert len(found) == 1 and "longer than 300 characters" in found[0]


def test_the_excluded_ties_load_with_their_reasons():
    excluded = load_dataset(VALID).excluded
    rows = fixture_rows("excluded.csv")
    assert len(rows) == 2
    assert list(excluded["us_place"]) == [r["us_place"] for r in rows]
    assert list(excluded["reason"]) == [r["reason"] for r in rows]
    assert list(excluded["note"]) == [r["note"] for r in rows]


def test_a_folder_without_excluded_csv_loads_with_none_listed(data_copy):
    (data_copy / "excluded.csv").unlink()
    dataset = load_dataset(data_copy)
    assert dataset.excluded.empty
    assert {"us_place", "us_state", "ru_place", "reason", "source_url", "accessed"} <= set(dataset.excluded.columns)


def test_excluded_csv_may_leave_out_the_note_column(data_copy):
    with open(data_copy / "excluded.csv", newline="", encoding="utf-8") as handle:
        rows = [{k: v for k, v in row.items() if k != "note"} for row in csv.DictReader(handle)]
    with open(data_copy / "excluded.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert list(load_dataset(data_copy).excluded["note"]) == ["", ""]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("reason", "forgotten", "unknown reason code; expected one of lapsed, occupied, partnership, unconfirmed"),
        ("source_url", "javascript:alert(1)", "must be an http(s) URL"),
        ("accessed", "2026-11", "the day the page was read is required; expected YYYY-MM-DD"),
        ("accessed", "2026-11-02", "date lies after the data's last_updated day (2026-11-01)"),
        ("us_state", "XX", "not a two-letter US state code"),
    ],
)
def test_each_bad_excluded_cell_is_named(data_copy, column, value, message):
    place = fixture_rows("excluded.csv")[0]["us_place"]
    row = _set(data_copy, "excluded.csv", "us_place", place, column, value)
    assert f"excluded.csv, row {row}, column {column}: {message} (value: {value!r})" in _defects(data_copy)


def test_a_tie_cannot_be_both_in_the_record_and_excluded(data_copy):
    pair = fixture_rows("pairs.csv")[0]
    place = fixture_rows("excluded.csv")[0]["us_place"]
    row = _set(data_copy, "excluded.csv", "us_place", place, "us_state", pair["us_state"])
    _set(data_copy, "excluded.csv", "us_state", pair["us_state"], "ru_place", pair["ru_place"])
    _set(data_copy, "excluded.csv", "ru_place", pair["ru_place"], "us_place", pair["us_place"].upper())
    assert (
        f"excluded.csv, row {row}, column us_place: this tie (us_place, us_state, ru_place) is also in pairs.csv: "
        f"a tie is either in the record or excluded (value: {pair['us_place'].upper()!r})"
    ) in _defects(data_copy)


# --- The embedded data ------------------------------------------------------------------------


def _embedded(file: str) -> list[dict[str, str]]:
    with open(DEFAULT_DATA_DIR / file, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_embedded_data_lists_what_it_left_out():
    """The file is there (perhaps empty); every row has a reason a reader can be told."""
    assert (DEFAULT_DATA_DIR / "excluded.csv").is_file()
    header = (DEFAULT_DATA_DIR / "excluded.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:6] == ["us_place", "us_state", "ru_place", "reason", "source_url", "accessed"]


def test_the_embedded_findings_each_carry_an_evidence_grade():
    ungraded = [r["pair_id"] for r in _embedded("pairs.csv") if r["outcome"] != "unknown" and not r["evidence"]]
    assert ungraded == [], (
        f"{len(ungraded)} ties with a finding have no evidence grade in data/pairs.csv "
        f"(strong, moderate or weak), e.g. {ungraded[:5]}"
    )


def test_the_pages_behind_decisions_and_sightings_quote_their_own_words():
    """At least 95% of the sources cited for a decision event (status_after set) or a standing event
    carry the page's own words in `quote`."""
    events = {row["event_id"] for row in _embedded("events.csv") if row["status_after"] or row["type"] == "standing"}
    behind = [row for row in _embedded("sources.csv") if row["event_id"] in events]
    assert behind, "no source backs a decision or standing event"
    quoted = [row for row in behind if row["quote"].strip()]
    unquoted = [row["source_id"] for row in behind if not row["quote"].strip()]
    assert len(quoted) >= 0.95 * len(behind), (
        f"only {len(quoted)} of {len(behind)} sources behind decision and standing events carry a quote "
        f"(needs 95%, {-(-95 * len(behind) // 100)}); without one, e.g. {unquoted[:8]}"
    )
