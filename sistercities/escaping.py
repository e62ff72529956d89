"""Making outside text safe to show: the one place for markdown, HTML and plotly text. Data, URL
values and reader input are never trusted."""

from __future__ import annotations

import html
import re

# Characters that let text become markup in Streamlit's markdown: emphasis, links and images
# (which need "["), code, headings, tables, strikethrough, math. "<" and "&" are HTML-escaped first.
# ":" and "@" too: Streamlit turns ":material/...:" and ":smile:" into icons, and GFM links bare
# "http://...", "www...." and "name@host" addresses; escaped, none of them is recognised.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$:@])")
_WWW = re.compile(r"(?i)\b(www)\.")
# At the start of the text, "- ", "+ " and "1. " or "1) " would begin a list.
_LIST_MARKER = re.compile(r"^(\s*)([-+])|^(\s*\d+)([.)])")
# Bidirectional overrides and zero-width characters can make text read differently than it is.
_INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(text: object) -> str:
    """The text without bidirectional overrides and zero-width characters."""
    return _INVISIBLE.sub("", str(text))


def escape_markdown(text: object) -> str:
    """Text that Streamlit's markdown shows literally: no links, no HTML, no formatting."""
    cleaned = re.sub(r"[\r\n]+", " ", _INVISIBLE.sub("", str(text)))  # a bare \r breaks a line too
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(cleaned, quote=False))
    escaped = _WWW.sub(r"\1\\.", escaped)
    return _LIST_MARKER.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", escaped)


def escape_html(text: object) -> str:
    """Text for an HTML context (tooltips, embeds)."""
    return html.escape(_INVISIBLE.sub("", str(text)), quote=True)


def plotly_text(text: object) -> str:
    """Text for plotly labels and hover text, which render a subset of HTML: data is escaped, and
    a line break in it becomes plotly's <br>."""
    return html.escape(_INVISIBLE.sub("", str(text)), quote=False).replace("\n", "<br>")


def deck_text(text: object) -> str:
    """Data text for a deck.gl spec. st.pydeck_chart passes the whole spec through deck.gl's JSON
    converter, which evaluates a string starting "@@=" as an expression and looks up one starting
    "@@#" as a constant; a zero-width space in front keeps such a string a string, looking the same."""
    value = str(text)
    return "\u200b" + value if value.startswith("@@") else value


def safe_url(url: object) -> str | None:
    """The URL if it is plain http(s), else None: a `javascript:` link never becomes a link."""
    text = str(url).strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text) else None
