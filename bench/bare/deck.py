import pydeck as pdk
import streamlit as st

st.title("A bare map")
arc = [{"source": [-121.9, 37.3], "target": [60.6, 56.8]}]
st.pydeck_chart(
    pdk.Deck(
        layers=[pdk.Layer("ArcLayer", arc, get_source_position="source", get_target_position="target", get_width=2)],
        initial_view_state=pdk.ViewState(latitude=50, longitude=-60, zoom=1),
        map_style=None,
        map_provider=None,
    ),
    height=560,
)
