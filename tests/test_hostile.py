"""Hostile input: markup and script in every text field, hostile URLs and broken folders.

What a reader could be shown is checked element by element in what each page sends (AppTest);
tests/browser/test_hostile_pages.py checks in Chromium that nothing runs.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import html
import json
import os
import re

import pytest
from google.protobuf.json_format import MessageToDict

from sistercities import corrections, descriptions, framing, images, tables
from sistercities.escaping import strip_invisible
from sistercities.filters import FilterState, apply_filters
from sistercities.loader import DataValidationError, load_dataset
from sistercities.timeline import timeline_figure
from tests.conftest import VALID as VALID_FOLDER
from tests.conftest import fixture_rows, rendered, replace_in
from tests.hostile import MARKED_PLACE, make_hostile_folder
from tests.test_loader import BAD_FIXTURES
from tests.test_overview_app import PAGE_FILES, run_page

KEY, DAY = b"a test key, not a secret", dt.date(2026, 11, 22)

# Markup that would be live if it reached HTML or markdown unescaped.
LIVE = ["<img src=x", "<script>", "<svg onload", "<iframe", "<b>raw</b>"]
# A markdown link from the data, unless its brackets are escaped.
LIVE_LINK = re.compile(r"(?<!\\)\]\(javascript:")
# Option lists of select boxes are drawn as plain text; their labels are markdown and are checked.
PLAIN_FIELDS = {"options", "default", "rawValues", "value", "rawValue"}
# Elements whose strings never become HTML: deck.gl data (glyphs and Streamlit's plain-text tooltips),
# table data (drawn on a canvas), code blocks and plain text.
PLAIN = {"deck_gl_json_chart", "arrow_data_frame", "arrow_table", "code", "text"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return make_hostile_folder(tmp_path_factory.mktemp("hostile") / "data")


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def strings(value, skip=frozenset()):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def live_markup(app) -> list[str]:
    """Every string in what the page sent that holds live markup, with the element type."""
    found = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        message = MessageToDict(proto)
        kind = (
            proto.WhichOneof("type") if "type" in {o.name for o in proto.DESCRIPTOR.oneofs} else proto.DESCRIPTOR.name
        )
        if kind in PLAIN or proto.DESCRIPTOR.name in {"ArrowNamedDataSet", "Arrow", "DeckGlJsonChart", "Code", "Text"}:
            continue
        # Plotly renders a pseudo-HTML subset (<b>, <a href>) but no markdown.
        markdown = proto.DESCRIPTOR.name != "PlotlyChart"
        skip = PLAIN_FIELDS if proto.DESCRIPTOR.name in {"MultiSelect", "Selectbox"} else frozenset()
        for text in strings(message, skip):
            if markdown and LIVE_LINK.search(text):
                found.append(f"{proto.DESCRIPTOR.name}: markdown link in …{text[:120]}…")
            for marker in LIVE:
                if marker in text:
                    found.append(
                        f"{proto.DESCRIPTOR.name}: …{text[max(0, text.index(marker) - 40) : text.index(marker) + 60]}…"
                    )
    return found


@pytest.mark.parametrize("file", PAGE_FILES)
def test_every_page_shows_hostile_text_as_text(monkeypatch, hostile, file):
    params = {"pair": "alpha-ca_ekaterinburg,beta-county-ca_moscow"} if file == "pages/compare.py" else {}
    app = run_page(file, monkeypatch, data_dir=hostile, **params)
    assert not app.exception and not app.error
    assert live_markup(app) == []


def test_detail_panel_shows_hostile_text_as_text(monkeypatch, hostile):
    app = run_page("pages/data.py", monkeypatch, data_dir=hostile, pair="alpha-ca_ekaterinburg")
    assert not app.exception
    assert live_markup(app) == []
    shown = " ".join(rendered(m.value) for m in app.markdown)
    assert "Alpha <img src=x onerror=" in shown  # the reader sees the tag, as text
    # Each source's own words, payload and all, are read as words, in quotation marks.
    quotes = [r["quote"] for r in fixture_rows("sources.csv", hostile) if r["pair_id"] == "alpha-ca_ekaterinburg"]
    assert quotes and all(f"“{' '.join(strip_invisible(q).split())}”" in shown for q in quotes if q)


def test_the_excluded_ties_show_their_hostile_names_and_notes_as_text(monkeypatch, hostile):
    app = run_page("pages/data.py", monkeypatch, data_dir=hostile)
    assert not app.exception
    assert live_markup(app) == []
    shown = " ".join(rendered(m.value) for m in app.markdown)
    for row in fixture_rows("excluded.csv", hostile):
        assert " ".join(strip_invisible(row["us_place"]).split())[:200] in shown
        assert " ".join(strip_invisible(row["note"]).split())[:200] in shown


def test_hostile_exports_hold_no_live_markup(hostile):
    data = load_dataset(hostile)
    pairs = apply_filters(data.pairs, data.events, FilterState())
    figure = timeline_figure(pairs, data.events, data.sources, today=dt.date(2026, 11, 1))
    framed = framing.framed(figure, descriptions.finding_title(pairs), "subtitle", data.last_updated, data.version, 640)
    html = images.to_html(framed, descriptions.finding_title(pairs)).decode("utf-8")
    # Inside the page's <script> data a closing tag from the data would end the script early.
    assert "window.__xss=2</script>" not in html and "<img src=x" not in html
    svg = images.to_svg(framed).decode("utf-8")
    assert "<img" not in svg and "<script" not in svg
    assert "&#60;img src=x" in svg or "&lt;img src=x" in svg  # drawn as text
    rows = tables.to_csv(tables.export_table(pairs, data.sources)).decode("utf-8")
    import csv
    import io

    cells = [cell for row in csv.reader(io.StringIO(rows)) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    number = re.compile(r"^-?\d+(\.\d+)?$")  # a negative longitude is a number, not a formula
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell)]
    payload = json.loads(tables.to_json(pairs, data.events, data.sources, data.meta, FilterState(), "https://x"))
    assert any(p["us_place"] == MARKED_PLACE for p in payload["pairs"])  # JSON keeps the text exact
    assert "<img" not in descriptions.alt_text("timeline", pairs, data.events, FilterState())


def _truncate(folder, name):
    """Cut a file mid-row, as an interrupted upload or copy leaves it."""
    path = folder / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _fifty_megabytes_in_one_field(folder, name):
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Fixture", "Fixture " + "x" * 50_000_000, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _fifty_megabytes_of_bytes(folder, name):
    (folder / name).write_bytes(os.urandom(50_000_000))


BROKEN = {
    "truncated pairs.csv": (_truncate, "pairs.csv", "row has"),
    "truncated events.csv": (_truncate, "events.csv", "row has"),
    "50 MB field in pairs.csv": (_fifty_megabytes_in_one_field, "pairs.csv", "characters long, over the 100,000 limit"),
    "50 MB of random bytes as sources.csv": (_fifty_megabytes_of_bytes, "sources.csv", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize("file", ["dashboard.py", "pages/map.py", "pages/data.py"])
def test_broken_folders_give_the_defect_list_on_every_page(monkeypatch, data_copy, case, file):
    breaker, name, expected = BROKEN[case]
    breaker(data_copy, name)
    app = run_page(file, monkeypatch, data_dir=data_copy)
    assert not app.exception
    assert len(app.error) == 1
    message = rendered(app.error[0].value)
    assert name in message and expected in message


def test_fifty_megabytes_of_rows_is_refused_with_a_bounded_list(data_copy):
    path = data_copy / "pairs.csv"
    header, first, *_ = path.read_text(encoding="utf-8").splitlines()
    path.write_text(header + "\n" + "\n".join([first] * (50_000_000 // len(first))) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    messages = [str(d) for d in caught.value.defects]
    assert messages[0].startswith("pairs.csv, row 2, column pair_id: duplicate id")
    assert any("more defects in this file" in m for m in messages)
    assert len(messages) < 2_000  # described, not listed to the last of 250,000 rows


@pytest.mark.parametrize("name", list(BAD_FIXTURES))
def test_each_known_defect_reaches_the_reader_as_a_defect_line(monkeypatch, data_copy, name):
    file, old, new, message = BAD_FIXTURES[name]
    replace_in(data_copy / file, old, new)
    app = run_page("pages/timeline.py", monkeypatch, data_dir=data_copy)
    assert not app.exception and len(app.error) == 1
    assert message in rendered(app.error[0].value)


def test_a_burst_of_200_reports_loses_none_and_stores_no_html(tmp_path):
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'burst.sqlite3'}")
    corrections.init_schema(engine)
    generous = corrections.RateLimits(per_client=1000, per_minute=1000)
    known = {"alpha-ca_ekaterinburg", "beta-county-ca_moscow"}

    def submit(number: int) -> tuple[int, bool]:
        what = (
            f"Report {number}: the vote was 5-0."
            if number % 2
            else f"Report {number} <img src=x onerror=alert({number})>"
        )
        submission, errors = corrections.validate(
            sorted(known)[number % 2], what, f"https://example.org/{number}", known
        )
        if submission is None:
            return number, False
        assert corrections.store(engine, submission, f"session-{number}", client=str(number), limits=generous)
        return number, True

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(submit, range(200)))
    accepted = {number for number, ok in results if ok}
    assert accepted == set(range(1, 200, 2))  # every plain-text report, none with HTML
    rows = corrections.stored(engine)
    assert sorted(int(r["what_is_wrong"].split()[1].rstrip(":")) for r in rows) == sorted(accepted)  # none lost
    assert not any("<" in r["what_is_wrong"] for r in rows)


def test_one_reader_bursting_from_many_sessions_is_held_to_the_rate_limit(tmp_path):
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    corrections.init_schema(engine)
    limits = corrections.RateLimits(per_client=3, per_minute=1000)
    reader = corrections.client_key("203.0.113.9", KEY, DAY)
    submission, _ = corrections.validate(
        "alpha-ca_ekaterinburg", "Wrong vote", "https://example.org", {"alpha-ca_ekaterinburg"}
    )
    now = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    kept = [
        corrections.store(engine, submission, f"session-{second}", now + dt.timedelta(seconds=second), reader, limits)
        for second in range(200)
    ]
    assert sum(k is not None for k in kept) == 3 == len(corrections.stored(engine))


def test_server_settings_fit_a_public_deployment():
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # no traceback for readers
    assert config["server"]["enableXsrfProtection"] is True and config["server"]["enableCORS"] is True
    assert config["server"]["maxUploadSize"] <= 5


def test_websocket_limits_are_set_below_streamlits_and_above_what_the_app_sends(monkeypatch):
    import tomllib

    from streamlit import config as streamlit_config

    from tests.conftest import ROOT

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    options = streamlit_config._config_options_template  # a misspelt option would be ignored silently
    for name in ("maxMessageSize", "maxWidgetStateSize"):
        assert 1 <= server[name] < options[f"server.{name}"].default_val
    # The largest element /data sends for a tie's record on the embedded data (92 ties), with room.
    app = run_page("pages/data.py", monkeypatch, data_dir=ROOT / "data", pair="seattle-wa_tashkent")
    largest = max(
        len(node.proto.SerializeToString()) for node in walk(app._tree) if getattr(node, "proto", None) is not None
    )
    assert 10_000 < largest < server["maxMessageSize"] * 1_000_000 / 10


def test_no_element_is_sent_as_a_reference_the_browser_may_have_dropped():
    """With the project's settings Streamlit never marks an element cacheable, so it never sends a
    reference in its place (a page under load could be left on 'Cached ForwardMsg MISS')."""
    import os

    from streamlit import config
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.forward_msg_cache import populate_hash_if_needed

    from tests.conftest import ROOT

    here = os.getcwd()
    os.chdir(ROOT)  # Streamlit reads ./.streamlit/config.toml
    try:
        config.get_config_options(force_reparse=True)
        message = ForwardMsg()
        message.delta.new_element.markdown.body = "x" * 5_000_000
        populate_hash_if_needed(message)
        assert message.hash and not message.metadata.cacheable
    finally:
        os.chdir(here)


# Markdown a data string could smuggle into a label or caption: GFM autolinks (a URL, "www.", an
# e-mail address), Streamlit's ":material/...:" and emoji shortcodes, a list or a numbered list at
# the start, a heading, emphasis, a link, and a bare carriage return starting a new line.
SMUGGLED_MARKDOWN = [
    "see https://evil.example/x now",
    "see www.evil.example now",
    "write to someone@evil.example",
    ":material/warning: Alert :smile:",
    "- a list item",
    "+ another list item",
    "1. a numbered item",
    "2) another numbered item",
    "# a heading",
    "**bold** and _em_",
    "[a link](https://evil.example)",
    "first line\r- second line",
]


@pytest.mark.parametrize("text", SMUGGLED_MARKDOWN)
def test_escaped_data_text_renders_as_the_same_plain_text(text):
    from markdown_it import MarkdownIt

    from sistercities.escaping import escape_markdown

    escaped = escape_markdown(text)
    # A GFM-like renderer with autolinks (markdown-it with linkify) makes one plain paragraph of it.
    html_out = MarkdownIt("gfm-like").render(escaped)
    assert re.fullmatch(r"<p>[^<]*</p>\n", html_out), html_out
    assert html.unescape(html_out[3:-5]) == " ".join(text.replace("\r", " ").split())
    # No ":" is left unescaped, so no ":name:" shortcode is left for Streamlit to draw.
    assert re.search(r"(?<!\\):", escaped) is None


def test_no_data_string_reaches_deck_gl_as_an_expression_or_a_constant():
    from sistercities.mapview import build_deck

    data = load_dataset(VALID_FOLDER)
    pairs = apply_filters(data.pairs, data.events, FilterState())
    pairs = pairs.assign(us_place=["@@=window.__xss=1", "@@#Math.PI", *pairs["us_place"].iloc[2:]])
    spec = json.loads(build_deck(pairs, "route").to_json())
    strings = [
        value
        for layer in spec["layers"]
        if isinstance(layer.get("data"), list)
        for row in layer["data"]
        for value in (row.values() if isinstance(row, dict) else [])
        if isinstance(value, str)
    ]
    assert any("window.__xss=1" in s for s in strings)  # the name is there, as text
    assert not [s for s in strings if s.startswith(("@@=", "@@#"))]
