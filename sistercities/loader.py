"""The one loader: reads a data folder, validates it, and returns typed DataFrames.

Streamlit-free on purpose: the app wraps `load_dataset` in `st.cache_data`, the CLI validator and
the tests call it directly. Nothing is dropped or coerced silently: any defect stops the load and is
reported with file, row, column and value.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sistercities import clock
from sistercities.dates import parse_partial_date
from sistercities.dictionary import COLUMNS, OPTIONAL_FILES
from sistercities.evidence import check_evidence, check_excluded
from sistercities.outcomes import EVENT_TYPES, OUTCOME_CODES
from sistercities.references import check_references
from sistercities.schema import REQUIRED_COLUMNS, Defect, check_table
from sistercities.settings import settings
from sistercities.status import status_events

ALIAS_SEPARATOR = ";"
MAX_FILE_BYTES = 200 * 1024 * 1024  # a data file past this is refused, not parsed
CHANGE_KINDS = ("added", "status", "correction", "removed", "note")
# A field longer than this is a defect of its own. The csv module's own limit is process-wide and
# other libraries raise it (frictionless does, on import), so the loader never relies on it.
MAX_FIELD_CHARS = 100_000
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
MAX_DEFECTS_PER_FILE = 500  # a broken file is described, not listed to the last of a million lines


def data_dir_from_env() -> Path:
    """The folder the app reads: $SISTER_CITIES_DATA_DIR, or the embedded data/ (settings)."""
    return settings().data_dir


class DataValidationError(Exception):
    """The data folder has defects; `defects` lists every one found."""

    def __init__(self, defects: list[Defect]):
        self.defects = defects
        super().__init__(f"{len(defects)} defect(s) in the data:\n" + "\n".join(str(d) for d in defects))


@dataclass(frozen=True)
class Dataset:
    pairs: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    meta: dict = field(default_factory=dict)
    changelog: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The status model's view of the events (sistercities.status.status_events), made once per load.
    marks: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Ties considered and left out (excluded.csv), each with its reason; empty when the file is absent.
    excluded: pd.DataFrame = field(default_factory=lambda: empty_table("excluded.csv"))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def last_updated(self) -> str:
        return str(self.meta.get("last_updated", ""))


def empty_table(name: str) -> pd.DataFrame:
    """A file's table with its columns and no rows: what an absent optional file reads as."""
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in COLUMNS[name]})


def read_text_table(path: Path) -> tuple[pd.DataFrame | None, list[Defect]]:
    """Read one CSV as text, every cell a str, or say exactly why it cannot be read."""
    name = path.name
    if not path.is_file():
        return None, [Defect(name, None, None, None, f"file is missing from {path.parent}")]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Defect(name, None, None, None, f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit")
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.end + 3]
        return None, [Defect(name, line, None, repr(bad), "file is not valid UTF-8 text (save it as UTF-8)")]
    if not text.strip():
        return None, [Defect(name, None, None, None, "file is empty (expected a header row and data rows)")]

    header = next(csv.reader(io.StringIO(text)))
    missing = [column for column in REQUIRED_COLUMNS[name] if column not in header]
    if missing:
        return None, [Defect(name, 1, column, None, "required column is missing from the header") for column in missing]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        return None, [
            Defect(name, 1, column, None, "column appears more than once in the header") for column in duplicated
        ]

    defects = []
    ragged = 0
    try:
        for line_number, record in enumerate(csv.reader(io.StringIO(text)), start=1):
            long_fields = [(i, field) for i, field in enumerate(record) if len(field) > MAX_FIELD_CHARS]
            if long_fields:
                index, field = long_fields[0]
                column = header[index] if index < len(header) else None
                return None, [
                    Defect(
                        name,
                        line_number,
                        column,
                        field[:40] + "…",
                        f"field is {len(field):,} characters long, over the {MAX_FIELD_CHARS:,} limit",
                    )
                ]
            if record and len(record) != len(header):
                ragged += 1
                if ragged <= MAX_DEFECTS_PER_FILE:
                    defects.append(
                        Defect(
                            name,
                            line_number,
                            None,
                            ",".join(record)[:80],
                            f"row has {len(record)} fields, the header has {len(header)}",
                        )
                    )
    except csv.Error as error:  # e.g. a quote left open by a truncated file
        defects.append(Defect(name, None, None, None, f"not readable as CSV: {error}"))
    if ragged > MAX_DEFECTS_PER_FILE:
        defects.append(
            Defect(
                name,
                None,
                None,
                None,
                f"…and {ragged - MAX_DEFECTS_PER_FILE} more rows with the wrong number of fields",
            )
        )
    if defects:
        return None, defects

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=True)
    frame = frame.astype(object).astype(str)  # plain Python strings, whatever pandas' default string type
    for column in COLUMNS[name]:  # an optional column the header leaves out reads as empty
        if column not in frame.columns:
            frame[column] = ""
    if name == "pairs.csv" and frame.empty:
        return None, [Defect(name, None, None, None, "file has a header but no pairs")]
    return frame, []


