"""What the detail panel and the tables say about pairs. Pure: DataFrames in, DataFrames/text out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.loader import Dataset
from components.outcomes import OUTCOME_LABELS

EVENT_TYPE_LABELS = {
    "established": "Tie established",
    "proposal": "Proposal",
    "vote": "Vote",
    "letter": "Letter",
    "suspension": "Suspension",
    "termination": "Termination",
    "statement": "Statement",
    "restoration": "Restoration",
}


def date_text(value: pd.Timestamp | None, precision: str = "day") -> str:
    """A date as precise as it is known: '2022-03-08', '2022-03', '2025', or ''."""
    if value is None or pd.isna(value):
        return ""
    formats = {"month": "%Y-%m", "year": "%Y"}
    return value.strftime(formats.get(precision, "%Y-%m-%d"))


@dataclass(frozen=True)
class PairDetail:
    pair: pd.Series
    events: pd.DataFrame  # the pair's events, oldest first, with a `sources` column (list of dicts)
    sources: pd.DataFrame  # every source cited for the pair, de-duplicated by URL


def pair_detail(dataset: Dataset, pair_id: str) -> PairDetail | None:
    match = dataset.pairs[dataset.pairs["pair_id"] == pair_id]
    if match.empty:
        return None
    cited = dataset.sources[dataset.sources["pair_id"] == pair_id]
    events = dataset.events[dataset.events["pair_id"] == pair_id].copy()
    events["sources"] = events["event_id"].map(
        lambda e: cited[cited["event_id"] == e][["url", "publisher", "date", "title", "archived_url"]].to_dict("records")
    )
    unique_sources = cited.sort_values("date", na_position="last").drop_duplicates("url")
    return PairDetail(match.iloc[0], events.reset_index(drop=True), unique_sources.reset_index(drop=True))


def decision_line(pair: pd.Series) -> str:
    """'Cut on 2022-03-22 by the Board of Supervisors, vote 5-0' from whatever is known."""
    words = OUTCOME_LABELS[str(pair["outcome"])]
    when = date_text(pair["decision_date"], pair["decision_date_precision"])
    parts = [words]
    if when:
        parts.append(f"on {when}" if pair["decision_date_precision"] == "day" else f"in {when}")
    if pair["decision_body"]:
        parts.append(f"by {pair['decision_body']}")
    line = " ".join(parts)
    if pair["vote"]:
        line += f" (vote: {pair['vote']})"
    return line


def decided_text(pairs: pd.DataFrame) -> pd.Series:
    """Vectorised date_text for the decision column."""
    day = pairs["decision_date"].dt.strftime("%Y-%m-%d")
    month = pairs["decision_date"].dt.strftime("%Y-%m")
    return day.where(pairs["decision_date_precision"] == "day", month).fillna("")


def shows_pair(pairs: pd.DataFrame, pair_id: object) -> bool:
    """Whether pair_id is one of these pairs. Compared column-wise: a Python set of 100,000 ids
    costs 0.1 s on every run."""
    return isinstance(pair_id, str) and bool((pairs["pair_id"] == pair_id).any())


# Beyond this many rows a table is scrolled, not read, and costs every reader megabytes; the
# CSV download always holds every filtered row.
MAX_TABLE_ROWS = 2000


def year_text(years: pd.Series) -> pd.Series:
    """Years as text, '' where unknown: a number column would draw a missing year as 'None'."""
    return years.astype("object").map(lambda year: "" if pd.isna(year) else str(int(year)))


def table_rows(pairs: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> tuple[pd.DataFrame, str | None]:
    """(the rows a page's table shows, a notice when they are only the first `limit`)."""
    if len(pairs) <= limit:
        return pairs, None
    return pairs.head(limit), (
        f"The table shows the first {limit:,} of {len(pairs):,} matching ties. Narrow the filters, "
        "or download the CSV for all of them."
    )


def pairs_table(pairs: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The filtered pairs as a reader's table: words for codes, dates as known, a source link."""
    first_source = sources[sources["pair_id"] != ""].drop_duplicates("pair_id").set_index("pair_id")["url"]
    status = pairs["status"] if "status" in pairs.columns else pairs["outcome"]
    return pd.DataFrame(
        {
            "pair_id": pairs["pair_id"],
            "US place": pairs["us_place"],
            "State": pairs["us_state"],
            "Level": pairs["us_level"].str.capitalize(),
            "Russian partner": pairs["ru_place"],
            "Region": pairs["ru_region"],
            "Since": year_text(pairs["established"]),
            "Outcome": status.astype(str).map(OUTCOME_LABELS),
            "Decided": decided_text(pairs),
            "Decided by": pairs["decision_body"],
            "Vote": pairs["vote"],
            "Source": pairs["pair_id"].map(first_source).fillna(""),
        }
    ).reset_index(drop=True)
