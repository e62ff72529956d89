import plotly.graph_objects as go
import streamlit as st

st.title("A bare chart")
choice = st.segmented_control("Order", ["a", "b", "c"], default="a", key="order")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2])), theme=None)
st.write(f"Chosen: {choice}")
