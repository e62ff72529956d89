"""The record of US–Russia sister ties after the invasion, as a pure Python package.

Loading and validating the data (loader, schema, references, dates), the one status model (status),
the one filter model (filters), the texts of a tie's record (details, record, summaries), the
figures, decks and tables (timeline, charts, compare, geomap, mapview, basemap), the exports
(framing, tables, images) and reader corrections (corrections). It never imports Streamlit:
pyproject.toml's import contracts and tests/test_house.py check that.
"""
