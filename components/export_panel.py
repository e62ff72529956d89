"""Export panels: every chart and the data, out of the app and into an article."""

from __future__ import annotations

import logging
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from components.app_data import built_once, download_once
from components.frame import DATA_PAGE, Frame, page_url, site_base
from sistercities import descriptions, filenames, framing, images, tables
from sistercities.escaping import escape_markdown
from sistercities.filters import to_query_params
from sistercities.record import source_line
from sistercities.summaries import download_label

PLOTLY_CONFIG = {
    "displaylogo": False,
    # plotly's own camera button: an SVG at 2x, so even it gives print quality.
    "toImageButtonOptions": {"format": "svg", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "topojsonURL": "app/static/topojson/",
}


@st.cache_resource(show_spinner=False)
def _warm_image_server() -> bool:
    """Once per server process, start kaleido's browser in the background (never blocks a page)."""
    if images.chrome_path() is None:
        logging.getLogger(__name__).warning(images.CHROME_HELP_OPERATOR)
        return False
    images.start_image_server_in_background()
    return True


def chart_export_panel(
    page: Frame, chart: str, figure: go.Figure | Callable[[], go.Figure], label: str, pairs=None
) -> None:
    """Download PNG (640, 1200 and 2400 px), SVG and self-contained HTML of a framed chart, with alt
    text; the title and subtitle are the reader's to edit first. `figure` may be a function that
    makes it: a chart drawn only for export is then made only when a reader clicks a download.
    `pairs` are the ties the chart shows, when not the filtered ones (the compare chart)."""
    has_browser = _warm_image_server()
    dataset = page.dataset
    shown = page.pairs if pairs is None else pairs
    # The chart's text alternative, on the page for screen readers (and anyone), not only in the panel.
    description = built_once(
        f"alt_{chart}", page.view_key, build=lambda: descriptions.alt_text(chart, shown, dataset.events, page.filters)
    )
    st.caption(f"Chart description: {escape_markdown(description)}")
    _export_panel(page, chart, figure, label, shown, description, has_browser)


@st.fragment
def _export_panel(
    page: Frame,
    chart: str,
    figure: go.Figure | Callable[[], go.Figure],
    label: str,
    shown,
    description: str,
    has_browser: bool,
) -> None:
    """The panel itself, a fragment: opening it and editing its title rerun the panel alone."""
    dataset = page.dataset
    # Lazy: the panel's work (alt text, the code box and its 1.5 MB highlighter script) runs only
    # once a reader opens it, not on every page load.
    panel = st.expander(f"Export {label}", icon=":material/download:", key=f"export-{chart}", on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.caption("Alt text for this chart, generated from the data (use the copy button):")
        st.code(description, language=None, wrap_lines=True)
        title, subtitle = _edited_headline(page, chart, shown)
        source = source_line(dataset.meta, site_base() + page_url(DATA_PAGE, {}))

        def framed(width: int) -> go.Figure:
            chart_figure = figure() if callable(figure) else figure
            return framing.framed(
                chart_figure, title, subtitle, dataset.last_updated, dataset.version, width, source=source
            )

        _image_buttons(page, chart, framed, has_browser, title, description)
        if not has_browser:
            st.info(images.CHROME_HELP, icon=":material/info:")


def _edited_headline(page: Frame, chart: str, shown) -> tuple[str, str]:
    """The title and subtitle the pictures carry: generated from the data, editable by the reporter
    (cut to a length a picture holds; escaped where drawn)."""
    title = descriptions.finding_title(shown)
    subtitle = framing.subtitle_for(page.filters, len(shown), len(page.dataset.pairs))
    left, right = st.columns(2)
    # Keyed by the generated text: when the filters change the finding, the box starts from the new one.
    typed_title = left.text_input(
        "Title", value=title, max_chars=framing.MAX_TITLE, key=f"title-{chart}-{framing.digest(title)}"
    )
    typed_subtitle = right.text_input(
        "Subtitle", value=subtitle, max_chars=framing.MAX_SUBTITLE, key=f"subtitle-{chart}-{framing.digest(subtitle)}"
    )
    return (
        framing.reader_text(typed_title, title, framing.MAX_TITLE),
        framing.reader_text(typed_subtitle, subtitle, framing.MAX_SUBTITLE),
    )


def _image_buttons(
    page: Frame, chart: str, framed: Callable[[int], go.Figure], has_browser: bool, title: str, description: str
) -> None:
    today = page.today

    def name(extension: str, suffix: str = "") -> str:
        return filenames.file_name(chart, page.filters, today, extension, suffix)

    def image_button(column, label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
        # Images need Chromium (kaleido); without it the buttons stay, disabled, with the reason.
        column.download_button(
            label,
            data=make if has_browser else b"",
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            disabled=not has_browser,
            help=None if has_browser else images.CHROME_HELP,
            key=key,
        )

    for column, (width, scale, label) in zip(st.columns(len(images.PNG_SIZES)), images.PNG_SIZES):
        image_button(
            column,
            label,
            lambda w=width, s=scale: images.to_png(framed(w), w, s),
            name("png", f"{width * scale}px"),
            "image/png",
            f"png-{chart}-{width * scale}",
        )
    left, right = st.columns(2)
    image_button(
        left,
        "Download SVG",
        lambda: images.to_svg(framed(1200), 1200, title, description),
        name("svg"),
        "image/svg+xml",
        f"svg-{chart}",
    )
    right.download_button(
        "Download HTML",
        data=lambda: images.to_html(framed(1200), title),
        file_name=name("html"),
        mime="text/html",
        on_click="ignore",
        help="A self-contained page (plotly.js inlined) that works offline and as an iframe embed.",
        key=f"html-{chart}",
    )


def data_export_panel(page: Frame, key: str) -> None:
    """Download CSV and JSON of exactly the filtered ties, with their sources, and the dictionary."""
    dataset = page.dataset
    today = page.today
    view = page_url("pages/data.py", to_query_params(page.filters))
    left, middle, right = st.columns(3)
    left.download_button(
        download_label("CSV", len(page.pairs)),
        data=lambda: download_once(
            "csv",
            page.view_key,
            len(page.pairs),
            lambda: tables.to_csv(tables.export_table(page.pairs, dataset.sources)),
        ),
        file_name=filenames.file_name("ties", page.filters, today, "csv"),
        mime="text/csv",
        on_click="ignore",
        key=f"csv-{key}",
        icon=":material/table:",
    )
    middle.download_button(
        download_label("JSON", len(page.pairs)),
        data=lambda: download_once(
            "json",
            (page.view_key, view),
            len(page.pairs),
            lambda: tables.to_json(page.pairs, dataset.events, dataset.sources, dataset.meta, page.filters, view),
        ),
        file_name=filenames.file_name("ties", page.filters, today, "json"),
        mime="application/json",
        on_click="ignore",
        key=f"json-{key}",
        icon=":material/data_object:",
    )
    right.download_button(
        "Download CSV (data dictionary)",
        data=tables.dictionary_csv(),
        file_name=f"data-dictionary_{today.isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dictionary-{key}",
        icon=":material/menu_book:",
    )
