"""What a chart says, in words: the finding as a title and the text alternative (alt text) of
every chart, from the data and the filters. Pure: DataFrames in, sentences out."""

from __future__ import annotations

import pandas as pd

from sistercities.dates import date_words
from sistercities.filters import FilterState
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES
from sistercities.status import effective_dates
from sistercities.summaries import count_noun
from sistercities.ties import shown_status


def counts_by_status(pairs: pd.DataFrame) -> dict[str, int]:
    counts = shown_status(pairs).value_counts()
    return {code: int(counts.get(code, 0)) for code in OUTCOME_CODES}


def finding_title(pairs: pd.DataFrame) -> str:
    """The headline a chart states: '10 of 92 US ties to Russian places were cut or suspended …'."""
    counts = counts_by_status(pairs)
    total = len(pairs)
    if total == 0:
        return "No ties match these filters"
    acted = counts["cut"] + counts["suspended"]
    kept = counts["letter"] + counts["kept"]
    if acted:
        done = "cut or suspended" if counts["cut"] and counts["suspended"] else "cut" if counts["cut"] else "suspended"
        return f"{_share(acted, total)} {done} after the invasion"
    if kept:
        return f"{_share(kept, total)} kept after the invasion"
    if counts["no_action"]:
        return f"{_share(counts['no_action'], total)} left standing with no action"
    return f"No public decision found for {count_noun(total, 'US tie')} to Russian places"


def _share(count: int, total: int) -> str:
    """'1 of 4 US ties to Russian places was', 'All 3 … were', 'The one US tie to a Russian place was'."""
    if total == 1:
        return "The one US tie to a Russian place was"
    if count == total:
        return f"All {total} US ties to Russian places were"
    return f"{count} of {total} US ties to Russian places {_were(count)}"


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _by_when(pairs: pd.DataFrame, events: pd.DataFrame, filters: FilterState) -> str:
    """'1 June 2022' under an as-of day; else the latest decision's month ('October 2025'), or its
    year alone when the record knows only the year; '' when nothing was decided."""
    if filters.asof:
        return date_words(filters.asof)
    decided = events[
        events["pair_id"].isin(pairs["pair_id"]) & events["status_after"].astype(str).isin(DECIDED_OUTCOMES)
    ]
    if decided.empty or pd.isna(decided["date"].max()):
        return ""
    # Latest by when it is known to have happened: "2022" (any day that year) is later than "March 2022".
    latest = decided.loc[effective_dates(decided).idxmax()]
    precision = str(latest.get("date_precision", "day"))
    return f"{latest['date']:%Y}" if precision == "year" else f"{latest['date']:%B %Y}"


def _status_clauses(counts: dict[str, int]) -> list[str]:
    """One clause per status that has ties, none for a zero count."""
    words = {
        "cut": "{n} {was} cut",
        "suspended": "{n} {was} suspended",
        "letter": "{n} {was} kept with a letter to the Russian side",
        "kept": "{n} {was} kept without one" if counts["letter"] else "{n} {was} kept",
        "under_review": "{n} {are} under review",
        "no_action": "{n} {was} left standing with no action",
        "unknown": "for {n} nothing was found since the invasion",
    }
    return [
        words[code].format(n=counts[code], was=_were(counts[code]), are="is" if counts[code] == 1 else "are")
        for code in OUTCOME_CODES
        if counts.get(code)
    ]


def joined(clauses: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(clauses) <= 1:
        return "".join(clauses)
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


CHART_LEADS = {
    "timeline": "Timeline with one lane per US–Russia sister tie, coloured by its status over time from "
    "February 2022, with a mark for each dated event.",
    "decisions": "Line chart of how many US–Russia sister ties were cut, suspended or kept, month by month "
    "from February 2022.",
    "states": "Stacked bar chart of US–Russia sister ties by US state, coloured by outcome.",
    "compare": "Side-by-side timelines of chosen US–Russia sister ties.",
    "map": "Map of great-circle lines joining US cities, counties and states to their Russian sister cities, "
    "coloured by outcome.",
}


def alt_text(chart: str, pairs: pd.DataFrame, events: pd.DataFrame, filters: FilterState) -> str:
    """A description of what the chart says, from the data, ready to paste."""
    total = len(pairs)
    lead = CHART_LEADS.get(chart, "Chart of US–Russia sister ties.")
    described = filters.describe()
    scope = f" Filters: {described}." if described else ""
    if total == 0:
        return f"{lead} No US ties to Russian cities and regions match these filters.{scope}"
    when = _by_when(pairs, events, filters)
    opening = f"By {when}, of" if when else "Of"
    summary = (
        f"{opening} {count_noun(total, 'US tie')} to Russian cities and regions, "
        f"{joined(_status_clauses(counts_by_status(pairs)))}."
    )
    return f"{lead} {summary}{scope}"
