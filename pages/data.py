"""Data (/data): the table, the sources, the methodology and the downloads."""

import streamlit as st

from components.export_panel import data_export_panel
from components.frame import frame
from components.placeholder import render_placeholder

page = frame("Data & sources", "pages/data.py")
render_placeholder(page, "Data and sources", "The full table with sources, methodology and corrections is being built. Meanwhile, the ties that match the filters:")
st.subheader("Download the data", anchor=False)
data_export_panel(page, "data")
