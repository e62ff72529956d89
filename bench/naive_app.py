"""A naive reference app for the page benchmark: the dashboard's core job (the ties on a map, on a
timeline and in a table, with an outcome filter) written in one file the obvious way a tutorial
would, with no tricks and no deliberate slowness. `bench.pages --parts naive` times the project's
pages against it in the same run.

    .venv/bin/streamlit run bench/naive_app.py
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.express as px
import pydeck as pdk
import streamlit as st

st.set_page_config(layout="wide")


@st.cache_data
def load_pairs() -> pd.DataFrame:
    return pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "pairs.csv")


pairs = load_pairs()
st.title("US–Russia sister cities after the invasion")
outcomes = sorted(pairs["outcome"].unique())
chosen = st.sidebar.multiselect("Outcome", outcomes)
shown = pairs[pairs["outcome"].isin(chosen)] if chosen else pairs

palette = [[0, 114, 178], [213, 94, 0], [0, 158, 115], [204, 121, 167], [230, 159, 0], [86, 180, 233], [120, 120, 120]]
colours = {outcome: palette[i % len(palette)] for i, outcome in enumerate(outcomes)}
arcs = shown[["us_place", "us_state", "us_lon", "us_lat", "ru_place", "ru_lon", "ru_lat", "outcome"]].assign(
    colour=shown["outcome"].map(colours)
)
layer = pdk.Layer(
    "ArcLayer",
    arcs,
    get_source_position=["us_lon", "us_lat"],
    get_target_position=["ru_lon", "ru_lat"],
    get_source_color="colour",
    get_target_color="colour",
    get_width=2,
    pickable=True,
)
view = pdk.ViewState(latitude=50, longitude=-30, zoom=0.8)
tooltip = {"text": "{us_place}, {us_state} – {ru_place}: {outcome}"}
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_style=None, tooltip=tooltip))

ties = shown.assign(
    tie=shown["us_place"] + ", " + shown["us_state"] + " – " + shown["ru_place"],
    start=pd.to_datetime(shown["decision_date"], format="mixed").fillna(pd.Timestamp("2022-02-24")),
    end=pd.Timestamp(dt.date.today()),
)
figure = px.timeline(ties, x_start="start", x_end="end", y="tie", color="outcome", height=max(400, 20 * len(ties)))
st.plotly_chart(figure)

st.dataframe(shown)
