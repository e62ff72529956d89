"""The map page's body: a map every browser draws (SVG), a zoomable WebGL map on request, the
chosen tie's record and the table."""

from __future__ import annotations

import streamlit as st

from components.app_data import built_once, on_screen
from components.detail_panel import render_pair_detail, selectable_pairs_table
from components.export_panel import PLOTLY_CONFIG, chart_export_panel, data_export_panel
from components.frame import EMBED_BOX, Frame, embed_box, share_link
from components.url_state import choose_pair, rerun_page, url_choice
from sistercities.descriptions import alt_text
from sistercities.details import pairs_table, shows_pair
from sistercities.geomap import export_map_figure, geo_map_figure
from sistercities.mapview import (
    MAX_ARCS,
    MAX_LABELLED,
    build_deck,
    draws_place_names,
    sample_for_map,
    selected_pair_from_event,
)
from sistercities.summaries import headline_counts, legend_html
from sistercities.timeline import selected_pair_from_plotly
from sistercities.views import MAP_VIEW

# The SVG map is the first map: it draws in every browser (deck.gl needs WebGL, which locked-down
# and older machines lack) and in a fraction of the time without a GPU.
MAP_KINDS = {"svg": "Map", "webgl": "Zoomable map (needs WebGL)"}


# The view (a region), the map's kind, the map and its export panel rerun alone, with the share
# box and the sidebar's embed code, which name the view: the table below does not change with them.
MAP_VIEW_FRAGMENT = "map-view"


def _pick_from(key: str, read) -> None:
    picked = read(st.session_state.get(key))
    if picked:
        choose_pair(picked)
        rerun_page()  # the tie's record opens below the map, outside its fragment


def render_map_page(page: Frame) -> None:
    pairs = page.pairs
    st.title("Map of the ties")
    when = f"on {page.filters.asof.isoformat()}" if page.filters.asof else "today (latest known)"
    st.caption(
        f"Each line joins a US city, county or state to its Russian sister; its colour and dash show the "
        f"tie's status {when}. Tap or click a place for the tie's record and sources."
    )
    selected = page.chosen_pair if shows_pair(pairs, page.chosen_pair) else None
    drawn, sampled = sample_for_map(pairs)
    _map_view(page, drawn, sampled, selected)
    embed_box(page)
    if pairs.empty:
        st.info("No ties match the filters. Clear a filter in the sidebar to see more.")

    if page.chosen_pair:
        render_pair_detail(page.dataset, page.chosen_pair, shown=selected is not None)
    else:
        st.caption("Tap a place on the map or a row below to see a tie's record.")

    st.subheader("The ties shown", anchor=False)
    # The table lists what the map draws: at most MAX_ARCS rows, well under a table's own cap.
    if sampled:
        st.caption(f"The table lists the {len(drawn):,} ties the map draws; the CSV download holds all {len(pairs):,}.")
    table = built_once("map_table", page.view_key, build=lambda: pairs_table(drawn, page.dataset.sources))
    selectable_pairs_table(table, "map_table")
    data_export_panel(page, "map")


@st.fragment(key=MAP_VIEW_FRAGMENT)
def _map_view(page: Frame, drawn, sampled: bool, selected: str | None) -> None:
    pairs = page.pairs
    preset = url_choice(MAP_VIEW, on_change=lambda: st.rerun([MAP_VIEW_FRAGMENT, EMBED_BOX]))
    # The map's slot comes first and its kind is chosen below it, so on a phone the map starts higher.
    map_slot = st.container()
    kind = (
        st.segmented_control("Map", list(MAP_KINDS), format_func=MAP_KINDS.get, default="svg", key="map_kind") or "svg"
    )
    share_link(page)
    description = built_once(
        "alt_map", page.view_key, build=lambda: alt_text("map", pairs, page.dataset.events, page.filters)
    )
    with map_slot:
        if sampled:
            st.info(
                f"{len(pairs):,} ties match; the map draws an even sample of {MAX_ARCS:,} of them so it stays "
                "readable. Narrow the filters to see every line."
                + (
                    ""
                    if kind == "svg" or draws_place_names(drawn)
                    else f" Place names are written on the map for up to {MAX_LABELLED} ties; "
                    "hover a line for its names."
                ),
                icon=":material/filter_alt:",
            )
        if kind == "svg":
            geo_map = built_once(
                "geo_map", page.view_key, preset, build=lambda: geo_map_figure(drawn, preset, selected, height=560)
            )
            st.plotly_chart(
                on_screen("geo_map", geo_map, page.view_key, preset),
                theme=None,
                key="geo_map",
                on_select=lambda: _pick_from("geo_map", selected_pair_from_plotly),
                selection_mode="points",
                config=PLOTLY_CONFIG,
            )
        else:
            st.markdown(legend_html(headline_counts(pairs)), unsafe_allow_html=True)
            st.pydeck_chart(
                built_once("deck", page.view_key, preset, build=lambda: build_deck(drawn, preset, selected)),
                on_select=lambda: _pick_from("map_deck", selected_pair_from_event),
                selection_mode="single-object",
                key="map_deck",
                height=560,
                alt=description,
            )
            st.caption(
                "If this map stays blank, your browser cannot draw WebGL: choose *Map* below, which works everywhere."
            )
    chart_export_panel(
        page,
        "map",
        lambda: built_once("static_map", page.view_key, preset, build=lambda: export_map_figure(drawn, preset)),
        "the static map",
    )
