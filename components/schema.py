"""The tables' schema: pandera checks on the raw text of each CSV, plus the cross-file rules.

Every CSV is read as text (nothing coerced), checked here, and only then typed by the loader, so a
defect is reported with the value exactly as it stands in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from components.dictionary import COLUMNS
from components.outcomes import DECIDED_OUTCOMES, EVENT_TYPES, OUTCOME_CODES, US_LEVELS

US_STATE_CODES: frozenset[str] = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)

# Columns each file must have, in the order the files are written (the data dictionary's order).
# Extra columns are allowed.
PAIRS_COLUMNS: tuple[str, ...] = tuple(COLUMNS["pairs.csv"])
EVENTS_COLUMNS: tuple[str, ...] = tuple(COLUMNS["events.csv"])
SOURCES_COLUMNS: tuple[str, ...] = tuple(COLUMNS["sources.csv"])
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pairs.csv": PAIRS_COLUMNS,
    "events.csv": EVENTS_COLUMNS,
    "sources.csv": SOURCES_COLUMNS,
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")
DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
YEAR_PATTERN = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Defect:
    """One thing wrong with the data, located as a person would look for it in a spreadsheet."""

    file: str
    row: int | None  # line number in the file (the header is line 1); None for file-wide defects
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = ", ".join(where) + f": {self.message}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text


def parse_partial_date(text: str) -> tuple[pd.Timestamp, str] | None:
    """'2022-03-08' -> (Timestamp, 'day'); '2022-03' -> (first of month, 'month');
    '2025' -> (1 January, 'year'), for events whose sources give only the year; else None."""
    try:
        if DAY_PATTERN.match(text):
            return pd.Timestamp(dt.date.fromisoformat(text)), "day"
        if MONTH_PATTERN.match(text):
            year, month = int(text[:4]), int(text[5:7])
            return pd.Timestamp(dt.date(year, month, 1)), "month"
        if YEAR_PATTERN.match(text) and 1900 <= int(text):
            return pd.Timestamp(dt.date(int(text), 1, 1)), "year"
    except ValueError:
        return None
    return None


def period_end(text: str) -> pd.Timestamp:
    """The last day a partial date can mean: '2022-06' -> 2022-06-30, '2025' -> 2025-12-31."""
    start, precision = parse_partial_date(text)
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    if precision == "year":
        return start + pd.offsets.YearEnd(0)
    return start


def _is_partial_date(text: str) -> bool:
    return parse_partial_date(text) is not None


def _is_optional_partial_date(text: str) -> bool:
    return text == "" or _is_partial_date(text)


def _is_optional_day_or_month(text: str) -> bool:
    parsed = parse_partial_date(text)
    return text == "" or (parsed is not None and parsed[1] != "year")


def _is_optional_day(text: str) -> bool:
    return text == "" or (DAY_PATTERN.match(text) is not None and _is_partial_date(text))


def _is_not_future(text: str) -> bool:
    parsed = parse_partial_date(text)
    return parsed is None or parsed[0] <= pd.Timestamp(dt.date.today())


def _in_range(low: float, high: float):
    def check(text: str) -> bool:
        try:
            value = float(text)
        except ValueError:
            return False
        return low <= value <= high

    return check


def _is_optional_year(text: str) -> bool:
    return text == "" or (YEAR_PATTERN.match(text) is not None and 1900 <= int(text) <= dt.date.today().year)


def _not_blank(text: str) -> bool:
    return text.strip() != ""


def _unique(series: pd.Series) -> pd.Series:
    return ~series.duplicated(keep=False)


def _check(fn, error: str) -> pa.Check:
    return pa.Check(fn, element_wise=True, error=error)


NOT_BLANK = _check(_not_blank, "must not be empty")
VALID_ID = _check(lambda v: ID_PATTERN.match(v) is not None, "must be lower-case letters, digits, '-' or '_'")
UNIQUE = pa.Check(_unique, error="duplicate id")
OPTIONAL_URL = _check(lambda v: v == "" or URL_PATTERN.match(v) is not None, "must be an http(s) URL or empty")
NOT_FUTURE = _check(_is_not_future, "date lies in the future")


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, list(checks), nullable=False)


PAIRS_SCHEMA = pa.DataFrameSchema(
    {
        "pair_id": _text(NOT_BLANK, VALID_ID, UNIQUE),
        "us_place": _text(NOT_BLANK),
        "us_state": _text(_check(lambda v: v in US_STATE_CODES, "not a two-letter US state code")),
        "us_level": _text(_check(lambda v: v in US_LEVELS, f"us_level must be one of {', '.join(US_LEVELS)}")),
        "us_lat": _text(_check(_in_range(-90, 90), "latitude missing or outside -90..90")),
        "us_lon": _text(_check(_in_range(-180, 180), "longitude missing or outside -180..180")),
        "us_coord_source": _text(NOT_BLANK),
        "ru_place": _text(NOT_BLANK),
        "ru_region": _text(NOT_BLANK),
        "ru_lat": _text(_check(_in_range(-90, 90), "latitude missing or outside -90..90")),
        "ru_lon": _text(_check(_in_range(-180, 180), "longitude missing or outside -180..180")),
        "ru_coord_source": _text(NOT_BLANK),
        "established": _text(_check(_is_optional_year, "established must be a year (e.g. 1992) or empty")),
        "outcome": _text(
            _check(lambda v: v in OUTCOME_CODES, f"unknown outcome code; expected one of {', '.join(OUTCOME_CODES)}")
        ),
        "decision_date": _text(
            _check(_is_optional_day_or_month, "bad date; expected YYYY-MM-DD, YYYY-MM or empty"), NOT_FUTURE
        ),
        "summary": _text(NOT_BLANK),
        "last_verified": _text(_check(_is_optional_day, "bad date; expected YYYY-MM-DD or empty"), NOT_FUTURE),
    },
    strict=False,
    coerce=False,
)

EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": _text(NOT_BLANK, VALID_ID, UNIQUE),
        "date": _text(_check(_is_partial_date, "bad date; expected YYYY-MM-DD, YYYY-MM or YYYY"), NOT_FUTURE),
        "type": _text(_check(lambda v: v in EVENT_TYPES, f"unknown event type; expected one of {', '.join(EVENT_TYPES)}")),
        "status_after": _text(
            _check(
                lambda v: v == "" or v in DECIDED_OUTCOMES,
                f"unknown status; expected empty or one of {', '.join(DECIDED_OUTCOMES)}",
            )
        ),
        "description": _text(NOT_BLANK),
    },
    strict=False,
    coerce=False,
)

SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "source_id": _text(NOT_BLANK, VALID_ID, UNIQUE),
        "url": _text(_check(lambda v: URL_PATTERN.match(v) is not None, "must be an http(s) URL")),
        "publisher": _text(NOT_BLANK),
        "date": _text(_check(_is_optional_partial_date, "bad date; expected YYYY-MM-DD, YYYY-MM, YYYY or empty"), NOT_FUTURE),
        "archived_url": _text(OPTIONAL_URL),
    },
    strict=False,
    coerce=False,
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "pairs.csv": PAIRS_SCHEMA,
    "events.csv": EVENTS_SCHEMA,
    "sources.csv": SOURCES_SCHEMA,
}


def check_table(file: str, frame: pd.DataFrame) -> list[Defect]:
    """Run a file's pandera schema lazily and turn every failure into a located Defect."""
    try:
        SCHEMAS[file].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        defects = []
        cases = errors.failure_cases
        for case in cases.head(500).itertuples(index=False):
            index = case.index
            row = int(index) + 2 if index is not None and not pd.isna(index) else None
            defects.append(Defect(file, row, case.column, _as_text(case.failure_case), str(case.check)))
        defects.sort(key=lambda d: (d.row or 0, d.column or ""))
        if len(cases) > 500:
            defects.append(Defect(file, None, None, None, f"…and {len(cases) - 500} more defects in this file"))
        return defects
    return []


