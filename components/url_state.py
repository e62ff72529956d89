"""The one place that maps the link to the sidebar's widgets and back.

A link seeds the widgets; a widget change rewrites the link; a page that chooses ties (a click on
the map, a timeline lane, a table row, the compare chooser) writes them as `pair=`. The filter model
itself (parsing, writing, applying) is sistercities.filters, which knows nothing of Streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from components.app_data import built_once
from sistercities import clock
from sistercities.escaping import escape_markdown
from sistercities.filters import EARLIEST_ASOF, PASS_THROUGH_PARAMS, FilterState, parse_query_params, to_query_params
from sistercities.loader import Dataset
from sistercities.outcomes import (
    ACTOR_CODES,
    ACTOR_DEFINITIONS,
    ACTOR_LABELS,
    EVIDENCE_CODES,
    EVIDENCE_DEFINITIONS,
    EVIDENCE_LABELS,
    OUTCOME_CODES,
    OUTCOME_LABELS,
    US_LEVELS,
)
from sistercities.schema import us_state_names
from sistercities.views import VIEW_PARAMS, ViewChoice, choices_of, foreign_choice_notice

# Session-state keys of the sidebar's widgets, by FilterState field.
WIDGET_KEYS = {
    "outcomes": "f_outcome",
    "actors": "f_actor",
    "evidence": "f_evidence",
    "states": "f_state",
    "levels": "f_level",
    "query": "f_q",
    "date_from": "f_from",
    "date_to": "f_to",
    "asof_on": "f_asof_on",
    "asof": "f_asof",
}


def choose_pair(pair_id: str) -> None:
    """A reader picked a tie (a map line, a timeline lane, a table row): it goes into the link as
    `pair=`, so the address names it, and the frame takes that address as its own."""
    st.session_state["f_pairs"] = (pair_id,)
    st.query_params["pair"] = pair_id
    written = dict(st.session_state.get("_f_written") or {})
    written["pair"] = pair_id
    st.session_state["_f_written"] = written


def rerun_page() -> None:
    """For a callback in a fragment whose click changes more than the fragment (a tie chosen on a
    chart, the timeline's period): the whole page runs again."""
    st.rerun()


def _seed_widgets(state: FilterState) -> None:
    st.session_state[WIDGET_KEYS["outcomes"]] = list(state.outcomes)
    st.session_state[WIDGET_KEYS["actors"]] = list(state.actors)
    st.session_state[WIDGET_KEYS["evidence"]] = list(state.evidence)
    st.session_state[WIDGET_KEYS["states"]] = list(state.states)
    st.session_state[WIDGET_KEYS["levels"]] = list(state.levels)
    st.session_state[WIDGET_KEYS["query"]] = state.query
    st.session_state[WIDGET_KEYS["date_from"]] = state.date_from
    st.session_state[WIDGET_KEYS["date_to"]] = state.date_to
    st.session_state[WIDGET_KEYS["asof_on"]] = state.asof is not None
    st.session_state[WIDGET_KEYS["asof"]] = state.asof or clock.today()
    st.session_state["f_pairs"] = tuple(state.pairs)


def _clear_filters() -> None:
    _seed_widgets(FilterState())


def filter_sidebar(
    dataset: Dataset, data_version: tuple, page_file: str, today: dt.date
) -> tuple[FilterState, list[str]]:
    raw = st.query_params.to_dict()
    # Made once per data version: as Python sets, 100,000 ties cost 0.2 s on every run.
    known_ids = built_once("pair_ids", data_version, build=lambda: frozenset(dataset.pairs["pair_id"]))
    known_states = built_once("us_states", data_version, build=lambda: frozenset(dataset.pairs["us_state"]))
    url_state, notices = parse_query_params(raw, known_ids, today)
    own_choices = {choice.param for choice in choices_of(page_file)}
    notices += [foreign_choice_notice(key) for key in raw if key in VIEW_PARAMS and key not in own_choices]
    canonical = to_query_params(url_state)
    # The URL wins when it changed from outside (a shared link, the back button, a page link) or
    # when the reader arrives on another page; otherwise the widgets hold the reader's choices.
    if st.session_state.get("_f_written") != canonical or st.session_state.get("_f_page") != page_file:
        _seed_widgets(url_state)

    _filter_widgets(known_states)
    state = _state_from_widgets()
    if state.date_from and state.date_to and state.date_from > state.date_to:
        st.sidebar.caption("“Decided from” is after “Decided to”; the date range is ignored.")
        state = replace(state, date_from=None, date_to=None)

    written = to_query_params(state)
    kept = {k: v for k, v in raw.items() if k in PASS_THROUGH_PARAMS or k in own_choices}
    if {**written, **kept} != raw:
        st.query_params.from_dict({**written, **kept})
    st.session_state["_f_written"] = written
    st.session_state["_f_page"] = page_file
    return state, notices


def _filter_widgets(known_states: frozenset[str]) -> None:
    """The sidebar's filter widgets, each keyed by WIDGET_KEYS (their values live in session state)."""
    sidebar = st.sidebar
    # (label, codes, key, their words, placeholder, help): the coded filters, drawn alike.
    coded = (
        ("Outcome", OUTCOME_CODES, "outcomes", OUTCOME_LABELS, "All outcomes", None),
        (
            "Decided by",
            ACTOR_CODES,
            "actors",
            ACTOR_LABELS,
            "Anyone",
            "Who made the latest decision: "
            + "; ".join(ACTOR_DEFINITIONS.values())
            + ". Ties without a decision have no one here.",
        ),
        (
            "Evidence",
            EVIDENCE_CODES,
            "evidence",
            EVIDENCE_LABELS,
            "Any evidence",
            "How well the record knows the outcome: "
            + "; ".join(f"{EVIDENCE_LABELS[c].lower()}: {EVIDENCE_DEFINITIONS[c]}" for c in EVIDENCE_CODES)
            + ". Ties with nothing found (unknown) have no grade.",
        ),
    )
    for label, codes, name, words, placeholder, help_text in coded:
        sidebar.multiselect(
            label, codes, key=WIDGET_KEYS[name], format_func=words.get, placeholder=placeholder, help=help_text
        )
    states_in_data = sorted(known_states | set(st.session_state[WIDGET_KEYS["states"]]))
    state_names = us_state_names()
    # Named as well as coded, so typing "California" or "CA" finds it.
    sidebar.multiselect(
        "US state",
        states_in_data,
        key=WIDGET_KEYS["states"],
        format_func=lambda code: f"{state_names.get(code, code)} ({code})",
        placeholder="All states",
    )
    sidebar.multiselect(
        "US level",
        US_LEVELS,
        key=WIDGET_KEYS["levels"],
        format_func=str.capitalize,
        placeholder="Cities, counties and states",
    )
    sidebar.text_input(
        "Search places",
        key=WIDGET_KEYS["query"],
        max_chars=100,
        placeholder="e.g. Yekaterinburg",
        help="Matches US and Russian place names and their other spellings.",
    )
    # One above the other: side by side in the sidebar, each field cut its own date short ("yyyy - mm -").
    sidebar.date_input("Decided from", key=WIDGET_KEYS["date_from"], min_value=dt.date(1950, 1, 1), format="YYYY-MM-DD")
    sidebar.date_input("Decided to", key=WIDGET_KEYS["date_to"], min_value=dt.date(1950, 1, 1), format="YYYY-MM-DD")
    sidebar.toggle("Show status on a past day", key=WIDGET_KEYS["asof_on"])
    if st.session_state[WIDGET_KEYS["asof_on"]]:
        sidebar.slider(
            "Status as of",
            min_value=EARLIEST_ASOF,
            max_value=clock.today(),
            key=WIDGET_KEYS["asof"],
            format="YYYY-MM-DD",
        )
    sidebar.button("Clear filters", on_click=_clear_filters, icon=":material/filter_alt_off:")


def _state_from_widgets() -> FilterState:
    return FilterState(
        outcomes=tuple(st.session_state[WIDGET_KEYS["outcomes"]]),
        actors=tuple(st.session_state[WIDGET_KEYS["actors"]]),
        evidence=tuple(st.session_state[WIDGET_KEYS["evidence"]]),
        states=tuple(st.session_state[WIDGET_KEYS["states"]]),
        levels=tuple(st.session_state[WIDGET_KEYS["levels"]]),
        query=" ".join(str(st.session_state[WIDGET_KEYS["query"]] or "").split()),
        date_from=st.session_state[WIDGET_KEYS["date_from"]],
        date_to=st.session_state[WIDGET_KEYS["date_to"]],
        pairs=tuple(st.session_state.get("f_pairs", ())),
        asof=st.session_state[WIDGET_KEYS["asof"]] if st.session_state[WIDGET_KEYS["asof_on"]] else None,
    )


def set_selected_pairs(state: FilterState, pair_ids: tuple[str, ...]) -> FilterState:
    """For pages that choose pairs (compare): the choice travels in the URL as `pair=`, and the
    frame takes the new URL as its own rather than as a link from outside."""
    new_state = replace(state, pairs=tuple(pair_ids))
    st.session_state["f_pairs"] = tuple(pair_ids)
    written = to_query_params(new_state)
    if pair_ids:
        st.query_params["pair"] = written["pair"]
    elif "pair" in st.query_params:
        del st.query_params["pair"]
    st.session_state["_f_written"] = written
    return new_state


# Session-state keys of the pages' view controls, by link parameter.
CHOICE_KEYS = {"view": "map_view", "period": "tl_period", "sort": "tl_sort"}


def url_choice(choice: ViewChoice, where=st, on_change=None) -> str:
    """A page's view control (segmented), synced with its link parameter like the filters: the link
    seeds it when the link changed from outside, a click rewrites the link (nothing for the
    default), and a value that is not one of ours is dropped with a notice. `on_change` says what
    a click reruns, when the control sits in a fragment (see st.rerun)."""
    raw = st.query_params.get(choice.param)
    value, notice = choice.parse(raw)
    key = CHOICE_KEYS[choice.param]
    seen = f"_choice_written_{choice.param}"
    if key not in st.session_state or st.session_state.get(seen, "") != raw:
        st.session_state[key] = value
    if notice:
        st.warning(escape_markdown(notice), icon=":material/link_off:")
    chosen = (
        where.segmented_control(
            choice.label,
            list(choice.options),
            format_func=choice.options.get,
            key=key,
            required=True,
            on_change=on_change,
        )
        or choice.default
    )
    link = choice.link_value(chosen)
    if link is None:
        if choice.param in st.query_params:
            del st.query_params[choice.param]
    elif st.query_params.get(choice.param) != link:
        st.query_params[choice.param] = link
    st.session_state[seen] = link
    return chosen