def read_meta(data_dir: Path) -> tuple[dict, list[Defect]]:
    path = data_dir / "datapackage.json"
    if not path.is_file():
        return {}, []  # optional for alternate folders; the embedded data/ always ships one
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [Defect("datapackage.json", None, None, None, f"not valid UTF-8 JSON: {error}")]


def validate_dir(data_dir: Path) -> list[Defect]:
    """Every defect in a data folder; an empty list means it loads."""
    return _read_and_check(Path(data_dir))[1]


def reference_day(meta: dict) -> tuple[pd.Timestamp, list[Defect]]:
    """The day the data speaks for: its last_updated date (nothing in it may lie after that), or
    today for a folder without one. The clock never decides whether the embedded data is valid."""
    text = str(meta.get("last_updated", "") or "")
    if not text:
        return pd.Timestamp(clock.today()), []
    parsed = parse_partial_date(text)
    if parsed is None or parsed[1] != "day":
        return pd.Timestamp(clock.today()), [
            Defect("datapackage.json", None, "last_updated", text, "bad date; expected YYYY-MM-DD")
        ]
    return parsed[0], []


def _read_and_check(data_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Defect]]:
    tables: dict[str, pd.DataFrame] = {}
    meta, defects = read_meta(data_dir)
    reference, found = reference_day(meta)
    defects.extend(found)
    for name in REQUIRED_COLUMNS:
        if name in OPTIONAL_FILES and not (data_dir / name).exists():
            tables[name] = empty_table(name)
            continue
        frame, found = read_text_table(data_dir / name)
        defects.extend(found)
        if frame is not None:
            tables[name] = frame
            defects.extend(check_table(name, frame, reference))
    if len(tables) == len(REQUIRED_COLUMNS):
        defects.extend(check_references(tables["pairs.csv"], tables["events.csv"], tables["sources.csv"]))
        defects.extend(check_evidence(tables["pairs.csv"]))
        defects.extend(check_excluded(tables["excluded.csv"], tables["pairs.csv"]))
        defects.extend(_check_changelog(data_dir, set(tables["pairs.csv"]["pair_id"])))
    return tables, defects


