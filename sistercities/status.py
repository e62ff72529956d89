"""The one status model: a tie's latest decision and its status on any day. No Streamlit here.

Every page, count, filter, chart, export and the validator asks this module, so they cannot
disagree. The rules:

- An event with a `status_after` sets the tie's status from the day it is known to have happened:
  its day, or the last day of its month or year when only that is known (a decision dated
  "March 2022" had happened by 31 March, not necessarily by 1 March).
- Decisions (cut, suspended, letter, kept, under_review) outrank sightings: a `standing` event
  (status `no_action`: the tie seen standing with no decision) sets the status only while the tie
  has no decision yet.
- A tie the record shows (one with any status-setting event: a decision or a sighting) stood with
  no decision yet until its first decision: its status is `no_action` ("no decision yet, tie
  standing") from the story's start, 1 February 2022, however late the event that shows it. A
  decision proves there was a tie to decide on; a sighting shows it still standing after the
  invasion. From the story's start, not from the invasion (24 February 2022): nothing before the
  invasion decided a tie, so the weeks before it are the same standing, and every chart begins
  on 1 February. The validator makes these exactly the ties whose recorded outcome is not
  `unknown` (a decided outcome needs a decision event, `no_action` a standing event, and an
  `unknown` tie has neither), so a `no_action` tie is `no_action` on every day of the story.
- A tie the record does not show (outcome `unknown`: no decision or sighting found) is `unknown`
  on every day; so is every tie before the story's start, until a decision dated earlier.
- Among decisions known from the same day, the one written later in events.csv wins; two such
  decisions with different statuses are a defect the validator reports (`same_day_conflicts`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sistercities.dates import parse_partial_date, period_ends
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES, STANDING_STATUS

# The first day the story (and every chart of it) covers; a tie the record shows stands from here.
STORY_START = pd.Timestamp("2022-02-01")


def effective_dates(events: pd.DataFrame) -> pd.Series:
    """When each typed event counts as having happened (the end of a month- or year-only date)."""
    return period_ends(events["date"], events["date_precision"])


def status_events(events: pd.DataFrame) -> pd.DataFrame:
    """The status-setting events of typed events (the loader's), in the order the model reads them."""
    status = events["status_after"].astype("object")
    has_status = status.notna() & (status.astype(str) != "") & (events["pair_id"] != "")
    chosen = events[has_status]
    frame = pd.DataFrame(
        {
            "pair_id": chosen["pair_id"].to_numpy(),
            "event_id": chosen["event_id"].to_numpy(),
            "status": status[has_status].astype(str).to_numpy(),
            "actor": (chosen["actor"] if "actor" in chosen.columns else pd.Series("", index=chosen.index)).to_numpy(),
            "effective": effective_dates(chosen).to_numpy(),
            "order": chosen["file_order"].to_numpy() if "file_order" in chosen.columns else np.arange(len(chosen)),
        }
    )
    return _sorted(frame)


def status_events_from_text(events: pd.DataFrame) -> pd.DataFrame:
    """The same for events.csv as text (the validator's view); rows with an unreadable date are
    left to the schema's own defect."""
    has_status = (events["status_after"] != "") & (events["pair_id"] != "")
    parsed = events["date"].map(parse_partial_date)
    usable = has_status & parsed.notna()
    chosen = events[usable]
    starts = pd.Series([p[0] for p in parsed[usable]], index=chosen.index, dtype="datetime64[ns]")
    precisions = pd.Series([p[1] for p in parsed[usable]], index=chosen.index, dtype=object)
    frame = pd.DataFrame(
        {
            "pair_id": chosen["pair_id"].to_numpy(),
            "event_id": chosen["event_id"].to_numpy(),
            "status": chosen["status_after"].to_numpy(),
            "actor": (chosen["actor"] if "actor" in chosen.columns else pd.Series("", index=chosen.index)).to_numpy(),
            "effective": period_ends(starts, precisions).to_numpy(),
            "order": chosen.index.to_numpy(),
            "row": (chosen.index + 2).to_numpy(),
        }
    )
    return _sorted(frame)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame["is_decision"] = frame["status"].isin(DECIDED_OUTCOMES)
    return frame.sort_values(["pair_id", "effective", "order"], kind="stable").reset_index(drop=True)


def standing_marks(marks: pd.DataFrame) -> pd.DataFrame:
    """For each tie with any mark, the standing it is known to have had from the story's start:
    a sighting (status no_action, no event, event_id '') effective on 1 February 2022."""
    shown = pd.unique(marks["pair_id"])
    return pd.DataFrame(
        {
            "pair_id": shown,
            "event_id": "",
            "status": STANDING_STATUS,
            "actor": "",
            "effective": pd.Series(STORY_START, index=range(len(shown)), dtype=marks["effective"].dtype),
            "order": -1,
            "is_decision": False,
        }
    )


def with_standing(marks: pd.DataFrame) -> pd.DataFrame:
    """The marks and each shown tie's standing from the story's start, in the model's order."""
    if marks.empty:
        return marks
    combined = pd.concat([standing_marks(marks), marks], ignore_index=True)
    return combined.sort_values(["pair_id", "effective", "order"], kind="stable").reset_index(drop=True)


def latest_status(marks: pd.DataFrame, day: dt.date | pd.Timestamp | None = None) -> pd.DataFrame:
    """Per pair (the index): status, actor, event_id and effective day of what decides its status
    on `day` (or of everything, when None): its latest decision by then, else its latest sighting,
    else its standing from the story's start (event_id '')."""
    marks = with_standing(marks)
    if day is not None:
        marks = marks[marks["effective"] <= pd.Timestamp(day)]
    decisions = marks[marks["is_decision"]]
    sightings = marks[~marks["is_decision"] & ~marks["pair_id"].isin(decisions["pair_id"])]
    latest = pd.concat([decisions.groupby("pair_id").tail(1), sightings.groupby("pair_id").tail(1)])
    return latest.set_index("pair_id")[["status", "actor", "event_id", "effective"]]


def status_on(pairs: pd.DataFrame, marks: pd.DataFrame, day: dt.date | pd.Timestamp | None = None) -> pd.DataFrame:
    """Each pair's `status` (categorical: 'no_action' before the first decision of a tie the
    record shows, 'unknown' for one it does not) and the `actor` of the decision behind it ('' for
    none) on `day`, or today's when None. Indexed like `pairs`."""
    latest = latest_status(marks, day)
    status = pairs["pair_id"].map(latest["status"]).astype(object).fillna("unknown")
    actor = pairs["pair_id"].map(latest["actor"]).astype(object).fillna("")
    actor = actor.where(status.isin(DECIDED_OUTCOMES), "")
    return pd.DataFrame(
        {"status": pd.Categorical(status, categories=OUTCOME_CODES), "actor": actor.astype(str)},
        index=pairs.index,
    )


def same_day_conflicts(marks: pd.DataFrame) -> pd.DataFrame:
    """Decisions of one tie that take effect the same day with different statuses: no order
    between them can be known, so the record cannot say which holds."""
    decisions = marks[marks["is_decision"]]
    groups = decisions.groupby(["pair_id", "effective"])["status"].transform("nunique")
    return decisions[groups > 1]


SEGMENT_COLUMNS = ["pair_id", "status", "start", "end", "event_id", "last"]


def status_segments(pairs: pd.DataFrame, marks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """One row per stretch of unchanged status per pair, from `start` to `end`: pair_id, status,
    start, end, event_id (of the event that began it, '' for the opening stretch), last (the
    stretch that runs to `end`). Same rules as `status_on`; column operations, no loop per tie.

    Each tie starts 'unknown' on `start`. A mark changes its status when it is a decision, or a
    sighting before the tie's first decision, and its status differs from the one before. A change
    begins on its day (or on `start`, when earlier) and ends the stretch before it, which is left
    out when that leaves it no day. The last stretch runs to `end` (or to its own start, if later)."""
    if len(pairs) == 0:
        return pd.DataFrame([], columns=SEGMENT_COLUMNS)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    own = with_standing(marks[marks["pair_id"].isin(pairs["pair_id"])])
    decided_before = own.groupby("pair_id", sort=False)["is_decision"].cumsum() - own["is_decision"]
    own = own[own["is_decision"] | (decided_before == 0)]  # a sighting after a decision changes nothing
    first_of_tie = own["pair_id"].ne(own["pair_id"].shift())
    states = _states(own[own["status"].ne(own["status"].shift().where(~first_of_tie, "unknown"))], start)
    # A stretch ends where its tie's next state begins; the last at `end`, or at its start if later.
    ties, begins, source = states["pair_id"], states["start"], states["source"]
    last = np.ones(len(ties), dtype=bool)
    last[:-1] = ties[1:] != ties[:-1]
    next_begins, next_source = np.append(begins[1:], begins[-1:]), np.append(source[1:], source[-1:])
    late = begins > end.to_datetime64()
    states["end"] = np.where(last, np.where(late, begins, end.to_datetime64()), next_begins)
    states["end_source"] = np.where(last, np.where(late, source, _END), next_source)
    states["last"] = last
    kept = last | (next_begins > begins)
    stretches = {name: values[kept] for name, values in states.items()}
    # A tie with no mark: one unknown stretch from `start`.
    ids = pairs["pair_id"].to_numpy()
    unmarked = pd.unique(ids[~pd.Index(ids).isin(stretches["pair_id"])])
    alone = {
        "pair_id": unmarked,
        "status": "unknown",
        "event_id": "",
        "start": start.to_datetime64(),
        "source": _START,
        "end": max(end, start).to_datetime64(),
        "end_source": _START if start > end else _END,
        "last": True,
    }
    for name, value in alone.items():
        stretches[name] = np.concatenate([stretches[name], np.broadcast_to(value, len(unmarked))])
    # Each tie's stretches in `pairs`' order (a tie listed twice gets them twice).
    names = stretches["pair_id"]
    heads = np.flatnonzero(np.append(True, names[1:] != names[:-1]))
    lengths = np.diff(np.append(heads, len(names)))
    slot = pd.Index(names[heads]).get_indexer(ids)
    length = lengths[slot]
    take = np.repeat(heads[slot] - (np.cumsum(length) - length), length) + np.arange(length.sum())
    units = {_START: start.unit, _END: end.unit, _MARK: np.datetime_data(marks["effective"].dtype)[0]}
    frame = {name: stretches[name][take] for name in SEGMENT_COLUMNS}
    for name, source_name in (("start", "source"), ("end", "end_source")):
        unit = _finest(units, stretches[source_name][take], frame[name])
        frame[name] = frame[name].astype(f"datetime64[{unit}]")
    return pd.DataFrame(frame)


# Where a segment's day came from: its unit follows (the old rows of Timestamps took the finest).
_START, _END, _MARK = 0, 1, 2
_UNIT_ORDER = ["s", "ms", "us", "ns"]


def _finest(units: dict[int, str], sources: np.ndarray, days: np.ndarray) -> str:
    present = {units[s] for s in np.unique(sources[~np.isnat(days)])}
    return max(present, key=_UNIT_ORDER.index, default="s")


def _states(changes: pd.DataFrame, start: pd.Timestamp) -> dict[str, np.ndarray]:
    """Each tie's states in order: 'unknown' from `start`, then one per change of status, from
    its day (or `start`, when earlier). Arrays: pair_id, status, event_id, start (datetime64[ns])
    and source (_START or _MARK: whose Timestamp the day is)."""
    ties = changes["pair_id"].ne(changes["pair_id"].shift()).to_numpy()
    number = np.cumsum(ties) - 1
    count = len(changes) + int(ties.sum())
    at_change = np.arange(len(changes)) + number + 1  # each tie's opening state sits before its changes
    opening = np.flatnonzero(ties) + np.arange(int(ties.sum()))
    effective = changes["effective"].to_numpy().astype("datetime64[ns]")
    first = start.to_datetime64().astype("datetime64[ns]")
    earlier = first > effective
    states = {
        "pair_id": np.empty(count, dtype=object),
        "status": np.empty(count, dtype=object),
        "event_id": np.empty(count, dtype=object),
        "start": np.empty(count, dtype="datetime64[ns]"),
        "source": np.empty(count, dtype=np.int8),
    }
    values = {
        "pair_id": (changes["pair_id"].to_numpy()[ties], changes["pair_id"].to_numpy()),
        "status": ("unknown", changes["status"].to_numpy()),
        "event_id": ("", changes["event_id"].to_numpy()),
        "start": (first, np.where(earlier, first, effective)),
        "source": (_START, np.where(earlier, _START, _MARK)),
    }
    for name, (at_opening, at_changes) in values.items():
        states[name][opening] = at_opening
        states[name][at_change] = at_changes
    return states


def monthly_counts(pairs: pd.DataFrame, marks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """For each month end from `start` to `end`: how many of the pairs had each status that day.
    Columns: month, status, count; every status, zero counts included. Each stretch of status
    adds one from the first month end in it to the first after it (a difference per month, summed)."""
    months = pd.date_range(start, end, freq="ME")
    if len(months) == 0:
        return pd.DataFrame([], columns=["month", "status", "count"])
    segments = status_segments(pairs, marks, start, end)
    first = np.searchsorted(months.values, segments["start"].values, side="left")
    stop = np.where(segments["last"], len(months), np.searchsorted(months.values, segments["end"].values, side="left"))
    code = pd.Index(OUTCOME_CODES).get_indexer(segments["status"])
    counted = first < stop
    if (code[counted] < 0).any():
        raise KeyError(f"unknown status in {sorted(set(segments['status'][counted][code[counted] < 0]))}")
    steps = np.zeros((len(OUTCOME_CODES), len(months) + 1), dtype=np.int64)
    np.add.at(steps, (code[counted], first[counted]), 1)
    np.add.at(steps, (code[counted], stop[counted]), -1)
    return pd.DataFrame(
        {
            "month": np.tile(months.values, len(OUTCOME_CODES)),
            "status": np.repeat(np.array(OUTCOME_CODES, dtype=object), len(months)),
            "count": np.cumsum(steps, axis=1)[:, : len(months)].ravel(),
        }
    )


def decision_interval(pairs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The first and last day each pair's decision date can mean (NaT where undated)."""
    starts = pairs["decision_date"]
    return starts, period_ends(starts, pairs["decision_date_precision"])


def first_marks(pairs: pd.DataFrame, marks: pd.DataFrame) -> pd.Series:
    """The day each pair's first decision counts (NaT where none): the timeline's lane order."""
    firsts = marks[marks["is_decision"]].groupby("pair_id")["effective"].min()
    return pairs["pair_id"].map(firsts)
