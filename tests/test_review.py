"""The editor's side of readers' reports (`python -m sistercities.corrections list|show|export|mark`)
and the `init` step that brings an older corrections table up to date: on SQLite and on a real,
throwaway PostgreSQL (marked `service`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from sistercities import corrections, review
from tests.conftest import ROOT

PAIR = "alpha-ca_ekaterinburg"
KNOWN = {PAIR, "beta-county-ca_moscow"}
NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres import running_postgres

    with running_postgres() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.service)])
def database_url(request, tmp_path) -> str:
    """An empty database of either kind: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corrections.sqlite3'}"
    return request.getfixturevalue("postgres_server").create_database(f"review_{os.getpid()}_{next(NUMBERS)}")


@pytest.fixture
def engine(database_url):
    engine = corrections.make_engine(database_url)
    corrections.init_schema(engine)
    yield engine
    engine.dispose()


def submit(engine, what: str, when: dt.datetime, pair: str = PAIR) -> int:
    submission, errors = corrections.validate(pair, what, "https://example.org/minutes", KNOWN)
    assert not errors, errors
    limits = corrections.RateLimits(per_client=100, per_minute=100)
    return corrections.store(
        engine,
        submission,
        "session",
        when,
        corrections.client_key(what, b"a test key, not a secret", when.date()),
        limits,
    )


