import plotly.graph_objects as go
import streamlit as st

st.title("A bare chart")
choice = st.segmented_control("Order", ["a", "b", "c"], default="a", key="order")
# ?redraw=1: the choice changes the chart, so a rerun redraws it as the app's reruns redraw theirs.
shift = "abc".index(choice or "a") if st.query_params.get("redraw") == "1" else 0
y = [3, 1, 2]
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=y[shift:] + y[:shift])), theme=None)
st.write(f"Chosen: {choice}")
