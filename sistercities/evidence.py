"""Rules on how well the record knows each outcome (pairs.csv `evidence`) and on the ties it left out
(excluded.csv). Each broken rule is a Defect naming the file, row, column and value, like the
cross-file rules in sistercities.references."""

from __future__ import annotations

import pandas as pd

from sistercities.outcomes import EVIDENCE_CODES, NO_ACTION_WEAKEST, STANDING_STATUS
from sistercities.schema import Defect

# Grades too weak for a no_action finding: those after NO_ACTION_WEAKEST.
TOO_WEAK_FOR_NO_ACTION: tuple[str, ...] = EVIDENCE_CODES[EVIDENCE_CODES.index(NO_ACTION_WEAKEST) + 1 :]


def _rows(frame: pd.DataFrame, mask: pd.Series, file: str, column: str, message: str) -> list[Defect]:
    return [Defect(file, index + 2, column, row[column], message) for index, row in frame[mask].iterrows()]


def check_evidence(pairs: pd.DataFrame) -> list[Defect]:
    """A graded finding for every outcome but unknown; none for unknown; no_action on moderate or better.
    An unknown grade code is the schema's to report (sistercities.schema)."""
    if "evidence" not in pairs.columns:
        return []
    outcome, evidence = pairs["outcome"].astype(str), pairs["evidence"].astype(str)
    unknown = outcome == "unknown"
    return sorted(
        [
            *_rows(
                pairs,
                ~unknown & (evidence == ""),
                "pairs.csv",
                "evidence",
                "a finding needs an evidence grade; expected one of " + ", ".join(EVIDENCE_CODES),
            ),
            *_rows(
                pairs,
                unknown & (evidence != ""),
                "pairs.csv",
                "evidence",
                "an unknown outcome has no evidence grade (nothing was found); leave it empty",
            ),
            *_rows(
                pairs,
                (outcome == STANDING_STATUS) & evidence.isin(TOO_WEAK_FOR_NO_ACTION),
                "pairs.csv",
                "evidence",
                f"{STANDING_STATUS} needs {NO_ACTION_WEAKEST} or better evidence; otherwise the tie is unknown",
            ),
        ],
        key=lambda d: d.row or 0,
    )


def place_key(frame: pd.DataFrame) -> pd.Series:
    """us_place + us_state + ru_place, case and spacing aside: how a tie is recognised across files."""

    def norm(column: str) -> pd.Series:
        return frame[column].astype(str).map(lambda t: " ".join(t.split()).casefold())

    return norm("us_place") + "|" + norm("us_state") + "|" + norm("ru_place")


def check_excluded(excluded: pd.DataFrame, pairs: pd.DataFrame) -> list[Defect]:
    """A tie left out is not also in the record."""
    if excluded.empty:
        return []
    keyed = excluded.assign(_key=place_key(excluded))
    return [
        *_rows(
            keyed,
            keyed["_key"].isin(set(place_key(pairs))),
            "excluded.csv",
            "us_place",
            "this tie (us_place, us_state, ru_place) is also in pairs.csv: a tie is either in the record or excluded",
        ),
        *_rows(
            keyed,
            keyed["_key"].duplicated(keep="first"),
            "excluded.csv",
            "us_place",
            "this tie (us_place, us_state, ru_place) is listed twice",
        ),
    ]
