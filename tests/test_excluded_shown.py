"""The ties left out, as a reader meets them: the methodology's list on /data, the overview's count
of findings on strong evidence, and excluded.csv among the downloads. Facts from the fixture files."""

from __future__ import annotations

from sistercities.loader import load_dataset
from sistercities.publish import main as publish
from sistercities.site.routes import Site, render
from tests.conftest import VALID, fixture_rows, rendered
from tests.test_overview_app import run_page

PAIRS = fixture_rows("pairs.csv")
EXCLUDED = fixture_rows("excluded.csv")
# What each reason code must say to a reader (the definitions, in words).
REASON_WORDS = {
    "lapsed": "Lapsed before 2022",
    "occupied": "occupied Ukraine",
    "partnership": "partnership",
    "unconfirmed": "Not confirmed",
}


def test_the_overview_says_how_many_findings_rest_on_strong_evidence(monkeypatch):
    app = run_page("dashboard.py", monkeypatch)
    graded = [p for p in PAIRS if p["evidence"]]
    strong = [p for p in graded if p["evidence"] == "strong"]
    text = rendered(" ".join(m.value for m in app.markdown))
    assert f"{len(strong)} of {len(graded)} findings rest on strong evidence" in text


def test_the_overview_count_follows_the_filters(monkeypatch):
    app = run_page("dashboard.py", monkeypatch, outcome="cut,kept")
    graded = [p for p in PAIRS if p["evidence"] and p["outcome"] in ("cut", "kept")]
    strong = [p for p in graded if p["evidence"] == "strong"]
    text = rendered(" ".join(m.value for m in app.markdown))
    assert f"{len(strong)} of {len(graded)} findings rest on strong evidence" in text


def test_the_methodology_lists_every_tie_left_out_with_its_reason_source_and_day(monkeypatch):
    app = run_page("pages/data.py", monkeypatch)
    assert not app.exception
    markdown = [m.value for m in app.markdown]
    text = rendered(" ".join(markdown))
    assert f"{len(EXCLUDED)} ties were considered and left out" in text
    assert "Russian cities' own lists of twin cities and US lists" in text
    for row in EXCLUDED:
        line = next(m for m in markdown if f"{row['us_place']}, {row['us_state']} – {row['ru_place']}" in rendered(m))
        assert REASON_WORDS[row["reason"]] in line
        assert f"(<{row['source_url']}>)" in line
        day = int(row["accessed"][-2:])
        assert f"read {day} " in rendered(line)
        if row["note"]:
            assert row["note"] in rendered(line)


def test_a_folder_without_excluded_csv_says_none_were_left_out(monkeypatch, data_copy):
    (data_copy / "excluded.csv").unlink()
    app = run_page("pages/data.py", monkeypatch, data_dir=data_copy)
    assert not app.exception
    assert "0 ties were considered and left out" in rendered(" ".join(m.value for m in app.markdown))


def test_excluded_csv_downloads_as_it_is_or_as_its_header_alone(data_copy):
    site = Site(load_dataset(VALID), VALID, "https://example.org", "https://example.org")
    for path in ("/downloads/latest/excluded.csv", f"/downloads/{site.dataset.version}/excluded.csv"):
        assert render(site, path).body == (VALID / "excluded.csv").read_bytes()
    (data_copy / "excluded.csv").unlink()
    bare = Site(load_dataset(data_copy), data_copy, "https://example.org", "https://example.org")
    header = render(bare, "/downloads/latest/excluded.csv").body.decode("utf-8")
    assert header.splitlines() == [",".join(fixture_rows("excluded.csv")[0])]


def test_the_static_edition_publishes_excluded_csv(tmp_path):
    target = tmp_path / "edition"
    assert publish([str(target), "--data", str(VALID), "--no-cards"]) == 0
    version = load_dataset(VALID).version
    for where in (version, "latest"):
        assert (target / "downloads" / where / "excluded.csv").read_bytes() == (VALID / "excluded.csv").read_bytes()
