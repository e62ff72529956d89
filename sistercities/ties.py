"""What a tie is called and which status a view shows it with: one place for each. Pure.

The filtered pairs carry `status` (the outcome, or the status on the as-of day: sistercities.filters);
pairs straight from the loader carry only `outcome`.
"""

from __future__ import annotations

import pandas as pd


def tie_labels(pairs: pd.DataFrame) -> pd.Series:
    """'San Jose, CA – Yekaterinburg' for each pair: readable on its own, the same everywhere."""
    return pairs["us_place"] + ", " + pairs["us_state"] + " – " + pairs["ru_place"]


def tie_label(pair) -> str:
    """The same label for one pair (a row or a mapping)."""
    return f"{pair['us_place']}, {pair['us_state']} – {pair['ru_place']}"


def shown_status(pairs: pd.DataFrame) -> pd.Series:
    """Each pair's status as the view shows it (text): the filter's `status`, else the outcome."""
    return (pairs["status"] if "status" in pairs.columns else pairs["outcome"]).astype(str)
