"""The shared frame every page calls first: page set-up, data, navigation, and the filter sidebar.

The filters live in one model (components.filters) and are synced both ways with the URL: a link
seeds the widgets, a widget change rewrites the link, and the navigation links carry the filters to
the next page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from components.app_data import built_once, data_key, get_dataset
from components.filters import (
    EARLIEST_ASOF,
    PASS_THROUGH_PARAMS,
    FilterState,
    apply_filters,
    parse_query_params,
    to_query_params,
)
from components.loader import Dataset
from components.outcomes import ACTOR_CODES, ACTOR_LABELS, OUTCOME_CODES, OUTCOME_LABELS, US_LEVELS
from components.schema import Defect
from components.text import escape_markdown

SITE_TITLE = "US–Russia sister cities after the invasion"

# Streamlit fades captions to 60 % of the text colour, #797979 on white (4.35:1, under WCAG AA's
# 4.5:1); #595959 is 7:1 on white and 6.3:1 on the sidebar's #F4F4F2. Our own fixed CSS, no data.
# On a phone, button rows wrap instead of running off the screen, and wide charts (the timeline's
# lanes need their labels and some room) scroll sideways inside their own box.
SITE_CSS = """<style>
div[data-testid="stCaptionContainer"] { opacity: 1; color: #595959; }
div[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
@media (max-width: 700px) {
  div.st-key-wide-chart { overflow-x: auto; }
  div.st-key-wide-chart > div, div.st-key-wide-chart div[data-testid="stPlotlyChart"] { min-width: 720px; }
}
</style>"""

# (file, label, icon): the app's own navigation, in reading order.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard.py", "Overview", ":material/home:"),
    ("pages/map.py", "Map", ":material/map:"),
    ("pages/timeline.py", "Timeline", ":material/timeline:"),
    ("pages/compare.py", "Compare", ":material/compare_arrows:"),
    ("pages/data.py", "Data & sources", ":material/table:"),
)

DATA_PAGE = "pages/data.py"

_KEYS = {
    "outcomes": "f_outcome",
    "actors": "f_actor",
    "states": "f_state",
    "levels": "f_level",
    "query": "f_q",
    "date_from": "f_from",
    "date_to": "f_to",
    "asof_on": "f_asof_on",
    "asof": "f_asof",
}


@dataclass(frozen=True)
class Frame:
    dataset: Dataset
    filters: FilterState
    pairs: pd.DataFrame  # the filtered pairs, with a `status` column
    notices: tuple[str, ...]
    page_file: str = "dashboard.py"
    embedded: bool = False
    data_key: tuple = ()

    @property
    def view_key(self) -> tuple:
        """This view's data version, filters and day (a status 'today' changes at midnight)."""
        return (self.data_key, tuple(sorted(to_query_params(self.filters).items())), dt.date.today().isoformat())

    @property
    def view_url(self) -> str:
        """The absolute address of exactly this view (page and filters)."""
        return site_base() + page_url(self.page_file, to_query_params(self.filters))

    @property
    def chosen_pair(self) -> str | None:
        """The tie the link names (`pair=`; the first, when it names several), or None."""
        return self.filters.pairs[0] if self.filters.pairs else None


def pair_url(pair_id: str) -> str:
    """The absolute address of one tie's record: /data?pair=ID, with nothing else in it."""
    return site_base() + page_url(DATA_PAGE, {"pair": pair_id})


def choose_pair(pair_id: str) -> None:
    """A reader picked a tie (a map line, a timeline lane, a table row): it goes into the link as
    `pair=`, so the address names it, and the frame takes that address as its own."""
    st.session_state["f_pairs"] = (pair_id,)
    st.query_params["pair"] = pair_id
    written = dict(st.session_state.get("_f_written") or {})
    written["pair"] = pair_id
    st.session_state["_f_written"] = written


def site_base() -> str:
    """scheme://host of the address the reader used, so shared links and embeds point back here."""
    url = getattr(st.context, "url", None) or ""
    match = re.match(r"^(https?://[^/?#]+)", url)
    return match.group(1) if match else "http://localhost:8501"


def frame(page_title: str, page_file: str) -> Frame:
    # ?embed=true (an iframe in an article): Streamlit drops its own chrome, the sidebar starts closed.
    # (Streamlit keeps `embed` out of st.query_params; st.context knows.)
    embedded = bool(getattr(st.context, "is_embedded", False))
    st.set_page_config(
        page_title=f"{page_title} · {SITE_TITLE}",
        page_icon=":material/handshake:",
        layout="wide",
        # "auto": open on a wide screen, closed on a phone, where it would cover the page.
        initial_sidebar_state="collapsed" if embedded else "auto",
    )
    st.html(SITE_CSS)
    dataset, defects, data_dir = get_dataset()
    if dataset is None:
        show_defects(defects, data_dir)
        st.stop()

    nav = st.sidebar.container()
    st.sidebar.markdown("**Filter the ties**")
    count_slot = st.sidebar.empty()
    data_version = data_key(data_dir)
    state, notices = _filter_sidebar(dataset, data_version, page_file)
    filtered = apply_filters(dataset.pairs, dataset.events, state, dataset.marks)
    with nav:
        _navigation(state, page_file)
    count_slot.markdown(f"**{len(filtered)} of {len(dataset.pairs)} ties** match the filters")
    if len(notices) == 1:
        st.warning(escape_markdown(notices[0]), icon=":material/link_off:")
    elif notices:  # one box, not a wall of them, for a badly mangled link
        lines = "\n".join(f"- {escape_markdown(notice)}" for notice in notices)
        st.warning(f"Parts of this link were ignored; showing the rest.\n\n{lines}", icon=":material/link_off:")
    page = Frame(dataset, state, filtered, tuple(notices), page_file, embedded, data_version)
    if embedded:
        described = state.describe()
        st.caption(
            f"{len(filtered)} of {len(dataset.pairs)} ties" + (f" · {escape_markdown(described)}" if described else "")
            + f" · [Open the full dashboard]({page.view_url})"
        )
    _embed_snippet(page)
    return page


def embed_snippet(view_url: str, height: int = 720) -> str:
    """An iframe of exactly this view (filters included), with Streamlit's embed mode on."""
    separator = "&" if "?" in view_url else "?"
    src = html.escape(f"{view_url}{separator}embed=true", quote=True)
    return f'<iframe src="{src}" width="100%" height="{height}" style="border:0" title="{html.escape(SITE_TITLE)}" loading="lazy"></iframe>'


def _embed_snippet(page: Frame) -> None:
    # Lazy: drawn when opened, so no page load pays for the code box's highlighter script (1.5 MB).
    panel = st.sidebar.expander("Embed this view", icon=":material/code:", key="embed_view", on_change="rerun")
    if panel.open:
        with panel:
            st.caption("Paste into an article: it opens to exactly this view.")
            st.code(embed_snippet(page.view_url), language="html", wrap_lines=True)


def show_defects(defects: list[Defect], data_dir: Path) -> None:
    """The data could not be loaded: say what is wrong, plainly, and nothing else."""
    st.title(SITE_TITLE)
    lines = "\n".join(f"- {escape_markdown(d)}" for d in defects[:200])
    more = f"\n\n…and {len(defects) - 200} more." if len(defects) > 200 else ""
    st.error(
        f"**The data in {escape_markdown(data_dir)} could not be loaded: "
        f"{len(defects)} defect(s).** Fix these and reload.\n\n{lines}{more}",
        icon=":material/error:",
    )


def _navigation(state: FilterState, page_file: str) -> None:
    params = to_query_params(state)
    st.markdown(f"**{SITE_TITLE}**")
    for file, label, icon in PAGES:
        # The current page stays a link (Streamlit marks it as current): drawn disabled, its grey
        # #9f9f9e on #f4f4f2 was 2.4:1, unreadable for many.
        page_link(file, label, icon, params)
    st.divider()


def page_url(file: str, params: dict[str, str]) -> str:
    """The URL path Streamlit serves a page file at: 'pages/map.py' -> '/map', with the filters."""
    path = "/" if file == "dashboard.py" else "/" + Path(file).stem
    return path + ("?" + urlencode(params) if params else "")


def page_link(file: str, label: str, icon: str, params: dict[str, str]) -> None:
    try:
        st.page_link(file, label=label, icon=icon, query_params=params)
    except StreamlitPageNotFoundError:
        # A page run on its own (AppTest.from_file on one page) knows no siblings: a plain link.
        st.markdown(f"[{escape_markdown(label)}]({page_url(file, params)})")


def _seed_widgets(state: FilterState) -> None:
    st.session_state[_KEYS["outcomes"]] = list(state.outcomes)
    st.session_state[_KEYS["actors"]] = list(state.actors)
    st.session_state[_KEYS["states"]] = list(state.states)
    st.session_state[_KEYS["levels"]] = list(state.levels)
    st.session_state[_KEYS["query"]] = state.query
    st.session_state[_KEYS["date_from"]] = state.date_from
    st.session_state[_KEYS["date_to"]] = state.date_to
    st.session_state[_KEYS["asof_on"]] = state.asof is not None
    st.session_state[_KEYS["asof"]] = state.asof or dt.date.today()
    st.session_state["f_pairs"] = tuple(state.pairs)


def _clear_filters() -> None:
    _seed_widgets(FilterState())


def _filter_sidebar(dataset: Dataset, data_version: tuple, page_file: str) -> tuple[FilterState, list[str]]:
    raw = st.query_params.to_dict()
    # Made once per data version: as Python sets, 100,000 ties cost 0.2 s on every run.
    known_ids = built_once("pair_ids", data_version, build=lambda: frozenset(dataset.pairs["pair_id"]))
    known_states = built_once("us_states", data_version, build=lambda: frozenset(dataset.pairs["us_state"]))
    url_state, notices = parse_query_params(raw, known_ids)
    canonical = to_query_params(url_state)
    # The URL wins when it changed from outside (a shared link, the back button, a page link) or
    # when the reader arrives on another page; otherwise the widgets hold the reader's choices.
    if st.session_state.get("_f_written") != canonical or st.session_state.get("_f_page") != page_file:
        _seed_widgets(url_state)

    sidebar = st.sidebar
    # (label, codes, key, their words, placeholder, help): the coded filters, drawn alike.
    coded = (
        ("Outcome", OUTCOME_CODES, "outcomes", OUTCOME_LABELS, "All outcomes", None),
        ("Decided by", ACTOR_CODES, "actors", ACTOR_LABELS, "Anyone",
         "Who made the latest decision: the US government side (council, board, mayor, governor), the volunteer "
         "sister-city association, a state law, or the Russian side. Ties without a decision have no one here."),
    )
    for label, codes, name, words, placeholder, help_text in coded:
        sidebar.multiselect(label, codes, key=_KEYS[name], format_func=words.get, placeholder=placeholder, help=help_text)
    states_in_data = sorted(known_states | set(st.session_state[_KEYS["states"]]))
    sidebar.multiselect("US state", states_in_data, key=_KEYS["states"], placeholder="All states")
    sidebar.multiselect(
        "US level", US_LEVELS, key=_KEYS["levels"], format_func=str.capitalize, placeholder="Cities, counties and states"
    )
    sidebar.text_input(
        "Search places",
        key=_KEYS["query"],
        max_chars=100,
        placeholder="e.g. Yekaterinburg",
        help="Matches US and Russian place names and their other spellings.",
    )
    # One above the other: side by side in the sidebar, each field cut its own date short ("yyyy - mm -").
    sidebar.date_input("Decided from", key=_KEYS["date_from"], min_value=dt.date(1950, 1, 1), format="YYYY-MM-DD")
    sidebar.date_input("Decided to", key=_KEYS["date_to"], min_value=dt.date(1950, 1, 1), format="YYYY-MM-DD")
    sidebar.toggle("Show status on a past day", key=_KEYS["asof_on"])
    if st.session_state[_KEYS["asof_on"]]:
        sidebar.slider(
            "Status as of",
            min_value=EARLIEST_ASOF,
            max_value=dt.date.today(),
            key=_KEYS["asof"],
            format="YYYY-MM-DD",
        )
    sidebar.button("Clear filters", on_click=_clear_filters, icon=":material/filter_alt_off:")

    state = FilterState(
        outcomes=tuple(st.session_state[_KEYS["outcomes"]]),
        actors=tuple(st.session_state[_KEYS["actors"]]),
        states=tuple(st.session_state[_KEYS["states"]]),
        levels=tuple(st.session_state[_KEYS["levels"]]),
        query=" ".join(str(st.session_state[_KEYS["query"]] or "").split()),
        date_from=st.session_state[_KEYS["date_from"]],
        date_to=st.session_state[_KEYS["date_to"]],
        pairs=tuple(st.session_state.get("f_pairs", ())),
        asof=st.session_state[_KEYS["asof"]] if st.session_state[_KEYS["asof_on"]] else None,
    )
    if state.date_from and state.date_to and state.date_from > state.date_to:
        sidebar.caption("“Decided from” is after “Decided to”; the date range is ignored.")
        state = replace(state, date_from=None, date_to=None)

    written = to_query_params(state)
    kept = {k: v for k, v in raw.items() if k in PASS_THROUGH_PARAMS}
    if {**written, **kept} != raw:
        st.query_params.from_dict({**written, **kept})
    st.session_state["_f_written"] = written
    st.session_state["_f_page"] = page_file
    return state, notices


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
