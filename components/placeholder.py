"""A page that a later issue builds: says what is coming and lists the filtered ties meanwhile."""

from __future__ import annotations

import streamlit as st

from components.frame import Frame
from components.outcomes import OUTCOME_LABELS


def render_placeholder(page: Frame, title: str, coming: str) -> None:
    st.title(title)
    st.info(coming, icon=":material/construction:")
    table = page.pairs.assign(outcome_words=page.pairs["status"].astype(str).map(OUTCOME_LABELS))
    st.dataframe(
        table[["us_place", "us_state", "ru_place", "outcome_words", "decision_date"]],
        hide_index=True,
        column_config={
            "us_place": "US place",
            "us_state": "State",
            "ru_place": "Russian partner",
            "outcome_words": "Outcome",
            "decision_date": st.column_config.DateColumn("Decided", format="YYYY-MM-DD"),
        },
    )
