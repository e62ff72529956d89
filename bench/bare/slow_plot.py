"""The bare plot page, with a run as long as the timeline page's own work (0.5 s): the control for
the concurrent-sessions test, which shows Streamlit itself losing a few runs under that load."""

import time

import plotly.graph_objects as go
import streamlit as st

st.title("A bare chart")
choice = st.segmented_control("Order", ["a", "b", "c"], default="a", key="order")
time.sleep(0.5)  # as long as the timeline page's own work
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])), theme=None)
st.write(f"Chosen: {choice}")
