"""Rules across the three files (pairs, events, sources): every decision dated, sourced and
acted on by someone; sightings backed by a page read after the invasion; no note citing another
tie's source. Each broken rule is a Defect naming the file, row, column and value."""

from __future__ import annotations

import pandas as pd

from sistercities.dates import parse_partial_date, period_end
from sistercities.outcomes import (
    ACTOR_CODES,
    DECIDED_OUTCOMES,
    PARTNER_STAGES,
    STANDING_STATUS,
)
from sistercities.schema import INVASION_DAY, SOURCE_ID_IN_TEXT, Defect
from sistercities.status import same_day_conflicts, status_events_from_text

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

    add(
        "events.csv",
        events,
        (events["pair_id"] != "") & ~events["pair_id"].isin(pair_ids),
        "pair_id",
        "event points at a pair that does not exist",
    )
    add(
        "sources.csv",
        sources,
        (sources["pair_id"] != "") & ~sources["pair_id"].isin(pair_ids),
        "pair_id",
        "source points at a pair that does not exist",
    )
    has_event = sources["event_id"] != ""
    known_event = sources["event_id"].isin(event_pair.index)
    add("sources.csv", sources, has_event & ~known_event, "event_id", "source points at an event that does not exist")
    expected_pair = sources["event_id"].map(event_pair)
    add(
        "sources.csv",
        sources,
        has_event & known_event & (expected_pair != sources["pair_id"]),
        "pair_id",
        lambda row: f"does not match the pair of event {row['event_id']} ({event_pair[row['event_id']] or 'none'})",
    )
    add(
        "sources.csv",
        sources,
        (sources["pair_id"] == "") & ~has_event,
        "pair_id",
        "source is tied to neither a pair nor an event",
    )
    add("pairs.csv", pairs, ~pairs["pair_id"].isin(sources["pair_id"]), "pair_id", "pair has no source in sources.csv")
    add(
        "events.csv",
        events,
        ~events["event_id"].isin(sources["event_id"]),
        "event_id",
        "event has no source in sources.csv",
    )
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
        *_rows(
            events,
            decision & (events["actor"] == ""),
            "events.csv",
            "actor",
            "decision event has no actor; expected one of " + ", ".join(ACTOR_CODES),
        ),
        *_rows(
            events,
            ~decision & (events["actor"] != ""),
            "events.csv",
            "actor",
            "only a decision event (one with a decided status_after) names an actor",
        ),
        *_rows(
            events,
            standing & (events["status_after"] != STANDING_STATUS),
            "events.csv",
            "status_after",
            f"a standing event leaves the status {STANDING_STATUS}",
        ),
        *_rows(
            events,
            ~standing & (events["status_after"] == STANDING_STATUS),
            "events.csv",
            "status_after",
            f"only a standing event leaves the status {STANDING_STATUS}",
        ),
        *_rows(
            events,
            (standing | partner) & ~after_invasion,
            "events.csv",
            "date",
            "standing and ukrainian_partner events date from after 24 February 2022",
        ),
        *_rows(
            events,
            partner & (events["ukrainian_place"].str.strip() == ""),
            "events.csv",
            "ukrainian_place",
            "a ukrainian_partner event names the Ukrainian place",
        ),
        *_rows(
            events,
            partner & (events["stage"] == ""),
            "events.csv",
            "stage",
            "a ukrainian_partner event has a stage; expected one of " + ", ".join(PARTNER_STAGES),
        ),
        *_rows(
            events,
            partner & (events["status_after"] != ""),
            "events.csv",
            "status_after",
            "a ukrainian_partner event does not change the tie's status",
        ),
        *_rows(
            events,
            ~partner & ((events["ukrainian_place"] != "") | (events["stage"] != "")),
            "events.csv",
            "stage",
            "only a ukrainian_partner event has a Ukrainian place and a stage",
        ),
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
        Defect(
            "events.csv",
            int(row.row),
            "status_after",
            row.status,
            f"conflicts with another decision of {row.pair_id} taking effect the same day ({row.effective:%Y-%m-%d}) "
            "with a different status: the record cannot say which holds",
        )
        for row in same_day_conflicts(marks).itertuples(index=False)
    ]
    decisions = marks[marks["is_decision"]]
    latest = decisions.groupby("pair_id").tail(1).set_index("pair_id")
    latest_date = events.set_index("event_id")["date"]
    latest = latest.assign(date=latest["event_id"].map(latest_date[~latest_date.index.duplicated()]))
    sighted = set(marks.loc[~marks["is_decision"], "pair_id"])
    for index, pair in pairs.iterrows():
        decision = latest.loc[pair["pair_id"]] if pair["pair_id"] in latest.index else None
        if pair["outcome"] in DECIDED_OUTCOMES:
            defects += _decided_pair_defects(index + 2, pair, decision)
        else:
            defects += _undecided_pair_defects(index + 2, pair, decision, pair["pair_id"] in sighted)
    defects.extend(_check_sightings_sourced(events, sources))
    return sorted(defects, key=lambda d: (d.file, d.row or 0))


