"""Citations, changelog, methodology figures, error reports and embeds."""

from __future__ import annotations

import datetime as dt

import pytest

from components.frame import embed_snippet
from sistercities import corrections
from sistercities.loader import DataValidationError, load_dataset
from sistercities.record import dataset_citation, outcome_examples, pair_citation, source_figures
from tests.conftest import VALID, fixture_rows, replace_in

DATA = load_dataset(VALID)
TODAY = dt.date(2026, 11, 22)


def test_pair_citation_names_the_record_version_date_and_view():
    pair = DATA.pairs.set_index("pair_id").loc["beta-county-ca_moscow"]
    # The dataset is cited by the title its datapackage.json gives.
    meta = {**DATA.meta, "title": "A dataset's published title"}
    text = pair_citation(pair, meta, "https://example.org/data?pair=beta-county-ca_moscow", TODAY)
    assert text == (
        "The US–Russia sister cities project, “Beta County, CA – Moscow”, in A dataset's published title, "
        "version 0.0.1 (data updated 2026-11-01). "
        "https://example.org/data?pair=beta-county-ca_moscow (accessed 2026-11-22)."
    )


def test_dataset_citation():
    meta = {**DATA.meta, "title": "A dataset's published title"}
    assert dataset_citation(meta, "https://example.org/data", TODAY) == (
        "The US–Russia sister cities project, A dataset's published title, version 0.0.1 "
        "(data updated 2026-11-01). https://example.org/data (accessed 2026-11-22)."
    )


def test_changelog_is_read_newest_first(data_copy):
    (data_copy / "changelog.csv").write_text(
        "date,version,kind,pair_id,description\n"
        "2026-10-01,0.0.1,added,,First release.\n"
        "2026-11-01,0.0.2,status,gamma-or_khabarovsk,Suspension dated to June.\n",
        encoding="utf-8",
    )
    log = load_dataset(data_copy).changelog
    assert list(log["version"]) == ["0.0.2", "0.0.1"]
    assert log.loc[0, "pair_id"] == "gamma-or_khabarovsk"


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "2026-13-01,0.0.2,added,,x",
            "changelog.csv, row 2, column date: bad date; expected YYYY-MM-DD (value: '2026-13-01')",
        ),
        ("2026-11-01,0.0.2,rewrite,,x", "changelog.csv, row 2, column kind: unknown kind"),
        (
            "2026-11-01,0.0.2,status,nope,x",
            "changelog.csv, row 2, column pair_id: changelog names a pair that does not exist (value: 'nope')",
        ),
    ],
)
def test_bad_changelog_lines_are_defects(data_copy, line, message):
    (data_copy / "changelog.csv").write_text("date,version,kind,pair_id,description\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert any(str(d).startswith(message) for d in caught.value.defects), caught.value.defects


def test_methodology_counts_and_examples_follow_the_data(data_copy):
    examples = {e.code: e for e in outcome_examples(DATA.pairs)}
    assert examples["cut"].count == 1
    assert examples["cut"].example == (
        "Beta County, CA – Moscow: Cut on 22 March 2022 by the county government (Beta County Board of Supervisors; vote: 5-0)"
    )
    assert examples["under_review"].count == 0 and examples["under_review"].example == ""
    assert examples["no_action"].count == 1 and examples["no_action"].example.startswith(
        "Epsilon, WA – Nakhodka: No action"
    )
    # Change the data: the figures change with it.
    replace_in(data_copy / "pairs.csv", "1992,letter,government,2022-03-08", "1992,cut,government,2022-03-08")
    replace_in(data_copy / "events.csv", "2022-03-08,vote,letter", "2022-03-08,vote,cut")
    changed = {e.code: e.count for e in outcome_examples(load_dataset(data_copy).pairs)}
    assert changed["cut"] == 2 and changed["letter"] == 0


def test_source_figures():
    figures = source_figures(DATA.pairs, DATA.sources)
    sources, pairs = fixture_rows("sources.csv"), fixture_rows("pairs.csv")
    assert figures.citations == len(sources)
    assert figures.distinct_urls == len({s["url"] for s in sources})
    assert figures.publishers == len({s["publisher"] for s in sources})
    decided = [p for p in pairs if p["actor"]]
    assert figures.decided == len(decided) and figures.decided_with_day == sum(
        len(p["decision_date"]) == 10 for p in decided
    )


KNOWN = set(DATA.pairs["pair_id"])


def test_a_good_report_is_accepted_and_stored(tmp_path):
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    submission, errors = corrections.validate(
        "alpha-ca_ekaterinburg", "  The vote was 10-1.  ", "https://example.org/minutes", KNOWN
    )
    assert errors == [] and submission.what_is_wrong == "The vote was 10-1."
    when = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    corrections.store(engine, submission, "session-1", when)
    rows = corrections.stored(engine)
    assert len(rows) == 1
    assert rows[0]["pair_id"] == "alpha-ca_ekaterinburg" and rows[0]["submitted_at"] == "2026-11-22T12:00:00+00:00"
    assert rows[0]["source_url"] == "https://example.org/minutes" and rows[0]["status"] == "new"


@pytest.mark.parametrize(
    "pair_id, what, url, expected",
    [
        ("alpha-ca_ekaterinburg", "", "https://example.org", "Say what is wrong."),
        ("alpha-ca_ekaterinburg", "x" * 2001, "https://example.org", "Keep the description under 2000 characters"),
        ("alpha-ca_ekaterinburg", "Wrong date", "example.org/page", "The source must be a web address"),
        ("alpha-ca_ekaterinburg", "Wrong date", "javascript:alert(1)", "The source must be a web address"),
        ("alpha-ca_ekaterinburg", "Wrong date", "", "Give the address of a source"),
        ("alpha-ca_ekaterinburg", "<script>alert(1)</script>", "https://example.org", "HTML tags are not accepted"),
        ("alpha-ca_ekaterinburg", "see <a href=x>this</a>", "https://example.org", "HTML tags are not accepted"),
        ("no-such-pair", "Wrong date", "https://example.org", "Choose the tie"),
    ],
)
def test_bad_reports_are_refused_with_a_message(pair_id, what, url, expected):
    submission, errors = corrections.validate(pair_id, what, url, KNOWN)
    assert submission is None and any(expected in e for e in errors), errors


def test_rate_limit_per_session():
    now = dt.datetime(2026, 11, 22, 12, 0)
    recent = [now - dt.timedelta(minutes=m) for m in (1, 2, 3)]
    assert not corrections.within_rate_limit(recent, now)
    assert corrections.within_rate_limit(recent[:2], now)
    old = [now - dt.timedelta(minutes=m) for m in (11, 12, 13)]
    assert corrections.within_rate_limit(old, now)


def test_embed_snippet_opens_the_same_view_and_escapes():
    snippet = embed_snippet('https://example.org/map?outcome=cut&q=a"b')
    assert 'src="https://example.org/map?outcome=cut&amp;q=a&quot;b&amp;embed=true"' in snippet
    assert snippet.startswith("<iframe ") and "</iframe>" in snippet
    assert 'src="https://example.org/?embed=true"' in embed_snippet("https://example.org/")
