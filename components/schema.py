"""The tables' schema: pandera checks on the raw text of each CSV, plus the cross-file rules.

Every CSV is read as text (nothing coerced), checked here, and only then typed by the loader, so a
defect is reported with the value exactly as it stands in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from components.dates import DAY_PATTERN, EARLIEST_YEAR, LATEST_YEAR, YEAR_PATTERN, parse_partial_date, period_end
from components.dictionary import COLUMNS
from components.outcomes import (
    ACTOR_CODES,
    DECIDED_OUTCOMES,
    EVENT_TYPES,
    OUTCOME_CODES,
    PARTNER_STAGES,
    STANDING_STATUS,
    US_LEVELS,
)
from components.status import same_day_conflicts, status_events_from_text

__all__ = ["Defect", "parse_partial_date", "period_end"]

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


def _is_optional_day(text: str) -> bool:
    return text == "" or _is_day(text)


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
    return _check(lambda v: v in allowed, f"unknown {what}; expected {'empty or ' if optional else ''}one of {', '.join(codes)}")


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
            "accessed": _text(_check(_is_day, "the day the page was read is required; expected YYYY-MM-DD"), not_future),
            "archived_url": _text(OPTIONAL_URL),
        },
        strict=False,
        coerce=False,
    )
    return {"pairs.csv": pairs, "events.csv": events, "sources.csv": sources}


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


MAX_CROSS_DEFECTS = 1000


def check_references(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """Rules that span files: ids that point nowhere, pairs without a source, decisions, actors,
    sightings, partners and notes. Vectorised: a folder of 100,000 pairs is checked in seconds."""
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
    defects.extend(_check_event_kinds(events))
    defects.extend(_check_sources_read(sources))
    defects.extend(_check_decisions(pairs, events, sources))
    defects.extend(_check_cited_ids(pairs, events, sources))
    return defects[:MAX_CROSS_DEFECTS] + (
        [Defect("(all files)", None, None, None, f"…and {len(defects) - MAX_CROSS_DEFECTS} more cross-file defects")]
        if len(defects) > MAX_CROSS_DEFECTS
        else []
    )


def _rows(frame: pd.DataFrame, mask: pd.Series, file: str, column: str, message: str) -> list[Defect]:
    return [Defect(file, index + 2, column, row[column], message) for index, row in frame[mask].iterrows()]


def _check_event_kinds(events: pd.DataFrame) -> list[Defect]:
    """What each kind of event must and must not carry."""
    decision = events["status_after"].isin(DECIDED_OUTCOMES)
    standing = events["type"] == "standing"
    partner = events["type"] == "ukrainian_partner"
    after_invasion = events["date"].map(lambda t: parse_partial_date(t) is not None and period_end(t) >= INVASION_DAY)
    return [
        *_rows(events, decision & (events["actor"] == ""), "events.csv", "actor",
               "decision event has no actor; expected one of " + ", ".join(ACTOR_CODES)),
        *_rows(events, ~decision & (events["actor"] != ""), "events.csv", "actor",
               "only a decision event (one with a decided status_after) names an actor"),
        *_rows(events, standing & (events["status_after"] != STANDING_STATUS), "events.csv", "status_after",
               f"a standing event leaves the status {STANDING_STATUS}"),
        *_rows(events, ~standing & (events["status_after"] == STANDING_STATUS), "events.csv", "status_after",
               f"only a standing event leaves the status {STANDING_STATUS}"),
        *_rows(events, (standing | partner) & ~after_invasion, "events.csv", "date",
               "standing and ukrainian_partner events date from after 24 February 2022"),
        *_rows(events, partner & (events["ukrainian_place"].str.strip() == ""), "events.csv", "ukrainian_place",
               "a ukrainian_partner event names the Ukrainian place"),
        *_rows(events, partner & (events["stage"] == ""), "events.csv", "stage",
               "a ukrainian_partner event has a stage; expected one of " + ", ".join(PARTNER_STAGES)),
        *_rows(events, partner & (events["status_after"] != ""), "events.csv", "status_after",
               "a ukrainian_partner event does not change the tie's status"),
        *_rows(events, ~partner & ((events["ukrainian_place"] != "") | (events["stage"] != "")), "events.csv", "stage",
               "only a ukrainian_partner event has a Ukrainian place and a stage"),
    ]


def _check_sources_read(sources: pd.DataFrame) -> list[Defect]:
    """A page cannot have been read before it was published."""
    def read_before_published(row) -> bool:
        published, read = parse_partial_date(row["date"]), parse_partial_date(row["accessed"])
        return bool(published and read and read[0] < published[0])

    mask = sources.apply(read_before_published, axis=1) if len(sources) else pd.Series(dtype=bool)
    return _rows(sources, mask, "sources.csv", "accessed", "accessed before the page's publication date")


def _check_decisions(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """A pair's outcome, actor and decision date are what the status model derives from its events."""
    marks = status_events_from_text(events)
    defects = [
        Defect("events.csv", int(row.row), "status_after", row.status,
               f"conflicts with another decision of {row.pair_id} taking effect the same day ({row.effective:%Y-%m-%d}) "
               "with a different status: the record cannot say which holds")
        for row in same_day_conflicts(marks).itertuples(index=False)
    ]
    decisions = marks[marks["is_decision"]]
    latest = decisions.groupby("pair_id").tail(1).set_index("pair_id")
    latest_date = events.set_index("event_id")["date"]
    latest = latest.assign(date=latest["event_id"].map(latest_date[~latest_date.index.duplicated()]))
    sighted = set(marks.loc[~marks["is_decision"], "pair_id"])
    for index, pair in pairs.iterrows():
        row, outcome, pair_id = index + 2, pair["outcome"], pair["pair_id"]
        decision = latest.loc[pair_id] if pair_id in latest.index else None
        if outcome in DECIDED_OUTCOMES:
            if decision is None:
                defects.append(Defect("pairs.csv", row, "outcome", outcome, "decided outcome has no dated decision event (status_after) in events.csv"))
                continue
            if decision["status"] != outcome:
                defects.append(Defect("pairs.csv", row, "outcome", outcome,
                                      f"differs from the status after the latest decision event {decision['event_id']} ({decision['status']})"))
            if pair["decision_date"] != decision["date"]:
                defects.append(Defect("pairs.csv", row, "decision_date", pair["decision_date"],
                                      f"differs from the date of the latest decision event {decision['event_id']} ({decision['date']})"))
            if pair["actor"] == "":
                defects.append(Defect("pairs.csv", row, "actor", "", "decided outcome has no actor; expected one of " + ", ".join(ACTOR_CODES)))
            elif pair["actor"] != decision["actor"]:
                defects.append(Defect("pairs.csv", row, "actor", pair["actor"],
                                      f"differs from the actor of the latest decision event {decision['event_id']} ({decision['actor'] or 'none'})"))
            continue
        if decision is not None:
            defects.append(Defect("pairs.csv", row, "outcome", outcome, f"outcome is {outcome} but events.csv records a decision for this pair ({decision['event_id']})"))
        if pair["actor"] != "":
            defects.append(Defect("pairs.csv", row, "actor", pair["actor"], f"a tie with outcome {outcome} has no actor; leave it empty"))
        if pair["decision_date"] != "":
            defects.append(Defect("pairs.csv", row, "decision_date", pair["decision_date"], f"a tie with outcome {outcome} has no decision date; leave it empty"))
        if outcome == STANDING_STATUS and pair_id not in sighted:
            defects.append(Defect("pairs.csv", row, "outcome", outcome,
                                  "no_action needs a standing event in events.csv: a source published or read after 24 February 2022 showing the tie still standing"))
        if outcome == "unknown" and pair_id in sighted:
            defects.append(Defect("pairs.csv", row, "outcome", outcome, "outcome is unknown but events.csv records the tie seen standing (no_action)"))
    defects.extend(_check_sightings_sourced(events, sources))
    return sorted(defects, key=lambda d: (d.file, d.row or 0))


