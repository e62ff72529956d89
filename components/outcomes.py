"""Outcome codes (the contract's vocabulary), their words and their colours."""

from __future__ import annotations

# Order matters: it is the legend order and the categorical order, strongest action first.
OUTCOME_CODES: tuple[str, ...] = ("cut", "suspended", "letter", "kept", "under_review", "unknown")

OUTCOME_LABELS: dict[str, str] = {
    "cut": "Cut",
    "suspended": "Suspended",
    "letter": "Kept, with a letter",
    "kept": "Kept",
    "under_review": "Under review",
    "unknown": "No decision found",
}

OUTCOME_DEFINITIONS: dict[str, str] = {
    "cut": "formally ended or terminated",
    "suspended": "formally suspended or paused",
    "letter": "kept, with an official letter or statement to the partner",
    "kept": "decided or declared to keep the tie, no letter",
    "under_review": "a proposal to end or suspend is pending",
    "unknown": "no public decision found",
}

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OUTCOME_COLORS: dict[str, str] = {
    "cut": "#D55E00",  # vermillion
    "suspended": "#E69F00",  # orange
    "letter": "#0072B2",  # blue
    "kept": "#56B4E9",  # sky blue
    "under_review": "#CC79A7",  # reddish purple
    "unknown": "#999999",  # grey
}

# Outcomes that record a decision; each needs a dated decision event in events.csv.
DECIDED_OUTCOMES: tuple[str, ...] = tuple(c for c in OUTCOME_CODES if c != "unknown")

EVENT_TYPES: tuple[str, ...] = (
    "established",
    "proposal",
    "vote",
    "letter",
    "suspension",
    "termination",
    "statement",
    "restoration",
)

US_LEVELS: tuple[str, ...] = ("city", "county", "state")


def hex_to_rgb(color: str) -> list[int]:
    """'#D55E00' -> [213, 94, 0], the form pydeck layers take."""
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)]