def _check_changelog(data_dir: Path, pair_ids: set[str]) -> list[Defect]:
    """changelog.csv is optional; when present its dates, kinds and pair ids must hold."""
    path = data_dir / "changelog.csv"
    if not path.is_file():
        return []
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return [Defect("changelog.csv", None, None, None, f"cannot be read: {error}")]
    missing = [c for c in ("date", "version", "kind", "pair_id", "description") if c not in table.columns]
    if missing:
        return [Defect("changelog.csv", 1, c, None, "required column is missing from the header") for c in missing]
    defects = []
    for index, row in table.iterrows():
        parsed = parse_partial_date(row["date"])
        if parsed is None or parsed[1] != "day":
            defects.append(Defect("changelog.csv", index + 2, "date", row["date"], "bad date; expected YYYY-MM-DD"))
        if row["kind"] not in CHANGE_KINDS:
            defects.append(
                Defect(
                    "changelog.csv",
                    index + 2,
                    "kind",
                    row["kind"],
                    f"unknown kind; expected one of {', '.join(CHANGE_KINDS)}",
                )
            )
        if row["pair_id"] and row["pair_id"] not in pair_ids and row["kind"] != "removed":
            defects.append(
                Defect(
                    "changelog.csv", index + 2, "pair_id", row["pair_id"], "changelog names a pair that does not exist"
                )
            )
        if not row["description"].strip():
            defects.append(Defect("changelog.csv", index + 2, "description", "", "must not be empty"))
    return defects


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Validate and type a data folder. Raises DataValidationError listing every defect."""
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    tables, defects = _read_and_check(data_dir)
    if defects:
        raise DataValidationError(defects)
    meta, _ = read_meta(data_dir)
    events = _type_events(tables["events.csv"])
    return Dataset(
        pairs=_type_pairs(tables["pairs.csv"]),
        events=events,
        sources=_type_sources(tables["sources.csv"]),
        meta=meta,
        changelog=read_changelog(data_dir / "changelog.csv"),
        marks=status_events(events),
        excluded=_type_excluded(tables["excluded.csv"]),
    )


def _dates(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text dates -> (datetime64 start of the period, precision 'day'/'month'/'year'/'')."""
    parsed = texts.map(lambda t: parse_partial_date(t) if t else None)
    starts = pd.to_datetime(parsed.map(lambda p: p[0] if p else pd.NaT))
    precision = parsed.map(lambda p: p[1] if p else "")
    return starts.astype("datetime64[ns]"), precision


def _aliases(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: tuple(a.strip() for a in t.split(ALIAS_SEPARATOR) if a.strip()))


def _type_pairs(raw: pd.DataFrame) -> pd.DataFrame:
    pairs = raw.copy()
    for column in ("us_lat", "us_lon", "ru_lat", "ru_lon"):
        pairs[column] = pairs[column].astype(float)
    pairs["established"] = pd.array([int(v) if v else None for v in raw["established"]], dtype="Int64")
    pairs["outcome"] = pd.Categorical(raw["outcome"], categories=OUTCOME_CODES)
    pairs["decision_date"], pairs["decision_date_precision"] = _dates(raw["decision_date"])
    pairs["last_verified"] = _dates(raw["last_verified"])[0]
    pairs["us_aliases"] = _aliases(raw["us_aliases"])
    pairs["ru_aliases"] = _aliases(raw["ru_aliases"])
    return pairs


def _type_events(raw: pd.DataFrame) -> pd.DataFrame:
    events = raw.copy()
    events["file_order"] = range(len(events))  # the status model's tie-break: later in the file wins
    events["date"], events["date_precision"] = _dates(raw["date"])
    events["type"] = pd.Categorical(raw["type"], categories=EVENT_TYPES)
    events["status_after"] = pd.Categorical(raw["status_after"].replace("", None), categories=OUTCOME_CODES)
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def _type_sources(raw: pd.DataFrame) -> pd.DataFrame:
    sources = raw.copy()
    sources["date"], sources["date_precision"] = _dates(raw["date"])
    sources["accessed"] = _dates(raw["accessed"])[0]
    return sources


def _type_excluded(raw: pd.DataFrame) -> pd.DataFrame:
    excluded = raw.copy()
    excluded["accessed"] = _dates(raw["accessed"])[0]
    return excluded.reset_index(drop=True)


def read_changelog(path) -> pd.DataFrame:
    """data/changelog.csv: date, version, kind, pair_id, description; newest first."""
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=["date", "version", "kind", "pair_id", "description"])
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
    return table.sort_values(["date", "version"], ascending=False, kind="stable").reset_index(drop=True)
