"""The app's cached access to the data: one loader for every page."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import plotly.graph_objects as go
import streamlit as st

from sistercities.loader import Dataset, DataValidationError, data_dir_from_env, load_dataset
from sistercities.margins import for_screen
from sistercities.schema import Defect


def _fingerprint(data_dir: Path) -> tuple:
    """Changes whenever a data file changes, so an edited folder is reloaded, not served stale."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*")) if p.is_file())


@st.cache_data(show_spinner=False, max_entries=4)
def _load(data_dir: str, fingerprint: tuple) -> tuple[Dataset | None, list[Defect]]:
    # `fingerprint` is only the cache's key: a changed file is a new key, so the folder is read again.
    try:
        return load_dataset(Path(data_dir)), []
    except DataValidationError as error:
        return None, error.defects


def data_key(data_dir: Path) -> tuple:
    """Names one version of one data folder: part of every cache key built on the data."""
    return (str(data_dir), _fingerprint(data_dir))


def get_dataset() -> tuple[Dataset | None, list[Defect], Path]:
    data_dir = data_dir_from_env()
    if not data_dir.is_dir():
        # No path in what may reach a page: frame.show_defects logs where it looked.
        return None, [Defect("data folder", None, None, None, "does not exist")], data_dir
    dataset, defects = _load(*data_key(data_dir))
    return dataset, defects, data_dir


Built = TypeVar("Built")


@st.cache_resource(show_spinner=False, max_entries=256)
def _built(kind: str, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def built_once(kind: str, view_key: tuple, *choices: Hashable, build: Callable[[], Built]) -> Built:
    """What `build` makes (a figure, a deck) for one view: made once per data version, filters,
    day and page choices, and shared by every session, so a rerun that changes none of them, and
    every reader of the same link, skips the work. Shared, so callers must not change it."""
    return _built(kind, (view_key, choices), build)  # type: ignore[return-value]


def on_screen(kind: str, figure: go.Figure, view_key: tuple, *choices: Hashable) -> go.Figure:
    """The page's copy of a chart built for this view, its margins set to the room its labels and
    legend take, so the browser draws it once (sistercities.margins); made once per view, like it."""
    return built_once(f"{kind}-on-screen", view_key, *choices, build=lambda: for_screen(figure))


def once_per_version(kind: str, *choices: Hashable, build: Callable[[], Built]) -> Built:
    """What depends on the data alone (search text, labels, a tie's record, the methodology's
    figures): made once per version of the data folder, whatever the filters, and shared by every
    session. Shared, so callers must not change it."""
    return _built(kind, (data_key(data_dir_from_env()), choices), build)  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=16)
def _filtered(key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def filtered_once(view_key: tuple, build: Callable[[], Built]) -> Built:
    """The ties one set of filters keeps, made once per view and shared by the sessions showing
    it. A page's fragments keep the last full run's view for their own reruns: shared, that is one
    frame per view, not one per reader (4.5 MB at 10,000 ties). Few views are kept, since at
    100,000 ties each is 45 MB. Shared, so callers must not change it."""
    return _filtered(view_key, build)  # type: ignore[return-value]


# Download bytes are kept per view only up to this many ties: at 100,000 ties one JSON file is
# 166 MB, and a few views of that size would hold gigabytes for a click that is rare.
MAX_KEPT_DOWNLOAD_TIES = 2_000


@st.cache_resource(show_spinner=False, max_entries=32)
def _download(kind: str, key: tuple, _build: Callable[[], bytes]) -> bytes:
    return _build()


def download_once(kind: str, view_key: tuple, ties: int, build: Callable[[], bytes]) -> bytes:
    """A download's bytes for one view, made on the first click and kept for the next reader of
    the same view (up to MAX_KEPT_DOWNLOAD_TIES ties; larger ones are made per click)."""
    return _download(kind, view_key, build) if ties <= MAX_KEPT_DOWNLOAD_TIES else build()
