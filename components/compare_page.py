"""The compare page's body: chosen ties side by side, on one time axis."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.app_data import built_once, once_per_version
from components.detail_panel import source_item
from components.export_panel import chart_export_panel
from components.frame import Frame, pair_url, share_view
from components.url_state import set_selected_pairs
from sistercities.compare import MAX_COMPARE, compare_selection, pair_strip, shared_range
from sistercities.details import (
    EVENT_TYPE_LABELS,
    date_text,
    decision_line,
    event_line,
    evidence_line,
    pair_detail,
    ukrainian_partners,
    us_place_name,
)
from sistercities.escaping import escape_markdown
from sistercities.filters import FilterState, apply_filters
from sistercities.outcomes import OUTCOME_COLORS, OUTCOME_LABELS
from sistercities.ties import tie_labels
from sistercities.timeline import timeline_figure

# Every option travels to the browser: past a few thousand the chooser costs megabytes and is
# searched, not scrolled, anyway.
MAX_OPTIONS = 2000


def render_compare_page(page: Frame) -> None:
    dataset = page.dataset
    st.title("Compare ties")
    st.caption(
        "Neighbours facing the same choice decided differently. Pick up to "
        f"{MAX_COMPARE} ties; the link keeps your choice and its order."
    )
    labels = once_per_version("labels", build=lambda: dict(zip(dataset.pairs["pair_id"], tie_labels(dataset.pairs))))
    current = compare_selection(page.filters.pairs, set(labels))
    # Offer the ties the sidebar filters keep, plus whatever is already chosen.
    options = list(dict.fromkeys([*current, *page.pairs["pair_id"].head(MAX_OPTIONS)]))
    if len(page.pairs) > MAX_OPTIONS:
        st.caption(
            f"{len(page.pairs):,} ties match the filters; the list offers the first {MAX_OPTIONS:,}. Narrow the "
            "filters to find others."
        )
    chosen = tuple(
        st.multiselect(
            "Ties to compare",
            options,
            default=list(current),
            format_func=labels.get,
            max_selections=MAX_COMPARE,
            placeholder="Choose ties to compare",
        )
    )
    if chosen != page.filters.pairs and (page.filters.pairs or chosen != current):
        # The page goes on with the new choice: cached descriptions and exports are keyed by it.
        page = replace(page, filters=set_selected_pairs(page.filters, chosen))
    share_view(page)
    if not chosen:
        st.info("Choose at least one tie above.")
        return

    x_range = shared_range(dataset.events, chosen)
    columns = st.columns(len(chosen), gap="medium")
    for column, pair_id in zip(columns, chosen):
        with column.container(border=True, key=f"compare-{pair_id}"):
            _tie_card(page, pair_id, labels[pair_id], x_range)

    chosen_pairs = apply_filters(dataset.pairs, dataset.events, FilterState(asof=page.filters.asof), dataset.marks)
    chosen_pairs = chosen_pairs.set_index("pair_id").loc[list(chosen)].reset_index()

    def comparison():  # drawn only for export, so made only when a download asks for it
        figure = timeline_figure(
            chosen_pairs, dataset.events, dataset.sources, "decision", x_range, asof=page.filters.asof
        )
        return figure.update_yaxes(categoryarray=list(reversed([labels[p] for p in chosen])))

    chart_export_panel(page, "compare", comparison, "this comparison", pairs=chosen_pairs)


def _tie_card(page: Frame, pair_id: str, label: str, x_range) -> None:
    """One tie's card: what it decided, the place and partner, its strip, events and sources."""
    dataset = page.dataset
    detail = once_per_version("detail", pair_id, build=lambda: pair_detail(dataset, pair_id))
    pair = detail.pair
    st.markdown(f"#### {escape_markdown(label)}")
    colour = OUTCOME_COLORS[str(pair["outcome"])]
    st.html(
        # Dark text on a white badge with a coloured swatch: white text on the palette's orange
        # and grey fell below WCAG's 4.5:1, and the words carry the outcome, not the colour.
        # Our own palette and label only (st.html: no 184 KB markdown HTML parser for a badge).
        f"<span style='border:2px solid {colour};color:#1F1F1F;padding:1px "
        "8px;border-radius:4px;font-weight:600'>"
        f"<span aria-hidden='true' style='display:inline-block;width:0.8em;height:0.8em;background:{colour};"
        f"border-radius:2px;margin-right:6px'></span>{OUTCOME_LABELS[str(pair['outcome'])]}</span>"
    )
    facts = [escape_markdown(decision_line(pair)), escape_markdown(evidence_line(pair))]
    facts.append(f"{escape_markdown(us_place_name(pair['us_level'], pair['us_place']))}, {pair['us_state']}")
    facts.append(f"Partner: {escape_markdown(pair['ru_place'])}, {escape_markdown(pair['ru_region'])}")
    facts.append("Start year not reported" if pd.isna(pair["established"]) else f"Tie since {pair['established']}")
    st.markdown("\n".join(f"- {fact}" for fact in facts))
    st.markdown(escape_markdown(pair["summary"]))
    partners = ukrainian_partners(detail.events)
    if not partners.empty:
        st.markdown(
            "**A Ukrainian partner**\n"
            + "\n".join(
                f"- {escape_markdown(p.ukrainian_place)}: {escape_markdown(p.stage)} "
                f"({date_text(p.date, p.date_precision)})"
                for p in partners.itertuples(index=False)
            )
        )
    st.plotly_chart(
        built_once(
            "strip",
            page.view_key,
            pair_id,
            str(x_range),
            build=lambda pair_id=pair_id: pair_strip(pair_id, dataset.events, x_range),
        ),
        theme=None,
        key=f"strip-{pair_id}",
        config={"displayModeBar": False},
    )
    if not detail.events.empty:
        st.markdown(
            "\n".join(
                f"- **{date_text(e.date, e.date_precision)}** {EVENT_TYPE_LABELS[str(e.type)]}: "
                f"{escape_markdown(event_line(e))}"
                for e in detail.events.itertuples(index=False)
            )
        )
    st.markdown("**Sources**")
    st.markdown("\n".join(source_item(s) for s in detail.sources.to_dict("records")))
    st.markdown(f"[Link to this tie's record](<{pair_url(pair_id)}>)")
