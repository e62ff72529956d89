"""The editor's side of readers' error reports: list them, read one whole, export them as CSV and
mark each one reviewed, applied or rejected, with who, when and why.

    python -m sistercities.corrections list [--status S] [--since YYYY-MM-DD]
    python -m sistercities.corrections show ID
    python -m sistercities.corrections export [--status S] FILE.csv
    python -m sistercities.corrections mark ID reviewed|applied|rejected --note "..." [--by NAME]

Marking never touches the data: applying a report is an edit to data/ and a new release
(`python -m sistercities.release`). The table is read from the database as it is, so a database
whose schema predates the review columns is named, with the step that brings it up to date.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import io
import re
import sys
from pathlib import Path

import sqlalchemy as sa

from sistercities.settings import settings

STATUSES = ("new", "reviewed", "applied", "rejected")
MARKS = STATUSES[1:]
COMMANDS = ("list", "show", "export", "mark")
REVIEW_COLUMNS = ("reviewed_by", "reviewed_at", "note")
# What the list shows of each report; `show` and `export` give every column.
LISTED = ("id", "submitted_at", "status", "pair_id", "what_is_wrong", "reviewed_by")
WIDTHS = {"id": 5, "submitted_at": 10, "status": 8, "pair_id": 34, "what_is_wrong": 50, "reviewed_by": 12}
# Reader text reaches the editor's terminal: no escape sequence may act on it.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ReviewError(Exception):
    """Something the editor must fix (a missing schema, an unknown report); the message says what."""


def _table(connection: sa.Connection) -> sa.Table:
    inspector = sa.inspect(connection)
    if not inspector.has_table("corrections"):
        raise ReviewError("no corrections table here: run `python -m sistercities.corrections init` first")
    table = sa.Table("corrections", sa.MetaData(), autoload_with=connection)
    missing = [name for name in REVIEW_COLUMNS if name not in table.c]
    if missing:
        raise ReviewError(
            f"the corrections table lacks {', '.join(missing)}: run `python -m sistercities.corrections init` "
            "to add them (the reports stay as they are)"
        )
    return table


def reports(engine: sa.Engine, status: str | None = None, since: dt.date | None = None) -> list[dict]:
    """Reports by status (new first, in STATUSES order), then by the time they came in."""
    with engine.connect() as connection:
        table = _table(connection)
        by_status = sa.case({status: rank for rank, status in enumerate(STATUSES)}, value=table.c.status, else_=9)
        query = sa.select(table).order_by(by_status, table.c.submitted_at, table.c.id)
        if status:
            query = query.where(table.c.status == status)
        if since:
            query = query.where(table.c.submitted_at >= since.isoformat())
        return [dict(row._mapping) for row in connection.execute(query)]


def report(engine: sa.Engine, report_id: int) -> dict:
    with engine.connect() as connection:
        table = _table(connection)
        row = connection.execute(sa.select(table).where(table.c.id == report_id)).first()
    if row is None:
        raise ReviewError(f"no report {report_id}")
    return dict(row._mapping)


def mark(engine: sa.Engine, report_id: int, status: str, note: str, by: str, now: dt.datetime | None = None) -> dict:
    """Set a report's status and record who marked it, when and why; returns the report as stored."""
    if status not in MARKS:
        raise ReviewError(f"a report is marked {', '.join(MARKS)}, not {status!r}")
    if not note.strip():
        raise ReviewError("say why in --note: the next editor reads it")
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    with engine.begin() as connection:
        table = _table(connection)
        values = {"status": status, "note": note.strip(), "reviewed_by": by[:100], "reviewed_at": stamp}
        done = connection.execute(table.update().where(table.c.id == report_id).values(**values))
        if done.rowcount != 1:
            raise ReviewError(f"no report {report_id}")
    return report(engine, report_id)


def _text(value: object) -> str:
    return "" if value is None else TERMINAL_CONTROL.sub("?", str(value))


def _cell(column: str, value: object) -> str:
    text = " ".join(_text(value).split())
    if column == "submitted_at":
        text = text[:10]
    width = WIDTHS[column]
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def list_text(rows: list[dict]) -> str:
    """A plain table, one report a line, reader text cut to fit."""
    header = "  ".join(name.ljust(WIDTHS[name]) for name in LISTED).rstrip()
    lines = ["  ".join(_cell(name, row[name]) for name in LISTED).rstrip() for row in rows]
    return "\n".join([header, *lines, f"{len(rows)} report(s)"])


def show_text(row: dict) -> str:
    """One report, every column, nothing cut; the reader's text on its own lines."""
    lines = [f"{name}: {_text(value)}" for name, value in row.items() if name != "what_is_wrong"]
    return "\n".join([*lines, "what_is_wrong:", _text(row["what_is_wrong"])])


def export_csv(rows: list[dict]) -> bytes:
    """Every column; no cell can start a spreadsheet formula (the site's own CSV guard)."""
    # Imported here: sistercities.tables brings pandas, seconds the other commands need not wait.
    from sistercities.tables import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    writer.writerows([safe_cell("" if row[c] is None else row[c]) for c in columns] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _editor() -> str:
    try:
        return settings().editor or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sistercities.corrections", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="the reports, by status and date")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--since", type=_day, help="reports that came in on or after this day (UTC)")
    commands.add_parser("show", help="one whole report").add_argument("id", type=int)
    export = commands.add_parser("export", help="the reports as CSV")
    export.add_argument("--status", choices=STATUSES)
    export.add_argument("file", type=Path)
    marking = commands.add_parser("mark", help="mark a report reviewed, applied or rejected")
    marking.add_argument("id", type=int)
    marking.add_argument("status", choices=MARKS)
    marking.add_argument("--note", required=True, help="why: what was checked, changed or refused")
    marking.add_argument("--by", default=None, help="who marks it (default: $CORRECTIONS_EDITOR or your login)")
    return parser


def _run(engine: sa.Engine, options: argparse.Namespace) -> str:
    if options.command == "list":
        return list_text(reports(engine, options.status, options.since))
    if options.command == "show":
        return show_text(report(engine, options.id))
    if options.command == "export":
        rows = reports(engine, options.status)
        options.file.write_bytes(export_csv(rows))
        return f"wrote {len(rows)} report(s) to {options.file}"
    marked = mark(engine, options.id, options.status, options.note, options.by or _editor())
    return f"report {marked['id']} marked {marked['status']} by {marked['reviewed_by']} at {marked['reviewed_at']}"


def main(engine: sa.Engine, argv: list[str]) -> int:
    """The editor's commands on `engine`; 0 when done, 1 with the reason on stderr, 2 on bad usage."""
    options = parser().parse_args(argv)
    try:
        print(_run(engine, options))
    except ReviewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        print(f"error: the corrections database failed: {error}", file=sys.stderr)
        return 1
    return 0
