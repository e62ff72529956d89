"""What the detail panel and the tables say about pairs. Pure: DataFrames in, DataFrames/text out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sistercities.dates import date_words
from sistercities.loader import Dataset
from sistercities.outcomes import ACTOR_LABELS, OUTCOME_LABELS, actor_phrase, evidence_words
from sistercities.ties import shown_status

EVENT_TYPE_LABELS = {
    "established": "Tie established",
    "proposal": "Proposal",
    "vote": "Vote",
    "letter": "Letter",
    "suspension": "Suspension",
    "termination": "Termination",
    "statement": "Statement",
    "restoration": "Restoration",
    "standing": "Seen standing",
    "ukrainian_partner": "Ukrainian partner",
}


def date_text(value: pd.Timestamp | None, precision: str = "day") -> str:
    """A date for readers, as precise as it is known: '8 March 2022', 'March 2022', '2025', or ''."""
    return date_words(value, precision or "day")


@dataclass(frozen=True)
class PairDetail:
    pair: pd.Series
    events: pd.DataFrame  # the pair's events, oldest first, with a `sources` column (list of dicts)
    sources: pd.DataFrame  # every source cited for the pair, de-duplicated by URL, with its `quotes`


def pair_detail(dataset: Dataset, pair_id: str) -> PairDetail | None:
    match = dataset.pairs[dataset.pairs["pair_id"] == pair_id]
    if match.empty:
        return None
    cited = one_read_date(dataset.sources[dataset.sources["pair_id"] == pair_id])
    events = dataset.events[dataset.events["pair_id"] == pair_id].copy()
    fields = ["url", "publisher", "date", "date_precision", "accessed", "title", "archived_url", "quote"]
    events["sources"] = events["event_id"].map(lambda e: cited[cited["event_id"] == e][fields].to_dict("records"))
    unique_sources = cited.sort_values("date", na_position="last").drop_duplicates("url")
    # One page cited for several facts may quote different words for each: all of them, once each.
    quotes = cited.groupby("url")["quote"].agg(lambda q: [t for t in dict.fromkeys(q) if str(t).strip()])
    unique_sources = unique_sources.assign(quotes=unique_sources["url"].map(quotes))
    return PairDetail(match.iloc[0], events.reset_index(drop=True), unique_sources.reset_index(drop=True))


def evidence_line(pair: pd.Series) -> str:
    """'Evidence: strong (a dated page after the invasion names both places)'; for a tie with no
    grade (nothing found), what that means."""
    words = evidence_words(pair.get("evidence", ""))
    return words or "Evidence: none graded (nothing was found after the invasion)"


def quote_line(quote: str, publisher: str) -> str:
    """'“The council voted 11-0 …” (Example News)': a source's own words, attributed. Plain text;
    the caller escapes it."""
    return f"“{' '.join(str(quote).split())}” ({' '.join(str(publisher).split()) or 'the source'})"


def evidence_text(pairs: pd.DataFrame) -> pd.Series:
    """The grade for a table column: 'Strong', 'Moderate', 'Weak', or '' for none."""
    return pairs["evidence"].map(lambda code: str(code).capitalize() if code else "")


def one_read_date(cited: pd.DataFrame) -> pd.DataFrame:
    """One `accessed` per URL: the latest day any citation of the page says it was read. One
    page cited for several events was recorded as read on different days (one citation per row
    in sources.csv), and a record listing it twice with two "read" dates said two things."""
    if cited.empty:
        return cited
    latest = cited.groupby("url")["accessed"].transform("max")
    return cited.assign(accessed=latest)


def decision_line(pair: pd.Series) -> str:
    """'Cut on 22 March 2022 by the county government (Santa Clara County Board of Supervisors;
    vote: unanimous)', or 'Kept in March 2022 by the volunteer association, not the city (…)'."""
    outcome = str(pair["outcome"])
    words = OUTCOME_LABELS[outcome]
    if outcome == "no_action":
        return f"{words}: no decision by the {pair['us_level']} government was found"
    if outcome == "unknown":
        return f"{words}: no decision and no sign of the tie since 24 February 2022 was found"
    when = date_text(pair["decision_date"], pair["decision_date_precision"])
    parts = [words]
    if when:
        parts.append(f"on {when}" if pair["decision_date_precision"] == "day" else f"in {when}")
    who = actor_phrase(str(pair.get("actor", "")), str(pair["us_level"]))
    if who:
        parts.append(who)
    line = " ".join(parts)
    details = [str(pair["decision_body"])] if pair["decision_body"] else []
    if pair["vote"]:
        details.append(f"vote: {pair['vote']}")
    return line + (f" ({'; '.join(details)})" if details else "")


def decided_by_text(pairs: pd.DataFrame) -> pd.Series:
    """Who decided, for a table: 'Volunteer association: Duluth Sister Cities International'."""
    actor = pairs["status_actor"] if "status_actor" in pairs.columns else pairs["actor"]
    label = actor.map(ACTOR_LABELS).fillna("")
    body = pairs["decision_body"].where(actor != "", "")
    joined = label.where(body == "", label + ": " + body)
    return joined.where(label != "", "")


def decided_text(pairs: pd.DataFrame) -> pd.Series:
    """date_text for the decision column: '8 March 2022', 'March 2022', '2025' or ''."""
    return pd.Series(
        [date_text(d, p) for d, p in zip(pairs["decision_date"], pairs["decision_date_precision"])],
        index=pairs.index,
        dtype=object,
    )


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
    status = shown_status(pairs)
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
            "Decided by": decided_by_text(pairs),
            "Vote": pairs["vote"],
            "Evidence": evidence_text(pairs),
            "Source": pairs["pair_id"].map(first_source).fillna(""),
        }
    ).reset_index(drop=True)


def event_line(event) -> str:
    """What an event says, in plain text: 'Ukrainian partner (explored: Irpin): …' for a new
    partnership, the description otherwise. The caller escapes it."""
    if str(event.type) == "ukrainian_partner":
        return f"{event.stage} with {event.ukrainian_place}: {event.description}"
    return str(event.description)


def ukrainian_partners(events: pd.DataFrame) -> pd.DataFrame:
    """The ukrainian_partner events among these, oldest first."""
    return events[events["type"].astype(str) == "ukrainian_partner"]


# Words that already say what kind of place a name is: "Santa Clara County", "Oklahoma City",
# "Fairbanks North Star Borough", "Town of Windham".
_KIND_WORDS = ("city", "county", "borough", "parish", "town", "township", "village", "state", "commonwealth")


def us_place_name(level: str, place: str) -> str:
    """'City of San Jose', 'State of Iowa'; a name that already says its kind stands alone:
    'Santa Clara County', never 'County of Santa Clara County'."""
    words = [w.casefold() for w in str(place).split()]
    ends_with_kind = bool(words) and words[-1] in _KIND_WORDS
    starts_with_kind = len(words) > 2 and words[0] in _KIND_WORDS and words[1] == "of"
    if ends_with_kind or starts_with_kind:
        return str(place)
    return f"{str(level).capitalize()} of {place}"
