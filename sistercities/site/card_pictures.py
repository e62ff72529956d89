"""Which card a /cards/ URL names, and its figure: a tie's card, or a page's view under its
filters. The URL's query is parsed by the filter model, so a card's identity is its canonical
filters (junk parameters never make a new picture) and the data version."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from sistercities.cards import tie_card, view_card
from sistercities.descriptions import counts_by_status
from sistercities.details import decision_line
from sistercities.filters import apply_filters, parse_query_params, to_query_params
from sistercities.loader import Dataset
from sistercities.record import SITE_TITLE
from sistercities.site.previews import CARD_PAGES, STREAMLIT_PAGES, view_title
from sistercities.site.strip import status_strip
from sistercities.ties import tie_label

CardKey = tuple[str, str, tuple[tuple[str, str], ...]]  # (kind, name, canonical filters)


def card_key(path: str, params: Mapping[str, list[str]], dataset: Dataset) -> CardKey | None:
    """('tie', pair_id, ()) for /cards/ties/<id>.png, ('view', page, filters) for
    /cards/<page>.png?filters; None for any other path."""
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[:2] == ["cards", "ties"] and parts[2].endswith(".png"):
        pair_id = parts[2].removesuffix(".png")
        return ("tie", pair_id, ()) if pair_id in set(dataset.pairs["pair_id"]) else None
    if len(parts) == 2 and parts[0] == "cards" and parts[1].removesuffix(".png") in CARD_PAGES:
        state, _ = parse_query_params(params, frozenset(dataset.pairs["pair_id"]))
        return "view", parts[1].removesuffix(".png"), tuple(sorted(to_query_params(state).items()))
    return None


def card_path(key: CardKey) -> str:
    """The static edition's file for a card without filters: 'cards/ties/<id>.png', 'cards/map.png'."""
    kind, name, _ = key
    return f"cards/ties/{name}.png" if kind == "tie" else f"cards/{name}.png"


def card_figure(dataset: Dataset, key: CardKey) -> go.Figure:
    kind, name, filters = key
    updated = str(dataset.last_updated or "")
    if kind == "tie":
        pair = dataset.pairs.loc[dataset.pairs["pair_id"] == name].iloc[0]
        strip = status_strip(dataset, pair)["stretches"]
        return tie_card(
            tie_label(pair), str(pair["outcome"]), decision_line(pair), strip, SITE_TITLE, dataset.version, updated
        )
    state, _ = parse_query_params({k: [v] for k, v in filters}, frozenset(dataset.pairs["pair_id"]))
    shown = apply_filters(dataset.pairs, dataset.events, state, dataset.marks)
    page = CARD_PAGES[name]
    title = view_title(state, shown, STREAMLIT_PAGES[page.path])
    return view_card(title, counts_by_status(shown), SITE_TITLE, dataset.version, updated)


def default_card_keys(dataset: Dataset) -> list[CardKey]:
    """Every card the static edition holds: one per tie and one per page's default view."""
    ties: list[CardKey] = [("tie", pair_id, ()) for pair_id in dataset.pairs["pair_id"]]
    return ties + [("view", name, ()) for name in CARD_PAGES]
