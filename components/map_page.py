"""The map page's body: legend, view presets, the deck, the detail panel and the table."""

from __future__ import annotations

import streamlit as st

from components.app_data import built_once
from components.detail_panel import render_pair_detail, selectable_pairs_table
from components.details import pairs_table, shows_pair
from components.export_panel import PLOTLY_CONFIG, chart_export_panel, data_export_panel
from components.exports import static_map_figure
from components.frame import Frame
from components.mapview import (
    DEFAULT_PRESET,
    MAX_ARCS,
    MAX_LABELLED,
    VIEW_PRESETS,
    build_deck,
    draws_place_names,
    sample_for_map,
    selected_pair_from_event,
)
from components.summaries import headline_counts, legend_html

SELECTED = "selected_pair"


def _pick_from_map() -> None:
    picked = selected_pair_from_event(st.session_state.get("map_deck"))
    if picked:
        st.session_state[SELECTED] = picked


def render_map_page(page: Frame) -> None:
    pairs = page.pairs
    st.title("Map of the ties")
    when = f"on {page.filters.asof.isoformat()}" if page.filters.asof else "today (latest known)"
    st.caption(
        f"Each line joins a US city, county or state to its Russian sister. Colour shows the tie's status {when}. "
        "Click a line or a row in the table for the full record and its sources."
    )
    st.markdown(legend_html(headline_counts(pairs)), unsafe_allow_html=True)

    preset = st.segmented_control(
        "View",
        list(VIEW_PRESETS),
        format_func=lambda key: VIEW_PRESETS[key].label,
        default=DEFAULT_PRESET,
        key="map_view",
    ) or DEFAULT_PRESET
    selected = st.session_state.get(SELECTED)
    if not shows_pair(pairs, selected):
        selected = None
    drawn, sampled = sample_for_map(pairs)
    if sampled:
        st.info(
            f"{len(pairs):,} ties match; the map draws an even sample of {MAX_ARCS:,} of them so it stays "
            "readable. Narrow the filters to see every line."
            + ("" if draws_place_names(drawn) else f" Place names are written on the map for up to {MAX_LABELLED} ties; hover a line for its names."),
            icon=":material/filter_alt:",
        )
    st.pydeck_chart(
        built_once("deck", page.view_key, preset, selected, build=lambda: build_deck(drawn, preset, selected)),
        on_select=_pick_from_map,
        selection_mode="single-object",
        key="map_deck",
        height=560,
        alt=f"Map of {len(pairs)} ties between US places and Russian cities, coloured by outcome.",
    )
    if pairs.empty:
        st.info("No ties match the filters. Clear a filter in the sidebar to see more.")

    if selected:
        render_pair_detail(page.dataset, selected)
    else:
        st.caption("Select a line on the map or a row below to see a tie's record.")

    def static_map():
        return built_once("static_map", page.view_key, build=lambda: static_map_figure(drawn))

    # Drawn only on request: a second map in the page would double what every reader's browser does.
    if st.toggle("Preview the static map for articles", key="static_map_preview"):
        st.plotly_chart(static_map(), theme=None, key="static_map", config=PLOTLY_CONFIG)
    chart_export_panel(page, "map", static_map, "the static map")

    st.subheader("The ties shown", anchor=False)
    # The table lists what the map draws: at most MAX_ARCS rows, well under a table's own cap.
    if sampled:
        st.caption(f"The table lists the {len(drawn):,} ties the map draws; the CSV download holds all {len(pairs):,}.")
    table = built_once("map_table", page.view_key, build=lambda: pairs_table(drawn, page.dataset.sources))
    selectable_pairs_table(table, "map_table", SELECTED)
    data_export_panel(page, "map")