def run(engine, capsys, *args: str) -> tuple[int, str, str]:
    code = review.main(engine, list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_gives_reports_by_status_then_date_and_filters_them(engine, capsys):
    late = submit(engine, "The vote was 10-1.", NOON + dt.timedelta(days=3))
    early = submit(engine, "The letter went in April.", NOON)
    done = submit(engine, "Wrong council.", NOON + dt.timedelta(days=1), "beta-county-ca_moscow")
    review.mark(engine, done, "rejected", "The minutes name this council.", "editor")
    code, out, _ = run(engine, capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["id", "submitted_at", "status", "pair_id", "what_is_wrong", "reviewed_by"]
    # New reports first, oldest first; then the marked ones.
    assert [int(line.split()[0]) for line in lines[1:-1]] == [early, late, done]
    assert lines[1].split()[1:3] == ["2026-11-22", "new"] and lines[-1] == "3 report(s)"
    assert "rejected" in lines[3] and "editor" in lines[3]
    _, out, _ = run(engine, capsys, "list", "--status", "new", "--since", "2026-11-23")
    assert [int(line.split()[0]) for line in out.splitlines()[1:-1]] == [late]
    with pytest.raises(SystemExit):
        review.main(engine, ["list", "--since", "22 November"])
    assert "expected YYYY-MM-DD" in capsys.readouterr().err


def test_show_gives_one_whole_report_and_list_cuts_it(engine, capsys):
    long_text = "The council voted on 8 March 2022, not 2 March; " * 5 + "the minutes say so."
    number = submit(engine, long_text, NOON)
    _, listed, _ = run(engine, capsys, "list")
    assert long_text not in listed and "…" in listed
    code, shown, _ = run(engine, capsys, "show", str(number))
    assert code == 0 and long_text in shown
    for field in ("id: ", f"pair_id: {PAIR}", "source_url: https://example.org/minutes", "status: new"):
        assert field in shown
    code, _, err = run(engine, capsys, "show", "9999")
    assert code == 1 and "no report 9999" in err


def test_mark_records_who_when_and_why(engine, capsys):
    number = submit(engine, "The vote was 10-1.", NOON)
    code, out, _ = run(engine, capsys, "mark", str(number), "applied", "--note", "Vote fixed in 2.1.0.", "--by", "ana")
    assert code == 0 and f"report {number} marked applied by ana" in out
    row = review.report(engine, number)
    assert (row["status"], row["reviewed_by"], row["note"]) == ("applied", "ana", "Vote fixed in 2.1.0.")
    assert abs(dt.datetime.fromisoformat(row["reviewed_at"]) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    # Nothing else about the report changes.
    assert row["what_is_wrong"] == "The vote was 10-1." and row["submitted_at"] == NOON.isoformat()
    assert run(engine, capsys, "mark", "9999", "reviewed", "--note", "x")[0] == 1
    assert run(engine, capsys, "mark", str(number), "reviewed", "--note", "  ")[0] == 1
    with pytest.raises(SystemExit):
        review.main(engine, ["mark", str(number), "done", "--note", "x"])
    with pytest.raises(SystemExit):  # a note is required
        review.main(engine, ["mark", str(number), "reviewed"])


def test_export_writes_every_report_as_csv_that_no_spreadsheet_runs(engine, capsys, tmp_path):
    formula = submit(engine, '=HYPERLINK("https://evil.example","the vote")', NOON)
    plain = submit(engine, "The vote was 10-1.", NOON + dt.timedelta(hours=1))
    review.mark(engine, plain, "reviewed", "-checked against the minutes", "ana")
    target = tmp_path / "reports.csv"
    code, out, _ = run(engine, capsys, "export", str(target))
    assert code == 0 and "wrote 2 report(s)" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [int(r["id"]) for r in rows] == [formula, plain]
    assert rows[0]["what_is_wrong"] == "'" + '=HYPERLINK("https://evil.example","the vote")'
    assert rows[1]["note"] == "'-checked against the minutes" and rows[1]["status"] == "reviewed"
    assert {"reviewed_by", "reviewed_at", "source_url", "submitted_at"} <= set(rows[0])
    run(engine, capsys, "export", "--status", "new", str(target))
    assert [r["id"] for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))] == [str(formula)]


def todays_table(metadata: sa.MetaData) -> sa.Table:
    """The corrections table exactly as `init` made it before the review columns."""
    return sa.Table(
        "corrections",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submitted_at", sa.String(32), nullable=False),
        sa.Column("pair_id", sa.String(200), nullable=False),
        sa.Column("what_is_wrong", sa.Text, nullable=False),
        sa.Column("source_url", sa.String(500), nullable=False),
        sa.Column("session", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, default="new"),
        sa.Column("client", sa.String(64), nullable=False, default=""),
        sa.Index("corrections_by_time", "submitted_at"),
    )


def test_init_adds_the_review_columns_to_a_database_made_by_the_old_schema(database_url, capsys, monkeypatch):
    old = corrections.make_engine(database_url)
    table = todays_table(sa.MetaData())
    table.metadata.create_all(old)
    row = {
        "submitted_at": NOON.isoformat(),
        "pair_id": PAIR,
        "what_is_wrong": "Old report.",
        "source_url": "https://example.org",
    }
    with old.begin() as connection:
        connection.execute(table.insert().values(**row, session="s", status="new", client="c"))
    # Before the migration the editor is told what to run, not shown a traceback.
    code, _, err = run(old, capsys, "list")
    assert code == 1 and "lacks reviewed_by, reviewed_at, note" in err and "corrections init" in err
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert corrections.main(["init"]) == 0
    assert "added reviewed_by, reviewed_at, note" in capsys.readouterr().out
    columns = {c["name"] for c in sa.inspect(old).get_columns("corrections")}
    assert columns == {c.name for c in corrections.corrections.columns}
    kept = corrections.stored(old)[0]
    assert {k: kept[k] for k in row} == row and kept["status"] == "new" and kept["note"] is None
    # The migrated table takes new reports and markings; a second init changes nothing.
    assert submit(old, "New report.", NOON + dt.timedelta(hours=1)) == kept["id"] + 1
    assert review.mark(old, kept["id"], "reviewed", "Seen.", "ana")["status"] == "reviewed"
    assert corrections.main(["init"]) == 0 and "added" not in capsys.readouterr().out
    old.dispose()


def test_the_commands_run_from_the_shell(tmp_path):
    env = {**os.environ, "CORRECTIONS_DB": str(tmp_path / "c.sqlite3")}
    env.pop("DATABASE_URL", None)

    def shell(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "sistercities.corrections", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    assert shell("init").returncode == 0
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    number = submit(engine, "The vote was 10-1.", NOON)
    marked = shell("mark", str(number), "rejected", "--note", "The minutes say 11-0.", "--by", "ana")
    assert marked.returncode == 0, marked.stderr
    listed = shell("list", "--status", "rejected")
    assert listed.returncode == 0 and "The vote was 10-1." in listed.stdout and "ana" in listed.stdout
    unknown = shell("publish")
    assert unknown.returncode == 2 and "usage:" in unknown.stderr
    engine.dispose()
