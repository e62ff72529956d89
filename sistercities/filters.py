"""The one filter model: parse it from a URL, write it back, apply it to the pairs. No Streamlit here.

URL parameters are the contract's: outcome, actor, evidence, state, q, from, to, pair, asof (plus level). Anything
unknown or malformed is dropped and a notice says so; nothing here raises on user input. A page's
own view choices (view, period, sort) are sistercities.views', read by the page that has them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sistercities import clock
from sistercities.dates import date_words
from sistercities.outcomes import (
    ACTOR_CODES,
    ACTOR_LABELS,
    EVIDENCE_CODES,
    OUTCOME_CODES,
    OUTCOME_LABELS,
    US_LEVELS,
)
from sistercities.schema import US_STATE_CODES, us_state_names
from sistercities.status import decision_interval, status_events, status_on
from sistercities.views import VIEW_PARAMS

EARLIEST_ASOF = dt.date(2022, 2, 1)
MAX_QUERY_LENGTH = 100
MAX_PARAM_LENGTH = 2000
# Parameters other features own; they pass through the filter model untouched.
PASS_THROUGH_PARAMS = frozenset({"embed"})
FILTER_PARAMS = ("outcome", "actor", "evidence", "state", "level", "q", "from", "to", "pair", "asof")
# A mangled or hostile link is described, not echoed: unknown parameters past this many are only
# counted, a list of bad values is cut, and a page shows at most MAX_NOTICES notices.
MAX_UNKNOWN_PARAMS = 50
MAX_LISTED_VALUES = 5
MAX_NOTICES = 10


@dataclass(frozen=True)
class FilterState:
    outcomes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # evidence grades (pairs.csv `evidence`)
    states: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    pairs: tuple[str, ...] = ()
    asof: dt.date | None = None

    def describe(self) -> str:
        """The active filters in words, for subtitles and notices ('' when none)."""
        parts = []
        if self.outcomes:
            parts.append("outcome: " + ", ".join(OUTCOME_LABELS[o].lower() for o in self.outcomes))
        if self.actors:
            parts.append("decided by: " + ", ".join(ACTOR_LABELS[a].lower() for a in self.actors))
        if self.evidence:
            parts.append("evidence: " + ", ".join(self.evidence))
        if self.states:
            parts.append("state: " + ", ".join(self.states))
        if self.levels:
            parts.append("level: " + ", ".join(self.levels))
        if self.query:
            parts.append(f"matching “{self.query}”")
        if self.date_from or self.date_to:
            parts.append(f"decided {self.date_from or '…'} to {self.date_to or '…'}")
        if self.asof:
            parts.append(f"status on {date_words(self.asof)}")
        return "; ".join(parts)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _last(value: str | list[str]) -> str:
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return str(value)


def _parse_date(name: str, text: str, notices: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notices.append(f"Ignored “{name}={_shorten(text)}”: not a date in the form YYYY-MM-DD.")
        return None


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listed(values: list[str]) -> str:
    shown = ", ".join(_shorten(v) for v in values[:MAX_LISTED_VALUES])
    return shown + (f" and {len(values) - MAX_LISTED_VALUES} more" if len(values) > MAX_LISTED_VALUES else "")


def bounded_notices(notices: list[str]) -> list[str]:
    """At most MAX_NOTICES notices, then one line counting the rest."""
    if len(notices) <= MAX_NOTICES:
        return list(notices)
    return [*notices[:MAX_NOTICES], f"…and {len(notices) - MAX_NOTICES} more notices, not shown."]


def parse_query_params(
    params: Mapping[str, str | list[str]],
    known_pair_ids: frozenset[str] | set[str] = frozenset(),
    today: dt.date | None = None,
) -> tuple[FilterState, list[str]]:
    """URL parameters -> (FilterState, notices). Bad parts are dropped, each with a notice."""
    today = today or clock.today()
    notices: list[str] = []
    values: dict = {}
    unknown = [key for key in params if key not in FILTER_PARAMS and key not in PASS_THROUGH_PARAMS | VIEW_PARAMS]
    notices += [f"Ignored unknown link parameter “{_shorten(str(key))}”." for key in unknown[:MAX_UNKNOWN_PARAMS]]
    if len(unknown) > MAX_UNKNOWN_PARAMS:
        notices.append(f"Ignored {len(unknown) - MAX_UNKNOWN_PARAMS} more unknown link parameters.")
    for key in FILTER_PARAMS:
        if key not in params:
            continue
        text = _last(params[key])
        if len(text) > MAX_PARAM_LENGTH:
            notices.append(f"Ignored “{key}”: the value is too long.")
            continue
        if key in ("outcome", "actor", "evidence", "state", "level", "pair"):
            accepted, rejected = _pick(key, _split(text), known_pair_ids)
            if rejected:
                notices.append(f"Ignored unknown {key} value(s): {_listed(rejected)}.")
            values[key] = tuple(dict.fromkeys(accepted))  # de-duplicated, order kept
        elif key == "q":
            if len(text) > MAX_QUERY_LENGTH:
                notices.append(f"Ignored the search text: longer than {MAX_QUERY_LENGTH} characters.")
            else:
                values["q"] = " ".join(text.split())
        else:  # from, to, asof
            values[key] = _parse_date(key, text, notices)

    date_from, date_to = values.get("from"), values.get("to")
    if date_from and date_to and date_from > date_to:
        notices.append(f"Ignored the date range: “from” ({date_from}) is after “to” ({date_to}).")
        date_from = date_to = None
    asof = values.get("asof")
    if asof and not (EARLIEST_ASOF <= asof <= today):
        notices.append(f"Ignored “asof={asof}”: pick a day from {EARLIEST_ASOF} to {today}.")
        asof = None
    state = FilterState(
        outcomes=values.get("outcome", ()),
        actors=values.get("actor", ()),
        evidence=values.get("evidence", ()),
        states=values.get("state", ()),
        levels=values.get("level", ()),
        query=values.get("q", ""),
        date_from=date_from,
        date_to=date_to,
        pairs=values.get("pair", ()),
        asof=asof,
    )
    return state, notices


def _pick(key: str, items: list[str], known_pair_ids) -> tuple[list[str], list[str]]:
    if key == "outcome":
        normal = [i.lower() for i in items]
        valid = set(OUTCOME_CODES)
    elif key == "actor":
        normal = [i.lower() for i in items]
        valid = set(ACTOR_CODES)
    elif key == "evidence":
        normal = [i.lower() for i in items]
        valid = set(EVIDENCE_CODES)
    elif key == "state":
        # A code or a name: state=CA and state=California are the same link.
        by_name = {name.casefold(): code for code, name in us_state_names().items()}
        normal = [by_name.get(i.casefold(), i.upper()) for i in items]
        valid = US_STATE_CODES
    elif key == "level":
        normal = [i.lower() for i in items]
        valid = set(US_LEVELS)
    else:
        normal = items
        valid = known_pair_ids
    accepted = [n for n in normal if n in valid]
    rejected = [i for i, n in zip(items, normal) if n not in valid]
    return accepted, rejected


def to_query_params(state: FilterState) -> dict[str, str]:
    """FilterState -> the canonical URL parameters (only what differs from the default)."""
    params: dict[str, str] = {}
    if state.outcomes:
        params["outcome"] = ",".join(state.outcomes)
    if state.actors:
        params["actor"] = ",".join(state.actors)
    if state.evidence:
        params["evidence"] = ",".join(state.evidence)
    if state.states:
        params["state"] = ",".join(state.states)
    if state.levels:
        params["level"] = ",".join(state.levels)
    if state.query:
        params["q"] = state.query
    if state.date_from:
        params["from"] = state.date_from.isoformat()
    if state.date_to:
        params["to"] = state.date_to.isoformat()
    if state.pairs:
        params["pair"] = ",".join(state.pairs)
    if state.asof:
        params["asof"] = state.asof.isoformat()
    return params


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: 'Snežinsk' -> 'snezinsk'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_text(pairs: pd.DataFrame) -> pd.Series:
    """Everything the free-text search looks at, folded, one string per pair."""

    def names(row) -> str:
        parts = [row["us_place"], row["ru_place"], row["ru_region"], *row["us_aliases"], *row["ru_aliases"]]
        return fold(" | ".join(parts))

    return pairs.apply(names, axis=1) if len(pairs) else pd.Series([], dtype=object)


def apply_filters(
    pairs: pd.DataFrame,
    events: pd.DataFrame,
    state: FilterState,
    marks: pd.DataFrame | None = None,
    search: pd.Series | None = None,
) -> pd.DataFrame:
    """The pairs the filter keeps, with `status` and `status_actor` columns: the outcome and its
    actor, or the status and actor on `asof` (sistercities.status decides both). `marks` is the
    dataset's status view, made from `events` when not given; `search` is `search_text(pairs)`,
    made here when not given (the app makes it once per data version: 1.4 s at 100,000 ties)."""
    result = pairs.copy()
    if state.asof:
        on_day = status_on(result, status_events(events) if marks is None else marks, state.asof)
        result["status"], result["status_actor"] = on_day["status"], on_day["actor"]
    else:
        result["status"], result["status_actor"] = result["outcome"], result["actor"]
    keep = pd.Series(True, index=result.index)
    if state.outcomes:
        keep &= result["status"].astype(str).isin(state.outcomes)
    if state.actors:
        keep &= result["status_actor"].isin(state.actors)
    if state.evidence:
        keep &= result["evidence"].isin(state.evidence)
    if state.states:
        keep &= result["us_state"].isin(state.states)
    if state.levels:
        keep &= result["us_level"].isin(state.levels)
    if state.query:
        names = search_text(result) if search is None else search.loc[result.index]
        keep &= names.str.contains(fold(state.query), regex=False)
    # A decision known only to its month or year is an interval: kept when it overlaps the range.
    first_day, last_day = decision_interval(result)
    if state.date_from:
        keep &= last_day >= pd.Timestamp(state.date_from)
    if state.date_to:
        keep &= first_day <= pd.Timestamp(state.date_to)
    return result[keep]
