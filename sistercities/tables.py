"""Data downloads: the filtered ties as CSV (no cell can start a spreadsheet formula) and JSON
(each tie with its events and sources), and the data dictionary. DataFrames in, bytes out (the JSON
is spooled through an unnamed temporary file on its way, to keep its memory down)."""

from __future__ import annotations

import csv
import io
import json
import tempfile

import pandas as pd

from sistercities.dates import iso_text
from sistercities.dictionary import COLUMNS
from sistercities.filters import FilterState
from sistercities.outcomes import ACTOR_CODES, ACTOR_LABELS, EVIDENCE_DEFINITIONS, OUTCOME_CODES, OUTCOME_LABELS
from sistercities.record import SITE_TITLE

# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


EXPORT_COLUMNS = list(COLUMNS["pairs.csv"])


def export_table(pairs: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Exactly the filtered pairs, in the files' own columns and formats, plus their sources."""
    table = pairs[EXPORT_COLUMNS].copy()
    table["outcome"] = pairs["outcome"].astype(str)
    if "status" in pairs.columns:
        table["status_shown"] = pairs["status"].astype(str)
    table["established"] = pairs["established"].astype("object").where(pairs["established"].notna(), "")
    table["decision_date"] = [iso_text(d, p) for d, p in zip(pairs["decision_date"], pairs["decision_date_precision"])]
    table["last_verified"] = pairs["last_verified"].dt.strftime("%Y-%m-%d").fillna("")
    table["us_aliases"] = pairs["us_aliases"].map(";".join)
    table["ru_aliases"] = pairs["ru_aliases"].map(";".join)
    cited = sources[sources["pair_id"].isin(pairs["pair_id"])]
    urls = cited.groupby("pair_id")["url"].agg(lambda u: " | ".join(dict.fromkeys(u)))
    table["source_urls"] = pairs["pair_id"].map(urls).fillna("")
    return table.reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    # RFC 4180 line ends: with them the writer quotes any cell holding CR or LF, so a stray
    # carriage return in the data cannot split a row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow([safe_cell(_plain(v)) for v in row])
    return buffer.getvalue().encode("utf-8")


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# Ties per piece of the JSON download: each piece's records and text are built, written and let go
# before the next, so only the finished bytes grow with the number of ties.
JSON_CHUNK = 2000


def to_json(
    pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, meta: dict, filters: FilterState, url: str = ""
) -> bytes:
    """The filtered pairs with their events (Ukrainian partnerships among them) and sources, the
    dictionary and where it came from: one JSON document, indented by 2, written `JSON_CHUNK` ties
    at a time (the same bytes as json.dumps of the whole document, at a fraction of its memory)."""
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
        "pairs": [],
    }
    # json.dumps ends the document with the (empty) list of pairs: '"pairs": []' and '\n}'.
    head = json.dumps(document, ensure_ascii=False, indent=2).removesuffix("[]\n}")
    # The pieces go to an unnamed temporary file, read back whole in one allocation of the exact
    # size: an in-memory buffer grows by an eighth ahead of its contents, and 1.125 times 166 MB
    # (100,000 ties) leaves little room under 200 MB.
    with tempfile.TemporaryFile(buffering=0) as spool:
        spool.write(head.encode("utf-8"))
        if len(pairs) == 0:
            spool.write(b"[]\n}")
        for first in range(0, len(pairs), JSON_CHUNK):
            # Each tie sits two levels deep (in the document, in its list): 4 more spaces a line.
            pieces = [
                json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                for record in json_records(pairs.iloc[first : first + JSON_CHUNK], events, sources)
            ]
            spool.write(("[\n    " if first == 0 else ",\n    ").encode("utf-8"))
            spool.write(",\n    ".join(pieces).encode("utf-8"))
        if len(pairs):
            spool.write(b"\n  ]\n}")
        spool.seek(0)
        return spool.readall()


def json_records(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Each pair as the JSON download gives it, with its events and sources (grouped once, not
    searched per tie)."""
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
    return records


def dictionary_csv() -> bytes:
    rows = [("file", "column", "required", "meaning")]
    for file, columns in COLUMNS.items():
        rows.extend(
            (file, name, "yes" if required else "", description) for name, (_, required, description) in columns.items()
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[safe_cell(c) for c in row] for row in rows])
    return buffer.getvalue().encode("utf-8")
