"""The app's cached access to the data: one loader for every page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.loader import DataValidationError, Dataset, data_dir_from_env, load_dataset
from components.schema import Defect


def _fingerprint(data_dir: Path) -> tuple:
    """Changes whenever a data file changes, so an edited folder is reloaded, not served stale."""
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*")) if p.is_file()
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _load(data_dir: str, fingerprint: tuple) -> tuple[Dataset | None, list[Defect]]:
    try:
        return load_dataset(Path(data_dir)), []
    except DataValidationError as error:
        return None, error.defects


def get_dataset() -> tuple[Dataset | None, list[Defect], Path]:
    data_dir = data_dir_from_env()
    if not data_dir.is_dir():
        return None, [Defect(str(data_dir), None, None, None, "data folder does not exist")], data_dir
    dataset, defects = _load(str(data_dir), _fingerprint(data_dir))
    return dataset, defects, data_dir
