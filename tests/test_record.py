"""Citations, changelog, methodology figures, error reports and embeds."""

from __future__ import annotations

import concurrent.futures
import datetime as dt

import pytest
import sqlalchemy as sa

from components.frame import embed_snippet
from sistercities import corrections
from sistercities.loader import DataValidationError, load_dataset
from sistercities.record import dataset_citation, outcome_examples, pair_citation, source_figures
from tests.conftest import VALID, fixture_rows, replace_in

DATA = load_dataset(VALID)
TODAY = dt.date(2026, 11, 22)
KEY, DAY = b"a test key, not a secret", dt.date(2026, 11, 22)


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


def fresh_engine(path):
    engine = corrections.make_engine(f"sqlite:///{path}")
    corrections.init_schema(engine)
    return engine


def test_a_good_report_is_accepted_and_stored(tmp_path):
    engine = fresh_engine(tmp_path / "c.sqlite3")
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
        # RFC 3986 allows no control character in an address; a NUL used to reach the database,
        # which refused it, and the reader was told the database did not answer.
        ("alpha-ca_ekaterinburg", "Wrong date", "https://example.org/\x00minutes", "invisible control character"),
        ("alpha-ca_ekaterinburg", "Wrong date", "https://example.org/a\rSet-Cookie:x", "invisible control character"),
        ("alpha-ca_ekaterinburg", "Wrong date", "https://exam\x7fple.org/", "invisible control character"),
        ("alpha-ca_ekaterinburg", "Wrong date", "https://example.org:99999/", "The source must be a web address"),
        ("alpha-ca_ekaterinburg", "Wrong date", "https:///example.org", "The source must be a web address"),
    ],
)
def test_bad_reports_are_refused_with_a_message(pair_id, what, url, expected):
    submission, errors = corrections.validate(pair_id, what, url, KNOWN)
    assert submission is None and any(expected in e for e in errors), errors


def report(number: int) -> corrections.Submission:
    submission, errors = corrections.validate("alpha-ca_ekaterinburg", f"Report {number}", "https://example.org", KNOWN)
    assert not errors
    return submission


def test_the_rate_limit_is_kept_in_the_database_so_a_reload_does_not_reset_it(tmp_path):
    engine = fresh_engine(tmp_path / "c.sqlite3")
    limits = corrections.RateLimits(per_client=3, per_minute=100)
    reader = corrections.client_key("203.0.113.7", KEY, DAY)
    now = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    # Each report from a new session, as after a reload: the fourth in ten minutes is refused.
    outcomes = [
        corrections.store(engine, report(n), f"session-{n}", now + dt.timedelta(minutes=n), reader, limits)
        for n in range(4)
    ]
    assert [o is not None for o in outcomes] == [True, True, True, False]
    # Another reader is not held back, and the first may report again once ten minutes have passed.
    assert corrections.store(
        engine, report(5), "s", now + dt.timedelta(minutes=4), corrections.client_key("198.51.100.1", KEY, DAY), limits
    )
    assert corrections.store(engine, report(6), "s", now + dt.timedelta(minutes=11), reader, limits)
    assert len(corrections.stored(engine)) == 5


def test_the_global_cap_holds_across_replicas_sharing_one_database(tmp_path):
    # Two engines on one file: two app replicas. Together they store no more than the cap a minute.
    first, second = fresh_engine(tmp_path / "c.sqlite3"), corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    limits = corrections.RateLimits(per_client=1000, per_minute=10)
    now = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)

    def submit(number: int):
        engine = (first, second)[number % 2]
        return corrections.store(
            engine, report(number), f"s{number}", now, corrections.client_key(str(number), KEY, DAY), limits
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(submit, range(40)))
    assert sum(r is not None for r in results) == 10 == len(corrections.stored(first))


def test_the_client_is_stored_as_a_keyed_hash_not_an_address(tmp_path):
    engine = fresh_engine(tmp_path / "c.sqlite3")
    corrections.store(engine, report(1), "s", client=corrections.client_key("203.0.113.7", KEY, DAY))
    row = corrections.stored(engine)[0]
    assert "203.0.113.7" not in str(row) and len(row["client"]) == 32


def test_invisible_and_bidi_characters_are_stripped_from_a_report():
    # U+202E (right-to-left override), U+200B (zero width space), U+2066 (left-to-right isolate).
    submission, errors = corrections.validate(
        "alpha-ca_ekaterinburg", "The vote\u202e was 5-0\u200b.\u2066", "https://example.org/\u200bminutes", KNOWN
    )
    assert (
        not errors
        and submission.what_is_wrong == "The vote was 5-0."
        and submission.source_url == "https://example.org/minutes"
    )


def test_the_schema_is_created_by_the_init_step_not_by_making_an_engine(tmp_path):
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert not sa.inspect(engine).has_table("corrections")
    corrections.init_schema(engine)
    assert sa.inspect(engine).has_table("corrections")


def test_embed_snippet_opens_the_same_view_and_escapes():
    snippet = embed_snippet('https://example.org/map?outcome=cut&q=a"b')
    assert 'src="https://example.org/map?outcome=cut&amp;q=a&quot;b&amp;embed=true"' in snippet
    assert snippet.startswith("<iframe ") and "</iframe>" in snippet
    assert 'src="https://example.org/?embed=true"' in embed_snippet("https://example.org/")
