"""Outcome, actor and event codes (the contract's vocabulary), their words and their colours."""

from __future__ import annotations

# Order matters: it is the legend order and the categorical order, strongest action first, then
# the two ways of having no decision: a tie seen standing, and a tie nothing was found about.
OUTCOME_CODES: tuple[str, ...] = ("cut", "suspended", "letter", "kept", "under_review", "no_action", "unknown")

OUTCOME_LABELS: dict[str, str] = {
    "cut": "Cut",
    "suspended": "Suspended",
    "letter": "Kept, with a letter",
    "kept": "Kept",
    "under_review": "Under review",
    "no_action": "No action (tie left standing)",
    "unknown": "Unknown (nothing found)",
}

OUTCOME_DEFINITIONS: dict[str, str] = {
    "cut": "formally ended or terminated",
    "suspended": "formally suspended or paused",
    "letter": "kept, with an official letter or statement to the partner",
    "kept": "decided or declared to keep the tie, no letter",
    "under_review": "a proposal to end or suspend is pending",
    "no_action": "no decision found, and a source published or read after 24 Feb 2022 shows the tie still standing",
    "unknown": "nothing found after 24 Feb 2022",
}

# A tie's status on one day, in the timeline's and compare strips' hover and lane words. No action
# there also covers a tie before its first decision: the record shows it standing, no decision yet.
STATUS_WORDS: dict[str, str] = {
    **{code: label.split(" (")[0] for code, label in OUTCOME_LABELS.items()},
    "no_action": "No decision yet, tie standing",
}
# A decision known only to its month or year, drawn across that whole period.
PERIOD_LEGEND = "Pale outlined span: decided then (month or year known, not the day)"

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies. No action is the
# palette's bluish green, far from the grey of unknown in hue and in lightness.
OUTCOME_COLORS: dict[str, str] = {
    "cut": "#D55E00",  # vermillion
    "suspended": "#E69F00",  # orange
    "letter": "#0072B2",  # blue
    "kept": "#56B4E9",  # sky blue
    "under_review": "#CC79A7",  # reddish purple
    "no_action": "#009E73",  # bluish green
    "unknown": "#999999",  # grey
}

# Line styles per outcome, so a map line says its outcome without colour (plotly dash names).
OUTCOME_DASHES: dict[str, str] = {
    "cut": "solid",
    "suspended": "dash",
    "letter": "dashdot",
    "kept": "longdash",
    "under_review": "longdashdot",
    "no_action": "dot",
    "unknown": "1px,5px",
}

# Outcomes that record a decision; each needs a dated decision event in events.csv and an actor.
DECIDED_OUTCOMES: tuple[str, ...] = ("cut", "suspended", "letter", "kept", "under_review")
# The status a `standing` event leaves: the tie was seen standing, no decision taken.
STANDING_STATUS = "no_action"

# Who made the latest decision.
ACTOR_CODES: tuple[str, ...] = ("government", "association", "state_law", "russian_side")
ACTOR_LABELS: dict[str, str] = {
    "government": "US government side",
    "association": "Volunteer association",
    "state_law": "State law",
    "russian_side": "Russian side",
}
ACTOR_DEFINITIONS: dict[str, str] = {
    "government": "the US city, county or state government (council, board, mayor, governor, legislature)",
    "association": "the volunteer sister-city association or committee",
    "state_law": "a state law that ended ties (e.g. Texas HB 128, 2025)",
    "russian_side": "the Russian partner ended or froze the tie",
}

# How well the record knows a tie's outcome (pairs.csv `evidence`), strongest first. Empty only for
# an unknown outcome: nothing was found, so there is nothing to grade.
EVIDENCE_CODES: tuple[str, ...] = ("strong", "moderate", "weak")
EVIDENCE_LABELS: dict[str, str] = {
    "strong": "Strong",
    "moderate": "Moderate",
    "weak": "Weak",
}
EVIDENCE_DEFINITIONS: dict[str, str] = {
    "strong": "a page dated after 24 Feb 2022 states the finding and names both places (a vote, minutes, an "
    "official statement, a news report of them)",
    "moderate": "an official or association page naming both places, undated but read after the invasion and "
    "not visibly older; or a dated Russian-side statement",
    "weak": "a passing mention, the partner not named, or content visibly older than the invasion (never "
    "enough for no_action)",
}
# The same, short, for a record's line and a hover: 'Evidence: strong (a dated page after the
# invasion names both places)'.
EVIDENCE_SHORT: dict[str, str] = {
    "strong": "a dated page after the invasion names both places",
    "moderate": "an undated official or association page naming both places, or a dated Russian-side statement",
    "weak": "a passing mention, the partner not named, or content older than the invasion",
}
# The weakest grade a no_action finding may rest on: below it the tie is unknown.
NO_ACTION_WEAKEST = "moderate"


def evidence_words(code: object) -> str:
    """'Evidence: strong (a dated page after the invasion names both places)', or '' for no grade."""
    code = "" if code is None else str(code)
    if code not in EVIDENCE_SHORT:
        return ""
    return f"Evidence: {code} ({EVIDENCE_SHORT[code]})"


# Why a tie someone might expect is not in pairs.csv (excluded.csv `reason`).
EXCLUSION_REASONS: tuple[str, ...] = ("lapsed", "occupied", "partnership", "unconfirmed")
EXCLUSION_LABELS: dict[str, str] = {
    "lapsed": "Lapsed before 2022",
    "occupied": "Partner in occupied Ukraine",
    "partnership": "A partnership, not a sister tie",
    "unconfirmed": "Not confirmed as an official tie",
}
EXCLUSION_DEFINITIONS: dict[str, str] = {
    "lapsed": "the tie had lapsed before 2022",
    "occupied": "the partner lies in occupied Ukraine (e.g. Crimea), not in Russia",
    "partnership": "a partnership or friendship agreement rather than a sister tie",
    "unconfirmed": "no source confirms an official sister tie",
}

EVENT_TYPES: tuple[str, ...] = (
    "established",
    "proposal",
    "vote",
    "letter",
    "suspension",
    "termination",
    "statement",
    "restoration",
    "standing",
    "ukrainian_partner",
)

# Steps of a new partnership with a Ukrainian place (events of type ukrainian_partner).
PARTNER_STAGES: tuple[str, ...] = ("explored", "approved", "signed")

US_LEVELS: tuple[str, ...] = ("city", "county", "state")


def actor_phrase(actor: str, us_level: str) -> str:
    """Who decided, in words that say whether the government acted: 'by the volunteer association,
    not the city'. '' for no actor."""
    level = us_level if us_level in US_LEVELS else "city"
    return {
        "government": f"by the {level} government",
        "association": f"by the volunteer association, not the {level}",
        "state_law": "by state law",
        "russian_side": "by the Russian side",
    }.get(actor, "")


def hex_to_rgb(color: str) -> list[int]:
    """'#D55E00' -> [213, 94, 0], the form pydeck layers take."""
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)]
