"""The data dictionary: what every column means. Feeds datapackage.json, exports and the data page."""

from __future__ import annotations

from sistercities.outcomes import (
    ACTOR_CODES,
    DECIDED_OUTCOMES,
    EVENT_TYPES,
    EVIDENCE_CODES,
    EXCLUSION_REASONS,
    OUTCOME_CODES,
    PARTNER_STAGES,
    STANDING_STATUS,
    US_LEVELS,
)

# file -> column -> (Frictionless type, required, description)
COLUMNS: dict[str, dict[str, tuple[str, bool, str]]] = {
    "pairs.csv": {
        "pair_id": (
            "string",
            True,
            "Stable id of the tie: US place slug, state, then Russian place slug. Used in links (pair=).",
        ),
        "us_place": ("string", True, "The US city, county or state as commonly written."),
        "us_state": ("string", True, "Two-letter USPS code of the US state."),
        "us_level": ("string", True, "Whether the US side is a city, a county or a state."),
        "us_aliases": ("string", False, "Other names of the US place, separated by ';'."),
        "us_lat": ("number", True, "Latitude of the US point (WGS 84)."),
        "us_lon": ("number", True, "Longitude of the US point (WGS 84)."),
        "us_coord_source": (
            "string",
            True,
            "Where the US point comes from: the GeoNames city record used; a county is drawn at the centroid of "
            "its Census outline, a state at its capital.",
        ),
        "ru_place": ("string", True, "The Russian partner city or region (English spelling)."),
        "ru_region": (
            "string",
            True,
            "The Russian federal subject (oblast, krai, republic or federal city) of the partner.",
        ),
        "ru_aliases": (
            "string",
            False,
            "Other spellings and former names of the Russian partner, separated by ';' (e.g. "
            "Yekaterinburg;Sverdlovsk).",
        ),
        "ru_lat": ("number", True, "Latitude of the Russian point (WGS 84)."),
        "ru_lon": ("number", True, "Longitude of the Russian point (WGS 84)."),
        "ru_coord_source": (
            "string",
            True,
            "Where the Russian point comes from: the GeoNames record used (regions are drawn at their "
            "administrative centre).",
        ),
        "established": ("year", False, "Year the tie began, where a cited source states it; empty otherwise."),
        "outcome": ("string", True, "Latest known status of the tie after 24 Feb 2022; one of the outcome codes."),
        "actor": (
            "string",
            False,
            "Who made the latest decision: "
            + ", ".join(ACTOR_CODES)
            + ". Required for a decided outcome, empty for no_action and unknown.",
        ),
        "decision_date": (
            "string",
            False,
            "Date of the decision that set the outcome: YYYY-MM-DD, or YYYY-MM (YYYY) when only the month (year) "
            "is reported; empty when there is none.",
        ),
        "decision_body": (
            "string",
            False,
            "The body or person that decided (council, board, mayor, legislature, association), as reported.",
        ),
        "vote": ("string", False, "Vote tally as reported (e.g. 11-0, unanimous); empty when not reported."),
        "evidence": (
            "string",
            False,
            "How well the record knows the outcome: "
            + ", ".join(EVIDENCE_CODES)
            + " (see Evidence grades). Required for every outcome but unknown, empty for unknown; no_action needs "
            "moderate or better.",
        ),
        "summary": ("string", True, "What the US side did, in the compilers' own words."),
        "notes": ("string", False, "Gaps, conflicting reports and how they were resolved."),
        "last_verified": ("date", True, "The day this tie's record was last re-checked against its sources."),
    },
    "events.csv": {
        "event_id": ("string", True, "Stable id of the event."),
        "pair_id": (
            "string",
            False,
            "The tie the event belongs to; empty for context events (the invasion, the 3 June 2022 address).",
        ),
        "date": (
            "string",
            True,
            "When it happened: YYYY-MM-DD, or YYYY-MM (YYYY) when only the month (year) is reported.",
        ),
        "type": ("string", True, "Kind of event: " + ", ".join(EVENT_TYPES) + "."),
        "status_after": (
            "string",
            False,
            "The tie's status right after a decision event ("
            + ", ".join(DECIDED_OUTCOMES)
            + "), or "
            + STANDING_STATUS
            + " for a standing event (the tie seen standing, no decision); empty when the event changed nothing. "
            "The status on any day is the status_after of the latest decision event by then, "
            "else no_action after a standing event, else unknown.",
        ),
        "actor": (
            "string",
            False,
            "Who decided, for a decision event: " + ", ".join(ACTOR_CODES) + "; empty otherwise.",
        ),
        "body": ("string", False, "Who acted."),
        "vote": ("string", False, "Vote tally as reported."),
        "title": ("string", False, "Short label, used for context events."),
        "description": ("string", True, "What happened, in the compilers' own words."),
        "ukrainian_place": (
            "string",
            False,
            "For a ukrainian_partner event: the Ukrainian city or region the US side sought or formed a "
            "partnership with.",
        ),
        "stage": ("string", False, "For a ukrainian_partner event: " + ", ".join(PARTNER_STAGES) + "."),
    },
    "sources.csv": {
        "source_id": ("string", True, "Id of the citation row."),
        "pair_id": ("string", False, "The tie this source is cited for; empty for context events."),
        "event_id": ("string", False, "The event this source is cited for; empty when it backs the pair as a whole."),
        "url": ("string", True, "Address of the news report or council record."),
        "publisher": ("string", True, "The outlet or body that published it."),
        "date": (
            "string",
            False,
            "Publication date as shown on the page: YYYY-MM-DD, or YYYY-MM or YYYY when the page shows only that; "
            "empty when not shown.",
        ),
        "title": ("string", False, "Headline or document title."),
        "supports": ("string", False, "Which facts this source is cited for."),
        "quote": (
            "string",
            False,
            "The page's own words behind what it is cited for, at most 300 characters; empty when not recorded.",
        ),
        "accessed": ("date", True, "The day the page was read for this record (YYYY-MM-DD)."),
        "archived_url": ("string", False, "An archived copy, where one is recorded."),
    },
    # Optional file: ties considered and left out, each with its reason. Absent means none listed.
    "excluded.csv": {
        "us_place": ("string", True, "The US city, county or state as commonly written."),
        "us_state": ("string", True, "Two-letter USPS code of the US state."),
        "ru_place": ("string", True, "The Russian (or, for occupied, Ukrainian) place named as the partner."),
        "reason": ("string", True, "Why the tie is not in pairs.csv: " + ", ".join(EXCLUSION_REASONS) + "."),
        "source_url": ("string", True, "Address of the page that shows the reason."),
        "accessed": ("date", True, "The day that page was read for this record (YYYY-MM-DD)."),
        "note": ("string", False, "Free text: what was found, in the compilers' own words."),
    },
}
# Files a data folder may leave out; the loader reads a missing one as an empty table.
OPTIONAL_FILES: tuple[str, ...] = ("excluded.csv",)
# Columns an optional file's header may leave out (read as empty).
OPTIONAL_HEADER_COLUMNS: dict[str, tuple[str, ...]] = {"excluded.csv": ("note",)}
# The longest quote sources.csv may carry.
MAX_QUOTE_CHARS = 300

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("pairs.csv", "us_level"): US_LEVELS,
    ("pairs.csv", "outcome"): OUTCOME_CODES,
    ("pairs.csv", "actor"): ACTOR_CODES,
    ("pairs.csv", "evidence"): EVIDENCE_CODES,
    ("events.csv", "type"): EVENT_TYPES,
    ("events.csv", "actor"): ACTOR_CODES,
    ("events.csv", "stage"): PARTNER_STAGES,
    ("excluded.csv", "reason"): EXCLUSION_REASONS,
}