def _check_sightings_sourced(events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """A standing event needs a source of its own published or read after the invasion."""
    def after_invasion(text: str) -> bool:
        parsed = parse_partial_date(text)
        return parsed is not None and parsed[0] >= INVASION_DAY

    fresh = sources[sources["date"].map(after_invasion) | sources["accessed"].map(after_invasion)]
    standing = events[events["type"] == "standing"]
    return _rows(standing, ~standing["event_id"].isin(fresh["event_id"]), "events.csv", "event_id",
                 "standing event has no source published or read after 24 February 2022")


def _check_cited_ids(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """A note that names a source id must name one of its own tie's sources."""
    own = sources.groupby("pair_id")["source_id"].agg(set).to_dict() if len(sources) else {}
    defects = []
    for file, frame, columns in (("pairs.csv", pairs, ("summary", "notes")), ("events.csv", events, ("description",))):
        for column in columns:
            if column not in frame.columns:
                continue
            for index, text in frame[column].items():
                for cited in SOURCE_ID_IN_TEXT.findall(text):
                    pair_id = frame.at[index, "pair_id"]
                    if cited not in own.get(pair_id, set()):
                        defects.append(Defect(file, index + 2, column, cited,
                                              f"cites source id {cited}, which is not a source of {pair_id or 'this event'}"))
    return defects
