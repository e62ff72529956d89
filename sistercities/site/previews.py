"""Link previews: what a URL shows, in the words and picture a link preview (Slack, X, a CMS, a
search engine's first pass) reads from the first HTML, before any script runs.

The Streamlit pages' shell gets these tags from a middleware (web/previews.py); the web routes'
own pages carry them in their template. Pure: the dataset and the URL's parts in, words out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from sistercities.cards import COUNT_WORDS
from sistercities.descriptions import counts_by_status
from sistercities.details import decision_line
from sistercities.filters import FilterState, apply_filters, parse_query_params, to_query_params
from sistercities.loader import Dataset
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_LABELS
from sistercities.record import SITE_TITLE
from sistercities.site.templating import render_template
from sistercities.ties import tie_label
from sistercities.views import choices_of

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size every preview service takes for a large card


@dataclass(frozen=True)
class StreamlitPage:
    path: str  # its URL path
    file: str  # its script, as the view choices name it
    card: str  # its card's name: /cards/<card>.png
    words: str  # what it is, closing a title: '…were cut: map'


STREAMLIT_PAGES: dict[str, StreamlitPage] = {
    page.path: page
    for page in (
        StreamlitPage("/", "dashboard.py", "overview", "overview"),
        StreamlitPage("/map", "pages/map.py", "map", "map"),
        StreamlitPage("/timeline", "pages/timeline.py", "timeline", "timeline"),
        StreamlitPage("/compare", "pages/compare.py", "compare", "comparison"),
        StreamlitPage("/data", "pages/data.py", "data", "data and sources"),
    )
}
CARD_PAGES = {page.card: page for page in STREAMLIT_PAGES.values()}

# What ties of one outcome were, closing '13 US ties to Russian cities …' (plural, singular).
OUTCOME_VERBS: dict[str, tuple[str, str]] = {
    "cut": ("were cut", "was cut"),
    "suspended": ("were suspended", "was suspended"),
    "letter": ("were kept, with a letter", "was kept, with a letter"),
    "kept": ("were kept", "was kept"),
    "under_review": ("are under review", "is under review"),
    "no_action": ("were left standing with no action", "was left standing with no action"),
    "unknown": ("have no decision found", "has no decision found"),
}


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    canonical: str  # the URL this view is known by: its filters, nothing a reader could not set
    image: str  # the card: an absolute URL to a CARD_WIDTH × CARD_HEIGHT PNG
    image_alt: str


def ties_noun(count: int) -> str:
    return "1 US tie to a Russian city" if count == 1 else f"{count} US ties to Russian cities"


def counts_sentence(pairs: pd.DataFrame) -> str:
    """'13 cut, 18 suspended, 24 no action.' in the legend's order, outcomes with none left out."""
    counts = counts_by_status(pairs)
    said = [f"{counts[code]} {COUNT_WORDS[code]}" for code in OUTCOME_CODES if counts[code]]
    return (", ".join(said) + ".") if said else "No ties match."


def view_title(state: FilterState, shown: pd.DataFrame, page: StreamlitPage) -> str:
    """'13 US ties to Russian cities were cut: map'; other filters in brackets; none: the page."""
    count = len(shown)
    if state == FilterState():
        return f"{SITE_TITLE}: {page.words}" if page.path != "/" else SITE_TITLE
    only_outcome = state.outcomes and len(state.outcomes) == 1
    rest = FilterState(**{**state.__dict__, "outcomes": ()}) if only_outcome else state
    head = ties_noun(count)
    if only_outcome:
        head += " " + OUTCOME_VERBS[state.outcomes[0]][count == 1]
    if rest != FilterState():
        head += f" ({rest.describe()})"
    return f"{head}: {page.words}"


def _canonical_query(state: FilterState, page: StreamlitPage, params: Mapping[str, list[str]]) -> dict[str, str]:
    query = dict(to_query_params(state))
    for choice in choices_of(page.file):
        value, _ = choice.parse(params.get(choice.param))
        shown = choice.link_value(value)
        if shown:
            query[choice.param] = shown
    return query


def _with_query(url: str, query: Mapping[str, str]) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def tie_card_url(base_url: str, pair_id: str) -> str:
    return f"{base_url}/cards/ties/{pair_id}.png"


def view_card_url(base_url: str, page: StreamlitPage, state: FilterState) -> str:
    return _with_query(f"{base_url}/cards/{page.card}.png", to_query_params(state))


def tie_preview_words(pair: pd.Series) -> tuple[str, str]:
    """(title, description) of one tie: 'Livermore, CA – Snezhinsk: Kept, with a letter'."""
    return f"{tie_label(pair)}: {OUTCOME_LABELS[str(pair['outcome'])]}", decision_line(pair) + "."


def page_preview(
    dataset: Dataset, path: str, params: Mapping[str, list[str]], base_url: str, state: FilterState | None = None
) -> Preview:
    """The preview of a Streamlit page's URL: its path and its (untrusted) query parameters.
    Parameters the app would ignore are ignored here too, so they never reach a tag."""
    page = STREAMLIT_PAGES[path]
    known = frozenset(dataset.pairs["pair_id"])
    if state is None:
        state, _ = parse_query_params(params, known)
    canonical = _with_query(f"{base_url}{path if path != '/' else '/'}", _canonical_query(state, page, params))
    if len(state.pairs) == 1:
        pair = dataset.pairs.loc[dataset.pairs["pair_id"] == state.pairs[0]].iloc[0]
        title, description = tie_preview_words(pair)
        return Preview(
            title=f"{title}: {page.words}" if page.path not in ("/data", "/") else title,
            description=description,
            canonical=canonical,
            image=tie_card_url(base_url, state.pairs[0]),
            image_alt=f"{title}. {description}",
        )
    shown = apply_filters(dataset.pairs, dataset.events, state, dataset.marks)
    title = view_title(state, shown, page)
    described = f"Of {ties_noun(len(shown))} shown: {counts_sentence(shown)}" if len(shown) else "No ties match."
    description = f"{described} What US places did with their Russian sister cities after Russia invaded Ukraine."
    return Preview(
        title=title,
        description=f"{description} Data version {dataset.version}.",
        canonical=canonical,
        image=view_card_url(base_url, page, state),
        image_alt=f"{title}. {described}",
    )


def meta_tags(preview: Preview, site_name: str = SITE_TITLE) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of every Open Graph and Twitter card tag."""
    return [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", preview.title),
        ("property", "og:description", preview.description),
        ("property", "og:url", preview.canonical),
        ("property", "og:image", preview.image),
        ("property", "og:image:width", str(CARD_WIDTH)),
        ("property", "og:image:height", str(CARD_HEIGHT)),
        ("property", "og:image:alt", preview.image_alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", preview.title),
        ("name", "twitter:description", preview.description),
        ("name", "twitter:image", preview.image),
        ("name", "twitter:image:alt", preview.image_alt),
    ]


def head_html(preview: Preview) -> bytes:
    """The <head> tags of a preview, escaped by the template engine."""
    return render_template("preview_head.html", preview=preview, tags=meta_tags(preview))
