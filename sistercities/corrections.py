"""Readers' error reports: validated, rate-limited, stored as plain text for an editor to review.

Nothing a reader submits changes the published data. Storage is SQLite by default
(`corrections.sqlite3` beside the app, or $CORRECTIONS_DB); $DATABASE_URL may name any SQLAlchemy
database, PostgreSQL included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

from sistercities.clients import rate_key
from sistercities.escaping import strip_invisible
from sistercities.settings import KEY_FILE_NAME, ROOT, Settings, settings

MAX_WHAT = 2000
MAX_URL = 500
CLIENT_WINDOW = dt.timedelta(minutes=10)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
URL = re.compile(r"^https?://[^\s<>\"']+\.[^\s<>\"']+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In an address no control character is allowed (RFC 3986), tab and line breaks included; C1 too.
ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

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
    # new, then what the editor decided: reviewed, applied or rejected (sistercities.review).
    sa.Column("status", sa.String(20), nullable=False, default="new"),
    # A salted hash of the reader's address, never the address: the rate limit counts by it.
    sa.Column("client", sa.String(64), nullable=False, default=""),
    # The editor's marking (`python -m sistercities.corrections mark`): who, when (ISO 8601, UTC)
    # and why. Empty until the report is marked.
    sa.Column("reviewed_by", sa.String(100), nullable=True),
    sa.Column("reviewed_at", sa.String(32), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Index("corrections_by_time", "submitted_at"),
)

# Columns added after the table was first made, and how `init` adds each one to an older table.
ADDED_COLUMNS = {
    "client": "VARCHAR(64) NOT NULL DEFAULT ''",
    "reviewed_by": "VARCHAR(100)",
    "reviewed_at": "VARCHAR(32)",
    "note": "TEXT",
}


@dataclass(frozen=True)
class Submission:
    pair_id: str
    what_is_wrong: str
    source_url: str


def database_url() -> str:
    """$DATABASE_URL, else the SQLite file $CORRECTIONS_DB (settings)."""
    return settings().corrections_url


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine for the corrections database. It creates nothing: the schema is made once by the
    explicit step `python -m sistercities.corrections init` (tools/start.sh runs it for the default
    SQLite file on a first start)."""
    engine = sa.create_engine(url or database_url(), future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # pragma: no cover - trivial
            # Concurrent readers' submissions wait for the writer instead of failing; pysqlite's
            # own transaction handling is off so that each one can begin IMMEDIATE (below).
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(connection):  # pragma: no cover - trivial
            # Take the write lock before counting, so two writers cannot both pass the limit.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def init_schema(engine: sa.Engine) -> list[str]:
    """Create the corrections table (idempotent); add any column an older table lacks (the rows
    stay as they were). Returns the names of the columns it added."""
    metadata.create_all(engine)
    present = {column["name"] for column in sa.inspect(engine).get_columns("corrections")}
    missing = [name for name in ADDED_COLUMNS if name not in present]
    if missing:
        with engine.begin() as connection:
            for name in missing:
                connection.exec_driver_sql(f"ALTER TABLE corrections ADD COLUMN {name} {ADDED_COLUMNS[name]}")
    return missing


def validate(
    pair_id: str, what_is_wrong: str, source_url: str, known_pairs: set[str] | frozenset[str]
) -> tuple[Submission | None, list[str]]:
    """A clean submission, or the reasons it is refused (each a sentence the reader sees)."""
    errors = []
    what = strip_invisible(CONTROL.sub("", what_is_wrong or "")).strip()
    url = strip_invisible(source_url or "").strip()
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
    elif ANY_CONTROL.search(url):
        errors.append("The source address holds an invisible control character; please type or paste it again.")
    elif len(url) > MAX_URL or not _is_web_address(url):
        errors.append("The source must be a web address starting with http:// or https://.")
    if errors:
        return None, errors
    return Submission(pair_id, what, url), []


def _is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host, as urllib.parse reads it (RFC 3986)."""
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # a bad port raises ValueError
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and URL.match(url) is not None


@dataclass(frozen=True)
class RateLimits:
    """At most `per_client` reports from one reader in 10 minutes, and `per_minute` from everyone
    together: counted in the database, so reloads, sessions and replicas all see the same count."""

    per_client: int = 3
    per_minute: int = 60

    @classmethod
    def from_env(cls) -> RateLimits:
        """$CORRECTIONS_PER_CLIENT and $CORRECTIONS_PER_MINUTE (settings)."""
        return cls(per_client=settings().per_client, per_minute=settings().per_minute)


def key_file(config: Settings | None = None) -> Path:
    """Where the secret key lives when $CORRECTIONS_KEY is not set: $CORRECTIONS_KEY_FILE, else
    .corrections-key beside the SQLite file (in the checkout for another database). Never in the
    database: whoever reads the stored hashes must not also hold the key."""
    config = config or settings()
    if config.key_file is not None:
        return config.key_file
    url = sa.make_url(config.corrections_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent / KEY_FILE_NAME
    return ROOT / KEY_FILE_NAME


def secret_key(config: Settings | None = None) -> bytes | None:
    """The secret readers' addresses are hashed with, or None: then reports are refused."""
    config = config or settings()
    if config.corrections_key:
        return config.corrections_key.encode()
    try:
        text = key_file(config).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return text.encode() if len(text) >= 16 else None


def create_key(config: Settings | None = None) -> str:
    """`corrections init`'s second step: a random 256-bit key in a new file readable by this user
    only (0600), unless a key is set already. Returns what was done, in a sentence."""
    config = config or settings()
    if config.corrections_key:
        return "reader key: CORRECTIONS_KEY is set"
    path = key_file(config)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrites a key
    except FileExistsError:
        return f"reader key: kept the existing {path}"
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(secrets.token_hex(32) + "\n")
    return f"reader key: created {path} (mode 0600; give every replica the same key)"


def client_key(address: str, secret: bytes, day: dt.date) -> str:
    """The reader as the rate limit counts them: HMAC-SHA256 of their address (an IPv6 address's
    /64) under a key derived from the secret and the UTC day. Without the secret no address can be
    tried against it, and the same reader is another value tomorrow, so a stored row links to
    nobody once its 10-minute window has passed."""
    day_key = hmac.new(secret, f"reader-day:{day.isoformat()}".encode(), hashlib.sha256).digest()
    return hmac.new(day_key, rate_key(address).encode(), hashlib.sha256).hexdigest()[:32]


def store(
    engine: sa.Engine,
    submission: Submission,
    session: str,
    now: dt.datetime | None = None,
    client: str = "",
    limits: RateLimits | None = None,
) -> int | None:
    """Store the report and return its id, or None when a rate limit refuses it. The count and
    the insert are one transaction under a lock (PostgreSQL: an advisory lock; SQLite: BEGIN
    IMMEDIATE), so concurrent writers on any replica cannot both slip past a limit."""
    limits = limits or RateLimits.from_env()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(2022022400)"))
        # Stamped once the lock is held, so the order of ids and of times agree.
        moment = now or dt.datetime.now(dt.UTC)
        stamp = moment.isoformat(timespec="seconds")
        since_client = (moment - CLIENT_WINDOW).isoformat(timespec="seconds")
        since_minute = (moment - dt.timedelta(minutes=1)).isoformat(timespec="seconds")
        count = sa.select(sa.func.count()).select_from(corrections)
        by_client = connection.execute(
            count.where(corrections.c.client == client, corrections.c.submitted_at > since_client)
        ).scalar_one()
        everyone = connection.execute(count.where(corrections.c.submitted_at > since_minute)).scalar_one()
        if by_client >= limits.per_client or everyone >= limits.per_minute:
            return None
        result = connection.execute(
            corrections.insert().values(
                submitted_at=stamp,
                pair_id=submission.pair_id,
                what_is_wrong=submission.what_is_wrong,
                source_url=submission.source_url,
                session=session[:64],
                status="new",
                client=client[:64],
            )
        )
        return int(result.inserted_primary_key[0])


def stored(engine: sa.Engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(corrections).order_by(corrections.c.id))]


USAGE = """usage: python -m sistercities.corrections COMMAND
  init                                  create the table, or add the columns an older one lacks
  list [--status S] [--since DAY]       the reports, by status and date
  show ID                               one whole report
  export [--status S] FILE.csv          the reports as CSV
  mark ID reviewed|applied|rejected --note TEXT [--by NAME]"""


def main(argv: list[str] | None = None) -> int:
    """`python -m sistercities.corrections init`: create the schema in $DATABASE_URL (or the
    SQLite file), or bring an older one up to date. Run once per database, before the app takes
    reports, and again after an upgrade. The editor's commands are in sistercities.review."""
    import sys

    from sistercities import review  # the editor's commands; review never imports this module

    args = sys.argv[1:] if argv is None else argv
    if args == ["init"]:
        engine = make_engine()
        added = init_schema(engine)
        print(create_key())
        where = engine.url.render_as_string(hide_password=True)
        print(f"corrections schema ready in {where}" + (f" (added {', '.join(added)})" if added else ""))
        return 0
    if args and args[0] in review.COMMANDS:
        return review.main(make_engine(), args)
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
