"""Readers' error reports: validated, rate-limited, stored as plain text for an editor to review.

Nothing a reader submits changes the published data. Storage is SQLite by default
(`corrections.sqlite3` beside the app, or $CORRECTIONS_DB); $DATABASE_URL may name any SQLAlchemy
database, PostgreSQL included.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

MAX_WHAT = 2000
MAX_URL = 500
RATE_LIMIT = 3  # submissions
RATE_WINDOW = dt.timedelta(minutes=10)
DEFAULT_DB = Path(__file__).resolve().parent.parent / "corrections.sqlite3"
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
URL = re.compile(r"^https?://[^\s<>\"']+\.[^\s<>\"']+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

metadata = sa.MetaData()
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submitted_at", sa.String(32), nullable=False),  # ISO 8601, UTC
    sa.Column("pair_id", sa.String(200), nullable=False),
    sa.Column("what_is_wrong", sa.Text, nullable=False),
    sa.Column("source_url", sa.String(MAX_URL), nullable=False),
    sa.Column("session", sa.String(64), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, default="new"),
)


@dataclass(frozen=True)
class Submission:
    pair_id: str
    what_is_wrong: str
    source_url: str


def database_url() -> str:
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{os.environ.get('CORRECTIONS_DB', str(DEFAULT_DB))}"


def make_engine(url: str | None = None) -> sa.Engine:
    engine = sa.create_engine(url or database_url(), future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # Concurrent readers' submissions: wait for the writer instead of failing.
        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # pragma: no cover - trivial
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    metadata.create_all(engine)
    return engine


def validate(
    pair_id: str, what_is_wrong: str, source_url: str, known_pairs: set[str] | frozenset[str]
) -> tuple[Submission | None, list[str]]:
    """A clean submission, or the reasons it is refused (each a sentence the reader sees)."""
    errors = []
    what = CONTROL.sub("", (what_is_wrong or "")).strip()
    url = (source_url or "").strip()
    if pair_id not in known_pairs:
        errors.append("Choose the tie the report is about.")
    if not what:
        errors.append("Say what is wrong.")
    elif len(what) > MAX_WHAT:
        errors.append(f"Keep the description under {MAX_WHAT} characters (it has {len(what)}).")
    if HTML_TAG.search(what) or HTML_TAG.search(url):
        errors.append("Please write plain text: HTML tags are not accepted.")
    if not url:
        errors.append("Give the address of a source that shows the correct fact.")
    elif len(url) > MAX_URL or not URL.match(url):
        errors.append("The source must be a web address starting with http:// or https://.")
    if errors:
        return None, errors
    return Submission(pair_id, what, url), []


def within_rate_limit(previous: list[dt.datetime], now: dt.datetime) -> bool:
    """At most RATE_LIMIT submissions per session in any RATE_WINDOW."""
    return sum(1 for t in previous if now - t < RATE_WINDOW) < RATE_LIMIT


def store(engine: sa.Engine, submission: Submission, session: str, now: dt.datetime | None = None) -> int:
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    with engine.begin() as connection:
        result = connection.execute(
            corrections.insert().values(
                submitted_at=stamp,
                pair_id=submission.pair_id,
                what_is_wrong=submission.what_is_wrong,
                source_url=submission.source_url,
                session=session[:64],
                status="new",
            )
        )
        return int(result.inserted_primary_key[0])


def stored(engine: sa.Engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(corrections).order_by(corrections.c.id))]
