"""Data (/data): the table, the sources, the methodology and the downloads."""

from components.data_page import render_data_page
from components.frame import frame

render_data_page(frame("Data & sources", "pages/data.py"))
