"""The pair detail panel, shared by the map, timeline and data pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.app_data import once_per_version
from components.frame import DATA_PAGE, Frame, page_link, pair_url
from components.url_state import choose_pair
from sistercities.details import (
    EVENT_TYPE_LABELS,
    date_text,
    decision_line,
    event_line,
    evidence_line,
    pair_detail,
    quote_line,
)
from sistercities.escaping import escape_markdown, safe_url
from sistercities.filters import to_query_params
from sistercities.finder import MAX_LISTED, found_ties
from sistercities.loader import Dataset


def source_link(source: dict) -> str:
    """A markdown link to a source with escaped text; a non-http URL is shown as text, never linked."""
    label = escape_markdown(source.get("publisher") or "Source")
    title = source.get("title") or ""
    when = date_text(source.get("date"), source.get("date_precision") or "day")
    read = date_text(source.get("accessed"))
    dated = f"{when}; read {read}" if when else (f"undated page, read {read}" if read else "")
    text = label + (f" — {escape_markdown(title)}" if title else "") + (f" ({dated})" if dated else "")
    url = safe_url(source.get("url", ""))
    link = f"[{text}](<{url}>)" if url else f"{text} (link withheld: not an http address)"
    archived = safe_url(source.get("archived_url") or "")
    return link + (f" ([archived copy](<{archived}>))" if archived else "")


def source_item(source: dict) -> str:
    """One line of a record's source list: the link, and under it each of the page's own words
    (`quote`), escaped, in quotation marks, attributed to the publisher."""
    quotes = source.get("quotes") or []
    publisher = source.get("publisher") or ""
    lines = [f"- {source_link(source)}"]
    lines += [f"  \n  {escape_markdown(quote_line(quote, publisher))}" for quote in quotes]
    return "".join(lines)


SOURCE_LINK_COLUMN = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")


def found_list(page: Frame, table_below: bool = False) -> None:
    """What the search (`q=`) finds, by name, each tie's outcome in words and a link to its record:
    plain text that wraps on a phone, where a table's outcome column sits off the screen. Past
    MAX_LISTED ties, how many, and where the table is. Nothing without a search."""
    query = page.filters.query
    if not query:
        return
    others = {k: v for k, v in to_query_params(page.filters).items() if k not in ("q", "pair", "asof")}
    found = found_ties(page.pairs, query, page.filters.asof, more_filters=bool(others))
    with st.container(key="found-ties"):
        lines = [f"**{escape_markdown(found.heading)}**"]
        lines += [
            f"- [{escape_markdown(tie.name)}](<{pair_url(tie.pair_id)}>): {escape_markdown(tie.outcome)}"
            for tie in found.ties
        ]
        st.markdown("\n".join(lines))
        if found.too_many:
            where = "the table below" if table_below else "the table on the data page"
            st.markdown(f"Too many to list here (more than {MAX_LISTED}): see them in {where}, or narrow the search.")
            if not table_below:
                page_link(DATA_PAGE, "See them in the table", ":material/table:", to_query_params(page.filters))


def selectable_pairs_table(table: pd.DataFrame, key: str, column_config: dict | None = None) -> None:
    """A pairs table (sistercities.details.pairs_table) whose clicked row becomes the chosen tie,
    written into the link as `pair=` (components.url_state.choose_pair)."""

    def pick() -> None:
        rows = st.session_state.get(key, {}).get("selection", {}).get("rows", [])
        if rows and rows[0] < len(table):
            pair_id = str(table["pair_id"].iloc[rows[0]])
            st.session_state[key + "_picked"] = pair_id  # chosen here, not by a link
            choose_pair(pair_id)

    st.dataframe(
        table,
        hide_index=True,
        on_select=pick,
        selection_mode="single-row",
        key=key,
        column_config={"pair_id": None, "Source": SOURCE_LINK_COLUMN, **(column_config or {})},
    )


def render_pair_detail(dataset: Dataset, pair_id: str, shown: bool = True) -> None:
    """One tie's record: decision, summary, events with their sources, and a link to it alone.
    `shown` False: the sidebar's filters leave this tie out of the page's charts and tables."""
    detail = once_per_version("detail", pair_id, build=lambda: pair_detail(dataset, pair_id))
    if detail is None:
        st.info("That tie is not in the data.")
        return
    pair = detail.pair
    with st.container(border=True, key=f"detail-{pair_id}"):
        st.subheader(
            f"{escape_markdown(pair['us_place'])}, {escape_markdown(pair['us_state'])} – "
            f"{escape_markdown(pair['ru_place'])}, Russia",
            anchor=False,
        )
        facts = [f"**{escape_markdown(decision_line(pair))}**"]
        level = {"city": "City", "county": "County", "state": "State"}[pair["us_level"]]
        region = "" if pair["ru_region"].startswith(pair["ru_place"]) else f" ({escape_markdown(pair['ru_region'])})"
        facts.append(f"{level} tie with {escape_markdown(pair['ru_place'])}{region}")
        if not pd.isna(pair["established"]):
            facts.append(f"since {pair['established']}")
        st.markdown(" · ".join(facts))
        st.markdown(escape_markdown(evidence_line(pair)))
        st.markdown(escape_markdown(pair["summary"]))
        if pair["notes"]:
            st.caption(f"Note: {escape_markdown(pair['notes'])}")
        if not detail.events.empty:
            st.markdown("**What happened**")
            lines = []
            for event in detail.events.itertuples(index=False):
                when = date_text(event.date, event.date_precision)
                links = ", ".join(source_link(s) for s in event.sources)
                kind = EVENT_TYPE_LABELS.get(str(event.type), str(event.type))
                lines.append(
                    f"- **{when}** {kind}: {escape_markdown(event_line(event))}" + (f" — {links}" if links else "")
                )
            st.markdown("\n".join(lines))
        st.markdown("**Sources**")
        st.markdown("\n".join(source_item(s) for s in detail.sources.to_dict("records")))
        if str(pair.get("last_verified", "")) not in ("", "NaT"):
            st.caption(f"This tie's record was last re-checked on {date_text(pair['last_verified'])}.")
        if not shown:
            st.caption("The filters in the sidebar leave this tie out of the charts and tables on this page.")
        st.markdown(f"[Link to this tie's record](<{pair_url(pair_id)}>)")
