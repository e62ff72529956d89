"""Data (/data): the table, the sources, the methodology and the downloads."""

from components.frame import frame
from components.placeholder import render_placeholder

page = frame("Data & sources", "pages/data.py")
render_placeholder(page, "Data and sources", "The full table with sources, methodology and downloads is being built. Meanwhile, the ties that match the filters:")
