"""The JSON download, now written to a buffer a piece of ties at a time, gives the same bytes as
the whole document dumped at once: that export is kept here, and only here, as the reference
(bench/json_memory.py measures the two at 100,000 ties)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import generate
from sistercities import tables
from sistercities.dates import iso_text
from sistercities.dictionary import COLUMNS
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import load_dataset
from sistercities.outcomes import ACTOR_CODES, ACTOR_LABELS, EVIDENCE_DEFINITIONS, OUTCOME_CODES, OUTCOME_LABELS
from sistercities.record import SITE_TITLE
from sistercities.settings import DEFAULT_DATA_DIR
from sistercities.tables import _plain, export_table
from tests.conftest import VALID
from tests.hostile import make_hostile_folder

# The reference: the export as it was, every record built, then one json.dumps of the whole. -----


def whole_json(
    pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, meta: dict, filters: FilterState, url: str = ""
) -> bytes:
    """The filtered pairs with their events (Ukrainian partnerships among them) and sources, the
    dictionary and where it came from. Events and sources are grouped once, not searched per tie."""
    table = export_table(pairs, sources).drop(columns=["source_urls"])
    shown = set(table["pair_id"])
    events_by_pair: dict[str, list[dict]] = {}
    for e in events[events["pair_id"].isin(shown)].itertuples(index=False):
        events_by_pair.setdefault(e.pair_id, []).append(
            {
                "event_id": e.event_id,
                "date": iso_text(e.date, e.date_precision),
                "type": str(e.type),
                "status_after": "" if pd.isna(e.status_after) else str(e.status_after),
                "actor": e.actor,
                "body": e.body,
                "vote": e.vote,
                "description": e.description,
                **(
                    {"ukrainian_place": e.ukrainian_place, "stage": e.stage}
                    if str(e.type) == "ukrainian_partner"
                    else {}
                ),
            }
        )
    sources_by_pair: dict[str, list[dict]] = {}
    for s in sources[sources["pair_id"].isin(shown)].itertuples(index=False):
        sources_by_pair.setdefault(s.pair_id, []).append(
            {
                "url": s.url,
                "publisher": s.publisher,
                "date": iso_text(s.date, s.date_precision),
                "accessed": iso_text(s.accessed),
                "title": s.title,
                "event_id": s.event_id,
                "supports": s.supports,
                "quote": s.quote,
            }
        )
    records = []
    for row in table.to_dict("records"):
        pair_id = row["pair_id"]
        row = {k: _plain(v) for k, v in row.items()}
        row["us_aliases"] = [a for a in str(row["us_aliases"]).split(";") if a]
        row["ru_aliases"] = [a for a in str(row["ru_aliases"]).split(";") if a]
        row["events"] = events_by_pair.get(pair_id, [])
        row["ukrainian_partners"] = [e for e in row["events"] if e["type"] == "ukrainian_partner"]
        row["sources"] = sources_by_pair.get(pair_id, [])
        records.append(row)
    document = {
        "dataset": meta.get("title", SITE_TITLE),
        "version": meta.get("version", ""),
        "last_updated": meta.get("last_updated", ""),
        "view": url,
        "filters": filters.describe() or "none",
        "outcome_codes": {code: OUTCOME_LABELS[code] for code in OUTCOME_CODES},
        "actor_codes": {code: ACTOR_LABELS[code] for code in ACTOR_CODES},
        "evidence_grades": dict(EVIDENCE_DEFINITIONS),
        "dictionary": {name: desc for name, (_, _, desc) in COLUMNS["pairs.csv"].items()},
        "pairs": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# The comparison. ---------------------------------------------------------------------------------

EMBEDDED = load_dataset(DEFAULT_DATA_DIR)
FILTERS = [
    FilterState(),
    FilterState(outcomes=("cut", "suspended")),
    FilterState(states=("CA",), query="san"),
    FilterState(asof=dt.date(2022, 6, 30)),
    FilterState(outcomes=("cut",), states=("ZZ",)),  # no tie at all
]


def both(data, filters: FilterState, url: str = "") -> tuple[bytes, bytes]:
    pairs = apply_filters(data.pairs, data.events, filters, data.marks)
    arguments = (pairs, data.events, data.sources, data.meta, filters, url)
    return tables.to_json(*arguments), whole_json(*arguments)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe() or "none")
@pytest.mark.parametrize("chunk", [1, 7, tables.JSON_CHUNK])
def test_the_same_bytes_on_the_embedded_data(monkeypatch, filters, chunk):
    monkeypatch.setattr(tables, "JSON_CHUNK", chunk)  # pieces of 1 and 7 ties cross many boundaries
    new, old = both(EMBEDDED, filters, "http://localhost:8501/data?outcome=cut")
    assert new == old
    json.loads(new)


def test_the_same_bytes_on_the_fixture_and_hostile_folders(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(tables, "JSON_CHUNK", 3)
    for folder in (VALID, make_hostile_folder(tmp_path / "hostile")):
        data = load_dataset(folder)
        new, old = both(data, FilterState(), "https://x")
        assert new == old


def test_the_same_bytes_on_more_ties_than_a_piece(tmp_path: Path):
    data = load_dataset(generate(tables.JSON_CHUNK + 300, tmp_path / "synthetic"))
    new, old = both(data, FilterState())
    assert new == old
    assert len(json.loads(new)["pairs"]) == tables.JSON_CHUNK + 300
