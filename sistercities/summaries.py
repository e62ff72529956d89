"""Pure summaries of the pairs: counts and sentences the pages show. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from sistercities.escaping import escape_html
from sistercities.outcomes import OUTCOME_CODES, OUTCOME_COLORS, OUTCOME_LABELS
from sistercities.ties import shown_status


def headline_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome code, in legend order, zero counts included."""
    counts = shown_status(pairs).value_counts()
    return pd.DataFrame(
        {
            "code": list(OUTCOME_CODES),
            "label": [OUTCOME_LABELS[c] for c in OUTCOME_CODES],
            "count": [int(counts.get(c, 0)) for c in OUTCOME_CODES],
            "color": [OUTCOME_COLORS[c] for c in OUTCOME_CODES],
        }
    )


def headline_sentence(counts: pd.DataFrame, total: int) -> str:
    """'Of 92 ties, 11 were cut, 9 suspended, …, 30 were left standing with no action and for 12
    nothing was found since the invasion' — plain words derived from the counts."""
    by_code = dict(zip(counts["code"], counts["count"]))
    shown = int(counts["count"].sum())
    if shown == 0:
        return "No ties match the current filters."
    pieces = []
    if by_code["cut"]:
        pieces.append(f"{by_code['cut']} {'was' if by_code['cut'] == 1 else 'were'} cut")
    if by_code["suspended"]:
        pieces.append(f"{by_code['suspended']} suspended")
    kept = by_code["letter"] + by_code["kept"]
    if kept:
        letters = f" ({by_code['letter']} with a letter to the Russian side)" if by_code["letter"] else ""
        pieces.append(f"{kept} kept{letters}")
    if by_code["under_review"]:
        pieces.append(f"{by_code['under_review']} under review")
    if by_code["no_action"]:
        pieces.append(
            f"{by_code['no_action']} {'was' if by_code['no_action'] == 1 else 'were'} left standing with no action"
        )
    if by_code["unknown"]:
        pieces.append(f"for {by_code['unknown']} nothing was found since the invasion")
    if shown != total:
        scope = f"Of the {count_noun(shown, 'tie')} shown"
    else:
        scope = f"Of {count_noun(total, 'US tie')} to Russian places"
    if not pieces:
        return f"{scope}, none has a recorded decision or sighting."
    body = ", ".join(pieces[:-1]) + (" and " if len(pieces) > 1 else "") + pieces[-1]
    return f"{scope}, {body}."


def legend_html(counts: pd.DataFrame) -> str:
    """A colour legend with counts. Only our own labels, colours and integers go into it."""
    items = "".join(
        f"<span style='display:inline-flex;align-items:center;margin:0 14px 4px 0;white-space:nowrap'>"
        f"<span style='width:14px;height:14px;border-radius:3px;background:{escape_html(row.color)};"
        f"display:inline-block;margin-right:6px'></span>{escape_html(row.label)}&nbsp;<b>{int(row.count)}</b></span>"
        for row in counts.itertuples(index=False)
    )
    return f"<div data-testid='outcome-legend' style='display:flex;flex-wrap:wrap;font-size:0.9rem'>{items}</div>"


def actor_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """Decided ties by who made the latest decision, in the codes' order, zero counts included."""
    from sistercities.outcomes import ACTOR_CODES, ACTOR_LABELS

    column = "status_actor" if "status_actor" in pairs.columns else "actor"
    counts = pairs[column].value_counts()
    return pd.DataFrame(
        {
            "code": list(ACTOR_CODES),
            "label": [ACTOR_LABELS[c] for c in ACTOR_CODES],
            "count": [int(counts.get(c, 0)) for c in ACTOR_CODES],
        }
    )


def actor_sentence(counts: pd.DataFrame) -> str:
    """'Of the 45 decisions, 38 were made by the US government side, 6 by a volunteer association …'"""
    by_code = dict(zip(counts["code"], counts["count"]))
    total = int(counts["count"].sum())
    if total == 0:
        return ""
    words = {
        "government": "by the US city, county or state government",
        "association": "by a volunteer sister-city association (not the government)",
        "state_law": "by a state law",
        "russian_side": "by the Russian side",
    }
    pieces = [f"{by_code[code]} {words[code]}" for code in words if by_code.get(code)]
    body = ", ".join(pieces[:-1]) + (" and " if len(pieces) > 1 else "") + pieces[-1]
    return f"Of the {total} {'tie' if total == 1 else 'ties'} with a decision, {body}."


def count_noun(count: int, noun: str) -> str:
    """'1 tie', '4 ties', '0 ties': the count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def download_label(kind: str, count: int) -> str:
    """'Download CSV (1 tie)': a data download's label, the count in the right number."""
    return f"Download {kind} ({count_noun(count, 'tie')})"


def evidence_sentence(pairs: pd.DataFrame) -> str:
    """'12 of 30 findings rest on strong evidence (a dated page after the invasion names both places);
    14 on moderate, 4 on weak.' Findings are the ties with a grade (every outcome but unknown); ''
    when there are none."""
    from sistercities.outcomes import EVIDENCE_CODES, EVIDENCE_SHORT

    graded = pairs["evidence"][pairs["evidence"].isin(EVIDENCE_CODES)]
    total = len(graded)
    if total == 0:
        return ""
    counts = graded.value_counts()
    strong = int(counts.get("strong", 0))
    others = [f"{int(counts.get(code, 0))} on {code}" for code in EVIDENCE_CODES[1:]]
    return (
        f"{strong} of {count_noun(total, 'finding')} {'rests' if total == 1 else 'rest'} on strong evidence "
        f"({EVIDENCE_SHORT['strong']}); {' and '.join(others)}."
    )
