"""Exports for articles: framed charts as PNG, SVG and self-contained HTML; data as CSV and JSON.

Pure functions (figure or DataFrame in, bytes out). Images come from kaleido, which drives a local
Chromium; one kaleido server is kept alive so exports after the first are fast.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
from plotly.io._utils import validate_coerce_fig_to_dict

from components.basemap import TOPOJSON_DIR
from components.dictionary import COLUMNS
from components.filters import FilterState
from components.mapview import great_circle_paths
from components.dates import iso_text
from components.outcomes import ACTOR_CODES, ACTOR_LABELS, DECIDED_OUTCOMES, OUTCOME_CODES, OUTCOME_COLORS, OUTCOME_LABELS
from components.timeline import FONT

PROJECT = "US–Russia sister cities after the invasion"
SOURCE_LINE = "Source: news reports and council records, compiled by the US–Russia sister cities project"
PNG_WIDTHS = (640, 1200)
IMAGE_SCALE = 2
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHROME_HELP = (
    "Image export needs Chrome or Chromium on the server. On Debian: `apt-get install -y chromium`, "
    "then restart the app. HTML, CSV and JSON downloads work without it."
)

# ---------------------------------------------------------------- framing


def wrap(text: str, width_px: int, font_px: float) -> list[str]:
    """Lines that fit width_px at font_px (average glyph ~0.55 em): plotly does not wrap text."""
    limit = max(20, int(width_px / (font_px * 0.6)))
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def framed(
    figure: go.Figure, title: str, subtitle: str, data_date: str, version: str = "", width: int = 1200
) -> go.Figure:
    """A copy of the chart with the finding as title, the filters as subtitle and a source line,
    wrapped to the export's width."""
    out = go.Figure(copy.deepcopy(figure))
    title_lines = wrap(title, width - 30, 19)
    subtitle_lines = wrap(subtitle, width - 30, 13)
    credit = f"{SOURCE_LINE}. Data as of {data_date}" + (f" (version {version})" if version else "") + "."
    credit_lines = wrap(credit, width - 40, 11)
    extra_top = 26 * (len(title_lines) - 1) + 18 * (len(subtitle_lines) - 1)
    extra_bottom = 15 * (len(credit_lines) - 1)
    top = 110 + extra_top + (out.layout.margin.t or 0)
    bottom = 120 + extra_bottom + (out.layout.margin.b or 0)
    height = (out.layout.height or 450) + 230 + extra_top + extra_bottom
    out.update_layout(
        title={
            "text": "<b>" + "<br>".join(_esc(t) for t in title_lines) + "</b><br><span style='font-size:13px;color:#555555'>"
            + "<br>".join(_esc(t) for t in subtitle_lines) + "</span>",
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 16},
            "font": {"family": FONT, "size": 19, "color": "#1F1F1F"},
        },
        margin={"t": top, "b": bottom, "l": out.layout.margin.l or 10, "r": out.layout.margin.r or 20},
        height=height,
        paper_bgcolor="#FFFFFF",
        # Legend in one band above the credit line, both pinned to the image's bottom edge.
        legend={"orientation": "h", "yref": "container", "y": 34 / height, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    out.add_annotation(
        text="<br>".join(_esc(line) for line in credit_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(bottom - 12),
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"family": FONT, "size": 11, "color": "#555555"},
    )
    return out


def subtitle_for(filters: FilterState, shown: int, total: int) -> str:
    described = filters.describe()
    ties = f"{shown} of {total} ties" if shown != total else f"All {total} ties"
    return f"{ties}{' · ' + described if described else ''}"


def _esc(text: str) -> str:
    import html

    return html.escape(str(text), quote=False)


# ---------------------------------------------------------------- images and HTML

def chrome_path() -> str | None:
    """The browser kaleido will use, or None when the machine has none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def geo_assets_script() -> Path:
    """A script defining window.PlotlyGeoAssets from the vendored topojson, so plotly.js never
    fetches a map from its CDN: injected into kaleido's page and into HTML exports."""
    path = Path(tempfile.gettempdir()) / "sister-cities-geo-assets.js"
    path.write_text(geo_assets_js(), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def geo_assets_js() -> str:
    world = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
    return f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {world}}}}};"


# Tabs kept open (two readers' exports run at once) and how many renders a tab serves before it
# is reloaded: a fresh page is the clean slate kaleido wants, a warm one renders twice as fast.
IMAGE_TABS = 2
RENDERS_PER_RELOAD = 100