def _as_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value)


def check_references(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """Rules that span files: ids that point nowhere, pairs without a source, undated decisions.
    Vectorised: a folder of 100,000 pairs is checked in seconds."""
    defects: list[Defect] = []
    pair_ids = pd.Index(pairs["pair_id"])
    event_pair = pd.Series(events["pair_id"].to_numpy(), index=events["event_id"].to_numpy())
    event_pair = event_pair[~event_pair.index.duplicated()]

    def add(file: str, frame: pd.DataFrame, mask: pd.Series, column: str, message) -> None:
        for index, row in frame[mask].iterrows():
            text = message(row) if callable(message) else message
            defects.append(Defect(file, index + 2, column, row[column], text))

    add("events.csv", events, (events["pair_id"] != "") & ~events["pair_id"].isin(pair_ids), "pair_id",
        "event points at a pair that does not exist")
    add("sources.csv", sources, (sources["pair_id"] != "") & ~sources["pair_id"].isin(pair_ids), "pair_id",
        "source points at a pair that does not exist")
    has_event = sources["event_id"] != ""
    known_event = sources["event_id"].isin(event_pair.index)
    add("sources.csv", sources, has_event & ~known_event, "event_id", "source points at an event that does not exist")
    expected_pair = sources["event_id"].map(event_pair)
    add("sources.csv", sources, has_event & known_event & (expected_pair != sources["pair_id"]), "pair_id",
        lambda row: f"does not match the pair of event {row['event_id']} ({event_pair[row['event_id']] or 'none'})")
    add("sources.csv", sources, (sources["pair_id"] == "") & ~has_event, "pair_id", "source is tied to neither a pair nor an event")
    add("pairs.csv", pairs, ~pairs["pair_id"].isin(sources["pair_id"]), "pair_id", "pair has no source in sources.csv")
    add("events.csv", events, ~events["event_id"].isin(sources["event_id"]), "event_id", "event has no source in sources.csv")
    defects.extend(_check_decisions(pairs, events))
    return defects[:MAX_CROSS_DEFECTS] + (
        [Defect("(all files)", None, None, None, f"…and {len(defects) - MAX_CROSS_DEFECTS} more cross-file defects")]
        if len(defects) > MAX_CROSS_DEFECTS
        else []
    )


MAX_CROSS_DEFECTS = 1000


def _decision_date_for(event_date: str) -> str:
    """decision_date takes the event's date, except a year alone, which the contract's format lacks."""
    return "" if YEAR_PATTERN.match(event_date) else event_date


def _check_decisions(pairs: pd.DataFrame, events: pd.DataFrame) -> list[Defect]:
    """A decided outcome must be the status left by the pair's latest dated decision event."""
    decisions = events[(events["status_after"] != "") & events["date"].map(_is_partial_date)]
    # Same ordering as the as-of status: an event counts from the end of its known period.
    decisions = decisions.assign(_end=decisions["date"].map(period_end))
    latest = decisions.sort_values(["pair_id", "_end"], kind="stable").groupby("pair_id").tail(1).set_index("pair_id")
    joined = pairs[["pair_id", "outcome", "decision_date"]].join(latest[["event_id", "status_after", "date"]], on="pair_id")
    has_decision = joined["event_id"].notna()
    decided = joined["outcome"].isin(DECIDED_OUTCOMES)
    defects = []
    for index, row in joined[(joined["outcome"] == "unknown") & has_decision].iterrows():
        defects.append(Defect("pairs.csv", index + 2, "outcome", row["outcome"], "outcome is unknown but events.csv records a decision for this pair"))
    for index, row in joined[decided & ~has_decision].iterrows():
        defects.append(Defect("pairs.csv", index + 2, "outcome", row["outcome"], "decided outcome has no dated decision event (status_after) in events.csv"))
    both = joined[decided & has_decision]
    for index, row in both[both["status_after"] != both["outcome"]].iterrows():
        defects.append(
            Defect("pairs.csv", index + 2, "outcome", row["outcome"],
                   f"differs from the status after the latest decision event {row['event_id']} ({row['status_after']})")
        )
    agreeing = both[both["status_after"] == both["outcome"]]
    wrong_date = agreeing["decision_date"] != agreeing["date"].map(_decision_date_for)
    for index, row in agreeing[wrong_date].iterrows():
        defects.append(
            Defect("pairs.csv", index + 2, "decision_date", row["decision_date"],
                   f"differs from the date of the latest decision event {row['event_id']} ({row['date']}; "
                   "a year-only date leaves decision_date empty)")
        )
    return sorted(defects, key=lambda d: d.row or 0)
