"""The record about the record: citations, methodology figures and the changelog. Pure functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sistercities.details import decision_line
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES, OUTCOME_DEFINITIONS, OUTCOME_LABELS
from sistercities.ties import tie_label

# The one name of the site: page titles, embeds, citations and exports (a citation names the
# dataset by the title its datapackage.json gives, when it gives one).
SITE_TITLE = "US–Russia sister cities after the invasion"
COMPILER = "the US–Russia sister cities project"
SOURCE_LINE = f"Source: news reports and council records, compiled by {COMPILER}"


def licence_name(meta: dict) -> str:
    """The data's licence as people write it ('CC BY 4.0' for the package's 'CC-BY-4.0'), or ''."""
    licences = meta.get("licenses") or []
    first = licences[0] if licences and isinstance(licences[0], dict) else {}
    name = str(first.get("name") or first.get("title") or "")
    return name.replace("-", " ") if name.upper().startswith("CC-") else name


def source_line(meta: dict, data_url: str = "") -> str:
    """The credit under an exported chart: who compiled it, the data's licence and where the data
    lives (the package's homepage when it names one, else the address the app passes in)."""
    where = str(meta.get("homepage") or data_url)
    licence = licence_name(meta)
    terms = ", ".join(part for part in (licence and f"licence {licence}", where and f"data at {where}") if part)
    return f"{SOURCE_LINE}" + (f"; {terms}" if terms else "")


def pair_citation(pair: pd.Series, meta: dict, view_url: str, today: dt.date | None) -> str:
    """A ready citation of one pair's record. Without `today` (a page built ahead of its reading,
    whose bytes must not depend on the clock) it leaves the access date to the reader."""
    version = meta.get("version", "")
    accessed = f" (accessed {today.isoformat()})" if today else ""
    return (
        f"{COMPILER[0].upper() + COMPILER[1:]}, “{tie_label(pair)}”, "
        f"in {meta.get('title') or SITE_TITLE}, version {version} (data updated {meta.get('last_updated', '')}). "
        f"{view_url}{accessed}."
    )


def dataset_citation(meta: dict, view_url: str, today: dt.date) -> str:
    return (
        f"{COMPILER[0].upper() + COMPILER[1:]}, {meta.get('title') or SITE_TITLE}, version {meta.get('version', '')} "
        f"(data updated {meta.get('last_updated', '')}). {view_url} (accessed {today.isoformat()})."
    )


@dataclass(frozen=True)
class OutcomeExample:
    code: str
    label: str
    definition: str
    count: int
    example: str  # "Santa Clara County, CA – Moscow: Cut on 2022-03-22 by …", or "" when none


def outcome_examples(pairs: pd.DataFrame) -> list[OutcomeExample]:
    """Each outcome code with its count and a real example from the data (the best-documented one)."""
    rows = []
    for code in OUTCOME_CODES:
        matching = pairs[pairs["outcome"].astype(str) == code]
        example = ""
        if not matching.empty:
            # Prefer an example with a full date and a named body: the clearest illustration.
            ranked = matching.assign(
                _score=(matching["decision_date_precision"] == "day").astype(int) * 2
                + (matching["decision_body"] != "").astype(int)
            ).sort_values(["_score", "pair_id"], ascending=[False, True])
            best = ranked.iloc[0]
            example = f"{tie_label(best)}: {decision_line(best)}"
        rows.append(OutcomeExample(code, OUTCOME_LABELS[code], OUTCOME_DEFINITIONS[code], len(matching), example))
    return rows


@dataclass(frozen=True)
class SourceFigures:
    citations: int
    distinct_urls: int
    publishers: int
    pairs_with_one_source: int
    decided_with_day: int
    decided: int


def source_figures(pairs: pd.DataFrame, sources: pd.DataFrame) -> SourceFigures:
    per_pair = sources[sources["pair_id"] != ""].groupby("pair_id")["url"].nunique()
    decided = pairs[pairs["outcome"].astype(str).isin(DECIDED_OUTCOMES)]
    return SourceFigures(
        citations=len(sources),
        distinct_urls=sources["url"].nunique(),
        publishers=sources["publisher"].nunique(),
        pairs_with_one_source=int((per_pair.reindex(pairs["pair_id"]).fillna(0) == 1).sum()),
        decided_with_day=int((decided["decision_date_precision"] == "day").sum()),
        decided=len(decided),
    )
