"""Making outside text safe to show: the one place for markdown, HTML and plotly text. Data, URL
values and reader input are never trusted."""

from __future__ import annotations

import html
import re

# Characters that let text become markup in Streamlit's markdown: emphasis, links and images
# (which need "["), code, headings, tables, strikethrough, math. "<" and "&" are HTML-escaped first.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
# Bidirectional overrides and zero-width characters can make text read differently than it is.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def escape_markdown(text: object) -> str:
    """Text that Streamlit's markdown shows literally: no links, no HTML, no formatting."""
    cleaned = _INVISIBLE.sub("", str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(cleaned, quote=False)).replace("\n", " ")


def escape_html(text: object) -> str:
    """Text for an HTML context (tooltips, embeds)."""
    return html.escape(_INVISIBLE.sub("", str(text)), quote=True)


def plotly_text(text: object) -> str:
    """Text for plotly labels and hover text, which render a subset of HTML: data is escaped, and
    a line break in it becomes plotly's <br>."""
    return html.escape(_INVISIBLE.sub("", str(text)), quote=False).replace("\n", "<br>")


def safe_url(url: object) -> str | None:
    """The URL if it is plain http(s), else None: a `javascript:` link never becomes a link."""
    text = str(url).strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text) else None
