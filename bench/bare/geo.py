import plotly.graph_objects as go
import streamlit as st

st.title("A bare geo map")
# One great-circle line on plotly's SVG globe, drawn from the same vendored outlines as the app's map.
figure = go.Figure(go.Scattergeo(lon=[-121.9, 60.6], lat=[37.3, 56.8], mode="lines+markers"))
figure.update_geos(projection={"type": "orthographic", "rotation": {"lat": 60, "lon": -100}}, showland=True)
st.plotly_chart(figure, theme=None, config={"topojsonURL": "app/static/topojson/"})
