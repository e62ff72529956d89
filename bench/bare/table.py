"""A bare table page: a title and one 92-row st.dataframe, the size of the app's data table."""

import pandas as pd
import streamlit as st

st.title("A bare table")
rows = range(92)
st.dataframe(
    pd.DataFrame(
        {
            "US place": [f"Place {i}" for i in rows],
            "State": ["CA"] * 92,
            "Russian place": [f"Partner {i}" for i in rows],
            "Outcome": ["Cut", "Kept"] * 46,
            "Decided": ["2022-03-01"] * 92,
            "Summary": [f"A short summary of what tie {i} decided, in one sentence." for i in rows],
        }
    ),
    hide_index=True,
    on_select="rerun",  # selectable rows, as the app's tables have
    selection_mode="single-row",
)
