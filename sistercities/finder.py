"""What a search finds, said in words: the matching ties by name with their outcome, or how many
there are when too many to list. Pure: the filtered pairs in, text out; the caller escapes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sistercities.details import decision_line
from sistercities.outcomes import OUTCOME_LABELS
from sistercities.ties import tie_label

# Up to this many matches are listed by name; beyond it a list is scrolled, not read.
MAX_LISTED = 10


@dataclass(frozen=True)
class FoundTie:
    pair_id: str
    name: str  # 'Portland, OR – Khabarovsk'
    outcome: str  # 'Kept on 13 June 2022 by the volunteer association, not the city (…)'


@dataclass(frozen=True)
class Found:
    heading: str  # '2 ties match “Portland”:' or '23 ties match “a”.'
    ties: tuple[FoundTie, ...]  # empty when none match or too many to list
    too_many: bool


def outcome_text(pair: pd.Series, asof: dt.date | None = None) -> str:
    """The tie's outcome in words; with `asof`, its status on that day when that differs."""
    status = str(pair.get("status", pair["outcome"]))
    if asof is not None and status != str(pair["outcome"]):
        return f"{OUTCOME_LABELS[status]} on {asof.isoformat()} (latest: {OUTCOME_LABELS[str(pair['outcome'])]})"
    return decision_line(pair)


def ties_word(count: int) -> str:
    return f"{count:,} tie matches" if count == 1 else f"{count:,} ties match"


def found_ties(
    pairs: pd.DataFrame, query: str, asof: dt.date | None = None, more_filters: bool = False, limit: int = MAX_LISTED
) -> Found:
    """The search's matches (`pairs` already filtered) by name, or their number past `limit`.
    `more_filters`: other filters than the search narrowed `pairs` too, and the heading says so."""
    count = len(pairs)
    quoted = f"“{query}”" + (" and the other filters" if more_filters else "")
    if count == 0:
        return Found(f"No tie matches {quoted}.", (), False)
    if count > limit:
        return Found(f"{ties_word(count)} {quoted}.", (), True)
    ties = tuple(
        FoundTie(str(pair["pair_id"]), tie_label(pair), outcome_text(pair, asof))
        for _, pair in pairs.sort_values(["us_place", "us_state", "ru_place"]).iterrows()
    )
    return Found(f"{ties_word(count)} {quoted}:", ties, False)
