"""The overview page's body."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.detail_panel import found_list
from components.frame import PAGES, SITE_TITLE, Frame, page_link, share_view
from sistercities.dates import date_words
from sistercities.escaping import escape_markdown
from sistercities.filters import MAX_QUERY_LENGTH, to_query_params
from sistercities.summaries import actor_counts, actor_sentence, evidence_sentence, headline_counts, headline_sentence

__all__ = ["headline_counts", "render_overview"]

FINDER_KEY = "find_city"


def _search_for_city() -> None:
    """The finder's text becomes the link's `q=`, the same search as the sidebar's "Search places":
    the frame sees the link changed and seeds the sidebar from it on the run this starts."""
    text = " ".join(str(st.session_state.get(FINDER_KEY) or "").split())
    if text:
        st.query_params["q"] = text
    elif "q" in st.query_params:
        del st.query_params["q"]


def find_your_city(page: Frame) -> None:
    """On the first screen, where a phone reader looks: the sidebar's search sits behind a closed
    sidebar there. It shows the link's search, whichever box set it."""
    st.session_state[FINDER_KEY] = page.filters.query
    st.text_input(
        "Find your city",
        key=FINDER_KEY,
        max_chars=MAX_QUERY_LENGTH,
        placeholder="e.g. Portland or Yekaterinburg",
        help="A US or Russian place, or another spelling of it; press Enter to search. "
        "The same search as “Search places” in the sidebar.",
        on_change=_search_for_city,
    )
    found_list(page)


def render_overview(page: Frame, counts: pd.DataFrame) -> None:
    dataset = page.dataset
    st.title(SITE_TITLE)
    st.markdown(
        "In early 2022 dozens of US cities, counties and states had official sister ties with Russian "
        "cities and regions. After Russia invaded Ukraine on 24 February 2022, each faced a choice: cut "
        "the tie, suspend it, keep it with a letter to the Russian side, keep it, or do nothing. This is the "
        "record of what each one did and who decided, the government or its volunteer association, "
        "including who did nothing, every fact linked to a news report or council record."
    )
    find_your_city(page)
    st.markdown(f"**{escape_markdown(headline_sentence(counts, len(dataset.pairs)))}**")
    who = actor_sentence(actor_counts(page.pairs))
    if who:
        st.markdown(escape_markdown(who))
    grounded = evidence_sentence(page.pairs)
    if grounded:
        st.markdown(escape_markdown(grounded))

    # Two rows of at most four: seven side by side cut the longer labels short.
    rows = list(counts.itertuples(index=False))
    columns = [column for start in range(0, len(rows), 4) for column in st.columns(4)]
    for column, row in zip(columns, rows):
        with column:
            # A fixed colour bar from our own palette, no data inside. st.html, not markdown with
            # HTML: that loads a 184 KB HTML parser on the page's first load for a coloured line.
            st.html(f"<div style='border-top:6px solid {row.color};padding-top:4px'></div>")
            st.metric(row.label, row.count)

    if page.filters.asof:
        st.caption(f"Status on {date_words(page.filters.asof)}, derived from the dated events.")
    st.caption(
        f"Data version {escape_markdown(dataset.version or 'unversioned')}, last updated "
        f"{escape_markdown(dataset.last_updated or 'unknown')}. "
        f"{len(dataset.pairs)} ties, {len(dataset.events)} dated events, {len(dataset.sources)} source citations."
    )

    share_view(page)

    st.subheader("Explore")
    params = to_query_params(page.filters)
    blurbs = {
        "pages/map.py": "Every tie as an arc from the US place to its Russian partner, coloured by outcome.",
        "pages/timeline.py": "Who moved when: proposals, votes, letters, suspensions and terminations.",
        "pages/compare.py": "Neighbours side by side, e.g. Santa Clara County, Livermore, San Jose and San Diego.",
        "pages/data.py": "The table, every source, the methodology and downloads.",
    }
    for file, label, icon in PAGES[1:]:
        page_link(file, label, icon, params)
        st.caption(blurbs[file])
