"""What one tie's page says, as plain values for the template: every fact of the record in words."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from sistercities.details import (
    EVENT_TYPE_LABELS,
    PairDetail,
    date_text,
    decision_line,
    event_line,
    pair_detail,
    quote_line,
    ukrainian_partners,
)
from sistercities.escaping import safe_url
from sistercities.loader import Dataset
from sistercities.outcomes import ACTOR_LABELS, EVIDENCE_SHORT, OUTCOME_COLORS, OUTCOME_DEFINITIONS, OUTCOME_LABELS
from sistercities.record import pair_citation
from sistercities.site.strip import status_strip
from sistercities.ties import tie_label


def outcome_view(code: str) -> dict:
    return {
        "code": code,
        "label": OUTCOME_LABELS[code],
        "definition": OUTCOME_DEFINITIONS[code],
        "colour": OUTCOME_COLORS[code],
    }


def decided_by(pair: pd.Series) -> str:
    """'US government side: San Jose City Council', or '' when nobody decided."""
    label = ACTOR_LABELS.get(str(pair["actor"]), "")
    body = str(pair["decision_body"])
    if label and body:
        return f"{label}: {body}"
    return label


def evidence_fact(pair: pd.Series) -> str:
    """'strong (a dated page after the invasion names both places)', or what no grade means."""
    code = str(pair.get("evidence", "") or "")
    if code in EVIDENCE_SHORT:
        return f"{code} ({EVIDENCE_SHORT[code]})"
    return "none graded (nothing was found after the invasion)"


def facts(pair: pd.Series) -> list[tuple[str, str]]:
    """The record's short facts, (term, words), empty ones left out."""
    rows = [
        ("Outcome", OUTCOME_LABELS[str(pair["outcome"])]),
        ("Decided", date_text(pair["decision_date"], pair["decision_date_precision"])),
        ("Decided by", decided_by(pair)),
        ("Vote", str(pair["vote"])),
        ("Evidence", evidence_fact(pair)),
        ("Tie since", "" if pd.isna(pair["established"]) else str(int(pair["established"]))),
        ("Last verified", date_text(pair["last_verified"])),
    ]
    return [(term, words) for term, words in rows if words]


def source_view(source) -> dict:
    return {
        "publisher": str(source["publisher"]),
        "title": str(source["title"]),
        "date": date_text(source["date"], source["date_precision"]),
        "accessed": date_text(source["accessed"]),
        "url": safe_url(source["url"]),
        "shown_url": str(source["url"]),
        "archived": safe_url(source["archived_url"]) if source["archived_url"] else None,
        # The page's own words, attributed: plain text, the template escapes it.
        "quotes": [quote_line(quote, source["publisher"]) for quote in source.get("quotes", None) or []],
    }


def event_view(event) -> dict:
    return {
        "date": date_text(event.date, event.date_precision),
        "label": EVENT_TYPE_LABELS.get(str(event.type), str(event.type)),
        "line": event_line(event),
        "sources": [source_view(source) for source in event.sources],
    }


def interactive_links(app_url: str, pair: pd.Series) -> list[tuple[str, str]]:
    """Links into the Streamlit views, each carrying the tie (URL-encoded)."""
    return [
        ("Its record in the data view, with Report an error", f"{app_url}/data?{urlencode({'pair': pair['pair_id']})}"),
        ("Side by side with other ties", f"{app_url}/compare?{urlencode({'pair': pair['pair_id']})}"),
        ("On the map", f"{app_url}/map?{urlencode({'q': pair['us_place']})}"),
    ]


def tie_context(dataset: Dataset, pair_id: str, base_url: str, app_url: str) -> dict | None:
    detail: PairDetail | None = pair_detail(dataset, pair_id)
    if detail is None:
        return None
    pair = detail.pair
    permanent = f"{base_url}/v/{dataset.version}/ties/{pair_id}/"
    return {
        "pair": pair,
        "label": tie_label(pair),
        "outcome": outcome_view(str(pair["outcome"])),
        "headline": decision_line(pair),
        "facts": facts(pair),
        "events": [event_view(event) for event in detail.events.itertuples(index=False)],
        "sources": [source_view(source) for _, source in detail.sources.iterrows()],
        "ukrainian": [event_view(event) for event in ukrainian_partners(detail.events).itertuples(index=False)],
        "citation": pair_citation(pair, dataset.meta, permanent, None),
        "permanent_url": permanent,
        "canonical": f"{base_url}/ties/{pair_id}/",
        "links": interactive_links(app_url, pair),
        "strip": status_strip(dataset, pair),
    }


def description(context: dict) -> str:
    """The page's meta description: the tie and what happened, in one sentence."""
    return f"{context['label']}: {context['headline']}."
