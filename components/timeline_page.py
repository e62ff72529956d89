"""The timeline page's body: lanes of status over time, decisions by month, ties by state."""

from __future__ import annotations

import streamlit as st

from components.app_data import built_once, on_screen
from components.detail_panel import render_pair_detail
from components.export_panel import PLOTLY_CONFIG, chart_export_panel, data_export_panel
from components.frame import EMBED_BOX, Frame, embed_box, share_link
from components.url_state import choose_pair, rerun_page, url_choice
from sistercities.charts import decisions_figure, monthly_status_counts, state_breakdown, state_figure
from sistercities.details import shows_pair
from sistercities.timeline import order_lanes, selected_pair_from_plotly, timeline_figure
from sistercities.views import TIMELINE_PERIOD, TIMELINE_SORT, period_range

MAX_LANES = 150  # a taller chart is no longer read; beyond it, the first lanes and a notice


# The lane order and the lane chart rerun alone (with the share box and the sidebar's embed code,
# which name the order): a reorder need not rebuild or resend the charts below.
LANES_VIEW = "timeline-lanes"


def _pick(key: str) -> None:
    picked = selected_pair_from_plotly(st.session_state.get(key))
    if picked:
        choose_pair(picked)
        rerun_page()  # the tie's record opens below the lanes, outside their fragment


def render_timeline_page(page: Frame) -> None:
    dataset, pairs = page.dataset, page.pairs
    st.title("Timeline of decisions")
    st.caption(
        "One lane per tie, coloured by its status over time; each mark is a dated event (hover for the "
        "source). Dotted lines mark the invasion and other moments that shaped the decisions. "
        "Click a lane or a mark for the full record."
    )
    chosen: dict[str, str] = {}
    _lanes(page, chosen)
    embed_box(page)
    if pairs.empty:
        return
    period = chosen["period"]
    x_range = period_range(period)
    if page.chosen_pair:
        render_pair_detail(dataset, page.chosen_pair, shown=shows_pair(pairs, page.chosen_pair))

    st.subheader("Decisions over time", anchor=False)
    st.caption("How many of the ties shown had each status at the end of each month.")
    decisions = built_once(
        "decisions",
        page.view_key,
        period,
        build=lambda: decisions_figure(monthly_status_counts(pairs, dataset.events), x_range),
    )
    st.plotly_chart(
        on_screen("decisions", decisions, page.view_key, period),
        theme=None,
        key="decisions_chart",
        config=PLOTLY_CONFIG,
    )
    chart_export_panel(page, "decisions", decisions, "decisions over time")
    st.subheader("By state", anchor=False)
    states = built_once("states", page.view_key, build=lambda: state_figure(state_breakdown(pairs)))
    st.plotly_chart(on_screen("states", states, page.view_key), theme=None, key="state_chart", config=PLOTLY_CONFIG)
    chart_export_panel(page, "states", states, "ties by state")
    st.subheader("The data behind these charts", anchor=False)
    data_export_panel(page, "timeline")


@st.fragment(key=LANES_VIEW)
def _lanes(page: Frame, chosen: dict[str, str]) -> None:
    """The two view controls, the share box and the lane chart with its export panel. The period
    also sets the charts below, so it reruns the page; the order reruns this alone. `chosen`
    receives the period for the rest of the page."""
    dataset, pairs = page.dataset, page.pairs
    left, right = st.columns([2, 3])
    sort = url_choice(TIMELINE_SORT, left, on_change=lambda: st.rerun([LANES_VIEW, EMBED_BOX]))
    period = chosen["period"] = url_choice(TIMELINE_PERIOD, right, on_change=rerun_page)
    share_link(page)
    x_range = period_range(period)

    if pairs.empty:
        st.info("No ties match the filters. Clear a filter in the sidebar to see more.")
        return
    if len(pairs) > MAX_LANES:
        st.info(
            f"{len(pairs):,} ties match; the timeline shows the first {MAX_LANES} in this order. "
            "Narrow the filters to see the others. The charts below count them all.",
            icon=":material/filter_alt:",
        )

    def lanes_figure():
        # Ordering every tie to pick the first lanes is the costly part at scale: made once per view too.
        lanes = order_lanes(pairs, dataset.events, sort).head(MAX_LANES) if len(pairs) > MAX_LANES else pairs
        return timeline_figure(lanes, dataset.events, dataset.sources, sort, x_range, asof=page.filters.asof)

    timeline = built_once("timeline", page.view_key, sort, period, build=lanes_figure)
    if len(pairs) > 1:
        st.caption("On a narrow screen, swipe the chart sideways to see every date.")
    with st.container(key="wide-chart"):
        st.plotly_chart(
            on_screen("timeline", timeline, page.view_key, sort, period),
            theme=None,
            key="timeline_chart",
            on_select=lambda: _pick("timeline_chart"),
            selection_mode="points",
            config=PLOTLY_CONFIG,
        )
    chart_export_panel(page, "timeline", timeline, "the timeline")
