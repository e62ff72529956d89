"""The shared frame every page calls first: page set-up, data, navigation, and the filter sidebar.

The filters live in one model (sistercities.filters) and are synced both ways with the URL: a link
seeds the widgets, a widget change rewrites the link, and the navigation links carry the filters to
the next page.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from components.app_data import data_key, filtered_once, get_dataset, once_per_version
from components.copy_box import copy_box
from components.url_state import filter_sidebar
from sistercities import clock
from sistercities.escaping import escape_html, escape_markdown
from sistercities.filters import (
    FilterState,
    apply_filters,
    bounded_notices,
    search_text,
    to_query_params,
)
from sistercities.loader import Dataset
from sistercities.record import SITE_TITLE
from sistercities.schema import Defect
from sistercities.settings import SettingsError, settings

# Streamlit fades captions to 60 % of the text colour, #797979 on white (4.35:1, under WCAG AA's
# 4.5:1); #595959 is 7:1 on white and 6.3:1 on the sidebar's #F4F4F2. Our own fixed CSS, no data.
# On a phone, button rows wrap instead of running off the screen, and wide charts (the timeline's
# lanes need their labels and some room) scroll sideways inside their own box. A code box's copy
# button shows only while a mouse points at it: the shared link's always shows (one click), and on
# a touch screen, which has no pointing, every box's does.
SITE_CSS = """<style>
div[data-testid="stCaptionContainer"] { opacity: 1; color: #595959; }
div[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
div.st-key-share-view div[data-testid="stCode"] > pre + div { opacity: 1; visibility: visible; pointer-events: auto; }
@media (hover: none) {
  div[data-testid="stCode"] > pre + div { opacity: 1; visibility: visible; pointer-events: auto; }
}
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


@dataclass(frozen=True)
class Frame:
    dataset: Dataset
    filters: FilterState
    pairs: pd.DataFrame  # the filtered pairs, with a `status` column
    page_file: str = "dashboard.py"
    embedded: bool = False
    data_key: tuple = ()
    today: dt.date = field(default_factory=clock.today)  # the day this run began

    @property
    def view_key(self) -> tuple:
        """This view's data version, filters and day (a status 'today' changes at midnight)."""
        return view_cache_key(self.data_key, self.filters, self.today)

    @property
    def view_url(self) -> str:
        """The absolute address of exactly this view (page and filters)."""
        return site_base() + page_url(self.page_file, to_query_params(self.filters))

    @property
    def chosen_pair(self) -> str | None:
        """The tie the link names (`pair=`; the first, when it names several), or None."""
        return self.filters.pairs[0] if self.filters.pairs else None


def view_cache_key(data_version: tuple, filters: FilterState, today: dt.date) -> tuple:
    """Names one view for the caches: the data version, the filters as the link writes them, the day."""
    return (data_version, tuple(sorted(to_query_params(filters).items())), today.isoformat())


def pair_url(pair_id: str) -> str:
    """The absolute address of one tie's record: /data?pair=ID, with nothing else in it."""
    return site_base() + page_url(DATA_PAGE, {"pair": pair_id})


def site_base() -> str:
    """Where the app lives, so shared links, citations and embeds point back here: $SITE_URL when
    set (the public address behind a proxy, sub-path included), else the scheme and host the reader
    used plus Streamlit's server.baseUrlPath. Page paths (page_url) are added to it."""
    configured = settings().site_url  # checked at start: an http(s) address, no trailing slash
    if configured:
        return configured
    url = getattr(st.context, "url", None) or ""
    match = re.match(r"^(https?://[^/?#\s<>\"']+)", url)
    base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return (match.group(1) if match else "http://localhost:8501") + (f"/{base_path}" if base_path else "")


def frame(page_title: str, page_file: str) -> Frame:
    # ?embed=true (an iframe in an article): Streamlit drops its own chrome, the sidebar starts closed.
    # (Streamlit keeps `embed` out of st.query_params; st.context knows.)
    embedded = bool(getattr(st.context, "is_embedded", False))
    st.set_page_config(
        page_title=f"{page_title} · {SITE_TITLE}",
        # An emoji, drawn by the browser: a Material icon missing from the bundled font is fetched from Google.
        page_icon="🤝",
        layout="wide",
        # "auto": open on a wide screen, closed on a phone, where it would cover the page.
        initial_sidebar_state="collapsed" if embedded else "auto",
    )
    st.html(SITE_CSS)
    _check_settings()
    today = clock.today()  # one day for the whole run
    dataset, defects, data_dir = get_dataset()
    if dataset is None:
        show_defects(defects, data_dir)
        st.stop()

    nav = st.sidebar.container()
    st.sidebar.markdown("**Filter the ties**")
    count_slot = st.sidebar.empty()
    data_version = data_key(data_dir)
    state, notices = filter_sidebar(dataset, data_version, page_file, today)

    def filtered_ties() -> pd.DataFrame:
        # What the search looks at, made once per data version only when a search asks for it.
        search = once_per_version("search", build=lambda: search_text(dataset.pairs)) if state.query else None
        return apply_filters(dataset.pairs, dataset.events, state, dataset.marks, search)

    # The chosen tie (pair=) filters nothing: every tie chosen in one view shares that view's ties.
    filtered = filtered_once(view_cache_key(data_version, replace(state, pairs=()), today), filtered_ties)
    with nav:
        _navigation(state, page_file)
    count_slot.markdown(f"**{len(filtered)} of {len(dataset.pairs)} ties** match the filters")
    if len(notices) == 1:
        st.warning(escape_markdown(notices[0]), icon=":material/link_off:")
    elif notices:  # one box, not a wall of them, for a badly mangled link
        lines = "\n".join(f"- {escape_markdown(notice)}" for notice in bounded_notices(notices))
        st.warning(f"Parts of this link were ignored; showing the rest.\n\n{lines}", icon=":material/link_off:")
    page = Frame(dataset, state, filtered, page_file, embedded, data_version, today)
    if embedded:
        described = state.describe()
        st.caption(
            f"{len(filtered)} of {len(dataset.pairs)} ties"
            + (f" · {escape_markdown(described)}" if described else "")
            + f" · [Open the full dashboard]({page.view_url})"
        )
    return page


def _check_settings() -> None:
    """A bad setting stops the page with a neutral sentence; the log names the variable and value
    (tools/start.sh already refuses to start with one: `python -m sistercities.settings`)."""
    try:
        settings()
    except SettingsError:
        logging.getLogger(__name__).exception("the app's settings are not usable")
        st.error("This site is not set up correctly just now. Please try again later.", icon=":material/error:")
        st.stop()


# The sidebar's embed box is a fragment of its own: a page fragment that changes the link (the
# timeline's order, the map's view) reruns it too, by this key, so its code names the same view.
EMBED_BOX = "embed-box"


def share_view(page: Frame) -> None:
    """'Share this view': the full address of what the reader sees (filters, the chosen tie and
    the page's view choices), in a box with a one-click copy button, and the sidebar's embed code
    for the same view. Call it after the page's own view controls, so the link includes them."""
    share_link(page)
    embed_box(page)


def share_link(page: Frame) -> None:
    """The share box alone, for a page fragment that changes the link: it reruns with it."""
    with st.container(key="share-view"):
        st.caption("**Share this view** · this link reopens exactly what you see:")
        copy_box(_link_now(page.page_file), "Link to this view", key="share-link")


def embed_box(page: Frame) -> None:
    """The sidebar's 'Embed this view', drawn by the page's full run (a fragment cannot write to
    the sidebar); a fragment's link change reruns it by EMBED_BOX."""
    with st.sidebar:
        _embed_snippet(page.page_file)


def _link_now(page_file: str) -> str:
    """The page's address as the link stands now, view choices included."""
    params = {key: st.query_params.get(key) for key in st.query_params}
    return site_base() + page_url(page_file, {k: v for k, v in params.items() if v is not None})


def embed_snippet(view_url: str, height: int = 720) -> str:
    """An iframe of exactly this view (filters included), with Streamlit's embed mode on."""
    separator = "&" if "?" in view_url else "?"
    src = escape_html(f"{view_url}{separator}embed=true")
    title = escape_html(SITE_TITLE)
    return (
        f'<iframe src="{src}" width="100%" height="{height}" style="border:0" title="{title}" loading="lazy"></iframe>'
    )


@st.fragment(key=EMBED_BOX)
def _embed_snippet(page_file: str) -> None:
    # Lazy: drawn when opened, so no page load pays for the code box's highlighter script (1.5 MB).
    # Opening it reruns this fragment alone, which reads the link as it is then.
    panel = st.expander("Embed this view", icon=":material/code:", key="embed_view", on_change="rerun")
    if panel.open:
        with panel:
            st.caption("Paste into an article: it opens to exactly this view.")
            st.code(embed_snippet(_link_now(page_file)), language="html", wrap_lines=True)


def show_defects(defects: list[Defect], data_dir: Path) -> None:
    """The data could not be loaded: say what is wrong, plainly, and nothing else. Where the data
    lives on the server is the operator's business: it goes to the log, never to the page."""
    log = logging.getLogger(__name__)
    st.title(SITE_TITLE)
    if not data_dir.is_dir():
        log.error("the data folder %s does not exist (SISTER_CITIES_DATA_DIR)", data_dir)
        st.error("The data is not available just now. Please try again later.", icon=":material/error:")
        return
    log.error("the data in %s has %d defect(s); the first: %s", data_dir, len(defects), defects[0] if defects else "")
    lines = "\n".join(f"- {escape_markdown(d)}" for d in defects[:200])
    more = f"\n\n…and {len(defects) - 200} more." if len(defects) > 200 else ""
    st.error(
        f"**The data could not be loaded: {len(defects)} defect(s).** Fix these and reload.\n\n{lines}{more}",
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