class _WarmTabKaleido(kaleido.Kaleido):
    """Kaleido as it is, but for when a tab is reloaded. Kaleido 1.5 reloads the tab after every
    image *before* handing the image back, so each export waits for plotly.js to load again (about
    0.3 s here) and then runs it cold. This hands the image back at once and reloads the tab in the
    background, every RENDERS_PER_RELOAD renders."""

    renders = 0
    reloads = 0

    async def _return_kaleido_tab(self, tab) -> None:  # kaleido's hook for a finished render
        self.renders += 1
        if self.renders % RENDERS_PER_RELOAD:
            await self.tabs_ready.put(tab)
            return
        self.reloads += 1
        task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
        self._reloads = getattr(self, "_reloads", set())
        self._reloads.add(task)  # keep a reference until it is done
        task.add_done_callback(self._reloads.discard)


class ImageServer:
    """One kaleido browser for the process, on an event loop of its own in a daemon thread.

    kaleido's own sync server waits for its next task with a blocking queue, which stalls its event
    loop between exports (nothing in the background could run); this loop runs free, and every
    Streamlit session's thread submits to it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido-loop", daemon=True).start()
        # No MathJax (a CDN script), and the vendored map data on the page: renders offline.
        page = kaleido.PageGenerator(mathjax=False, others=[str(geo_assets_script())])
        self.kaleido = _WarmTabKaleido(n=IMAGE_TABS, page_generator=page, timeout=60)
        self._run(self.kaleido.open())
        atexit.register(self.close)
        self._warm_up()

    def _warm_up(self) -> None:
        """Render a small chart of each kind a few times on every tab: plotly.js runs several
        times slower on a page until V8 has compiled its hot paths."""
        sample = go.Figure([go.Bar(x=[1, 2], y=["a", "b"], orientation="h"), go.Scatter(x=[1, 2], y=["a", "b"])])
        globe = go.Figure(go.Scattergeo(lon=[-120, 60], lat=[37, 56], mode="lines"))
        globe.update_geos(projection_type="orthographic", resolution=110)
        for _ in range(2 * IMAGE_TABS):
            for figure in (sample, globe):
                for fmt in ("png", "svg"):
                    self.render(figure, fmt, 600, 400, 2 if fmt == "png" else 1)

    def close(self) -> None:
        """Close the browser when the process ends, so no Chromium outlives the app."""
        try:
            self._run(self.kaleido.close(), timeout=10)
        except Exception:  # already gone: nothing left to close
            pass

    def _run(self, coroutine, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        spec = validate_coerce_fig_to_dict(figure, True)
        options = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self.kaleido.calc_fig(spec, opts=options))


_server_lock = threading.Lock()
_server: ImageServer | None = None


def start_image_server() -> bool:
    """Start the one image server for this process (idempotent). False when no browser."""
    global _server
    if chrome_path() is None:
        return False
    with _server_lock:
        if _server is None:
            _server = ImageServer()
    return True


def start_image_server_in_background() -> None:
    """Warm the image server without holding up the page that asked."""
    threading.Thread(target=start_image_server, name="kaleido-start", daemon=True).start()


def _image(figure: go.Figure, fmt: str, width: int) -> bytes:
    if not start_image_server():
        raise RuntimeError(CHROME_HELP)
    height = int(figure.layout.height or 500)
    assert _server is not None
    return _server.render(figure, fmt, width, height, IMAGE_SCALE if fmt == "png" else 1)


def to_png(figure: go.Figure, width: int) -> bytes:
    return _image(figure, "png", width)


def to_svg(figure: go.Figure, width: int = 1200) -> bytes:
    return _image(figure, "svg", width)


def to_html(figure: go.Figure, title: str) -> bytes:
    """One self-contained page: plotly.js and any map data inlined, nothing fetched, embeddable."""
    page = figure.to_html(
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg", "scale": 2}},
        default_width="100%",
        default_height=f"{int(figure.layout.height or 500)}px",
    )
    head = f"<title>{_esc(title)}</title><meta name='viewport' content='width=device-width, initial-scale=1'>"
    if any(getattr(trace, "type", "") == "scattergeo" for trace in figure.data):
        head += f"<script>{geo_assets_js()}</script>"
    return page.replace("<head>", "<head>" + head, 1).encode("utf-8")


# ---------------------------------------------------------------- file names


def file_name(chart: str, filters: FilterState, today: dt.date, extension: str, suffix: str = "") -> str:
    """'timeline_outcome-cut_2026-11-22.png': chart, active filters, date; safe on every filesystem."""
    parts = [chart]
    for key, value in _filter_parts(filters):
        parts.append(f"{key}-{value}")
    if suffix:
        parts.append(suffix)
    parts.append(today.isoformat())
    stem = "_".join(_slug(p) for p in parts)
    return f"{stem[:150]}.{extension}"


def _filter_parts(filters: FilterState) -> list[tuple[str, str]]:
    parts = []
    if filters.outcomes:
        parts.append(("outcome", "-".join(filters.outcomes)))
    if filters.states:
        parts.append(("state", "-".join(filters.states)))
    if filters.levels:
        parts.append(("level", "-".join(filters.levels)))
    if filters.query:
        parts.append(("q", filters.query))
    if filters.date_from:
        parts.append(("from", filters.date_from.isoformat()))
    if filters.date_to:
        parts.append(("to", filters.date_to.isoformat()))
    if filters.asof:
        parts.append(("asof", filters.asof.isoformat()))
    return parts


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9-]+", "-", ascii_text).strip("-").lower() or "x"


# ---------------------------------------------------------------- data


def safe_cell(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


EXPORT_COLUMNS = [c for c in COLUMNS["pairs.csv"]]


def export_table(pairs: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Exactly the filtered pairs, in the files' own columns and formats, plus their sources."""
    table = pairs[EXPORT_COLUMNS].copy()
    table["outcome"] = pairs["outcome"].astype(str)
    if "status" in pairs.columns:
        table["status_shown"] = pairs["status"].astype(str)
    table["established"] = pairs["established"].astype("object").where(pairs["established"].notna(), "")
    table["decision_date"] = [iso_text(d, p) for d, p in zip(pairs["decision_date"], pairs["decision_date_precision"])]
    table["last_verified"] = pairs["last_verified"].dt.strftime("%Y-%m-%d").fillna("")
    table["us_aliases"] = pairs["us_aliases"].map(";".join)
    table["ru_aliases"] = pairs["ru_aliases"].map(";".join)
    cited = sources[sources["pair_id"].isin(pairs["pair_id"])]
    urls = cited.groupby("pair_id")["url"].agg(lambda u: " | ".join(dict.fromkeys(u)))
    table["source_urls"] = pairs["pair_id"].map(urls).fillna("")
    return table.reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    # RFC 4180 line ends: with them the writer quotes any cell holding CR or LF, so a stray
    # carriage return in the data cannot split a row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow([safe_cell(_plain(v)) for v in row])
    return buffer.getvalue().encode("utf-8")


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_json(pairs: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, meta: dict, filters: FilterState, url: str = "") -> bytes:
    """The filtered pairs with their events (Ukrainian partnerships among them) and sources, the
    dictionary and where it came from. Events and sources are grouped once, not searched per tie."""
    table = export_table(pairs, sources).drop(columns=["source_urls"])
    shown = set(table["pair_id"])
    events_by_pair: dict[str, list[dict]] = {}
    for e in events[events["pair_id"].isin(shown)].itertuples(index=False):
        events_by_pair.setdefault(e.pair_id, []).append(
            {
                "event_id": e.event_id,
                "date": iso_text(e.date, e.date_precision),
                "type": str(e.type),
                "status_after": "" if pd.isna(e.status_after) else str(e.status_after),
                "actor": e.actor,
                "body": e.body,
                "vote": e.vote,
                "description": e.description,
                **({"ukrainian_place": e.ukrainian_place, "stage": e.stage} if str(e.type) == "ukrainian_partner" else {}),
            }
        )
    sources_by_pair: dict[str, list[dict]] = {}
    for s in sources[sources["pair_id"].isin(shown)].itertuples(index=False):
        sources_by_pair.setdefault(s.pair_id, []).append(
            {
                "url": s.url,
                "publisher": s.publisher,
                "date": iso_text(s.date, s.date_precision),
                "accessed": iso_text(s.accessed),
                "title": s.title,
                "event_id": s.event_id,
                "supports": s.supports,
            }
        )
    records = []
    for row in table.to_dict("records"):
        pair_id = row["pair_id"]
        row = {k: _plain(v) for k, v in row.items()}
        row["us_aliases"] = [a for a in str(row["us_aliases"]).split(";") if a]
        row["ru_aliases"] = [a for a in str(row["ru_aliases"]).split(";") if a]
        row["events"] = events_by_pair.get(pair_id, [])
        row["ukrainian_partners"] = [e for e in row["events"] if e["type"] == "ukrainian_partner"]
        row["sources"] = sources_by_pair.get(pair_id, [])
        records.append(row)
    document = {
        "dataset": meta.get("title", PROJECT),
        "version": meta.get("version", ""),
        "last_updated": meta.get("last_updated", ""),
        "view": url,
        "filters": filters.describe() or "none",
        "outcome_codes": {code: OUTCOME_LABELS[code] for code in OUTCOME_CODES},
        "actor_codes": {code: ACTOR_LABELS[code] for code in ACTOR_CODES},
        "dictionary": {name: desc for name, (_, _, desc) in COLUMNS["pairs.csv"].items()},
        "pairs": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def dictionary_csv() -> bytes:
    rows = [("file", "column", "required", "meaning")]
    for file, columns in COLUMNS.items():
        rows.extend((file, name, "yes" if required else "", description) for name, (_, required, description) in columns.items())
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[safe_cell(c) for c in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- findings and alt text


def counts_by_status(pairs: pd.DataFrame) -> dict[str, int]:
    column = "status" if "status" in pairs.columns else "outcome"
    counts = pairs[column].astype(str).value_counts()
    return {code: int(counts.get(code, 0)) for code in OUTCOME_CODES}


def finding_title(pairs: pd.DataFrame) -> str:
    """The headline a chart states: '10 of 92 US ties to Russia were cut and 19 suspended'."""
    counts = counts_by_status(pairs)
    total = len(pairs)
    if total == 0:
        return "No ties match these filters"
    acted = counts["cut"] + counts["suspended"]
    if acted:
        return f"{acted} of {total} US ties to Russian places were cut or suspended after the invasion"
    kept = counts["letter"] + counts["kept"]
    if kept:
        return f"{kept} of {total} US ties to Russian places were kept after the invasion"
    if counts["no_action"]:
        return f"{counts['no_action']} of {total} US ties to Russian places were left standing with no action"
    return f"No public decision found for {total} US ties to Russian places"


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def alt_text(chart: str, pairs: pd.DataFrame, events: pd.DataFrame, filters: FilterState) -> str:
    """A description of what the chart says, from the data, ready to paste."""
    counts = counts_by_status(pairs)
    total = len(pairs)
    decided = events[events["pair_id"].isin(pairs["pair_id"]) & events["status_after"].astype(str).isin(DECIDED_OUTCOMES)]
    latest = decided["date"].max()
    by = f" by {latest:%B %Y}" if pd.notna(latest) else ""
    summary = (
        f"Of {total} US {'tie' if total == 1 else 'ties'} to Russian cities and regions, {counts['cut']} {_were(counts['cut'])} cut and "
        f"{counts['suspended']} suspended{by}; {counts['letter']} {_were(counts['letter'])} kept with a letter to the "
        f"Russian side, {counts['kept']} kept without one, {counts['under_review']} under review, "
        f"{counts['no_action']} left standing with no action, and for {counts['unknown']} nothing was found "
        "since the invasion."
    )
    when = f" Status as of {filters.asof.isoformat()}." if filters.asof else ""
    described = filters.describe()
    scope = f" Filters: {described}." if described else ""
    lead = {
        "timeline": "Timeline with one lane per US–Russia sister tie, coloured by its status over time from February 2022, with a mark for each dated event.",
        "decisions": "Line chart of how many US–Russia sister ties were cut, suspended or kept, month by month from February 2022.",
        "states": "Stacked bar chart of US–Russia sister ties by US state, coloured by outcome.",
        "compare": "Side-by-side timelines of chosen US–Russia sister ties.",
        "map": "Map of great-circle lines joining US cities, counties and states to their Russian sister cities, coloured by outcome.",
    }.get(chart, "Chart of US–Russia sister ties.")
    return f"{lead} {summary}{when}{scope}"


# ---------------------------------------------------------------- static map


def static_map_figure(pairs: pd.DataFrame) -> go.Figure:
    """The map for print: the page's SVG map over the pole (components.geomap), whole route."""
    from components.geomap import geo_map_figure

    return geo_map_figure(pairs, "route")
