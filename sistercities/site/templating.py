"""The one Jinja2 environment: templates beside this module, autoescape on for HTML, XML and SVG,
data text cleared of bidirectional overrides and zero-width characters before it is escaped."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from sistercities.escaping import strip_invisible

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _finalize(value: object) -> object:
    """Plain data text loses invisible characters; markup a template made itself passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_invisible(value)
    return value


ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True, default=True),
    undefined=StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_template(name: str, **context: object) -> bytes:
    return ENVIRONMENT.get_template(name).render(**context).encode("utf-8")


def asset(name: str) -> bytes:
    """A file served as it is (the stylesheet)."""
    return (TEMPLATES / name).read_bytes()