def _decided_pair_defects(row: int, pair: pd.Series, decision: pd.Series | None) -> list[Defect]:
    """A decided tie: its latest decision event exists and says the same outcome, date and actor."""
    outcome = pair["outcome"]
    if decision is None:
        return [
            Defect(
                "pairs.csv",
                row,
                "outcome",
                outcome,
                "decided outcome has no dated decision event (status_after) in events.csv",
            )
        ]
    event = decision["event_id"]
    defects = []
    if decision["status"] != outcome:
        why = f"differs from the status after the latest decision event {event} ({decision['status']})"
        defects.append(Defect("pairs.csv", row, "outcome", outcome, why))
    if pair["decision_date"] != decision["date"]:
        why = f"differs from the date of the latest decision event {event} ({decision['date']})"
        defects.append(Defect("pairs.csv", row, "decision_date", pair["decision_date"], why))
    if pair["actor"] == "":
        why = "decided outcome has no actor; expected one of " + ", ".join(ACTOR_CODES)
        defects.append(Defect("pairs.csv", row, "actor", "", why))
    elif pair["actor"] != decision["actor"]:
        why = f"differs from the actor of the latest decision event {event} ({decision['actor'] or 'none'})"
        defects.append(Defect("pairs.csv", row, "actor", pair["actor"], why))
    return defects


def _undecided_pair_defects(row: int, pair: pd.Series, decision: pd.Series | None, sighted: bool) -> list[Defect]:
    """A tie without a decision: no decision event, actor or date, and a sighting exactly when no_action."""
    outcome = pair["outcome"]
    defects = []
    if decision is not None:
        why = f"outcome is {outcome} but events.csv records a decision for this pair ({decision['event_id']})"
        defects.append(Defect("pairs.csv", row, "outcome", outcome, why))
    if pair["actor"] != "":
        why = f"a tie with outcome {outcome} has no actor; leave it empty"
        defects.append(Defect("pairs.csv", row, "actor", pair["actor"], why))
    if pair["decision_date"] != "":
        why = f"a tie with outcome {outcome} has no decision date; leave it empty"
        defects.append(Defect("pairs.csv", row, "decision_date", pair["decision_date"], why))
    if outcome == STANDING_STATUS and not sighted:
        why = (
            "no_action needs a standing event in events.csv: a source published or read after 24 February "
            "2022 showing the tie still standing"
        )
        defects.append(Defect("pairs.csv", row, "outcome", outcome, why))
    if outcome == "unknown" and sighted:
        why = "outcome is unknown but events.csv records the tie seen standing (no_action)"
        defects.append(Defect("pairs.csv", row, "outcome", outcome, why))
    return defects


def _check_sightings_sourced(events: pd.DataFrame, sources: pd.DataFrame) -> list[Defect]:
    """A standing event needs a source of its own published or read after the invasion."""

    def after_invasion(text: str) -> bool:
        parsed = parse_partial_date(text)
        return parsed is not None and parsed[0] >= INVASION_DAY

    fresh = sources[sources["date"].map(after_invasion) | sources["accessed"].map(after_invasion)]
    standing = events[events["type"] == "standing"]
    return _rows(
        standing,
        ~standing["event_id"].isin(fresh["event_id"]),
        "events.csv",
        "event_id",
        "standing event has no source published or read after 24 February 2022",
    )


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
                        defects.append(
                            Defect(
                                file,
                                index + 2,
                                column,
                                cited,
                                f"cites source id {cited}, which is not a source of {pair_id or 'this event'}",
                            )
                        )
    return defects
