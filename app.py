"""The whole site in one process: the Streamlit pages (dashboard.py) and the web routes (plain HTML
tie pages, sitemap, robots.txt, Atom feed, versioned downloads: web/routes.py).

    streamlit run app.py        # both, on http://localhost:8501
    streamlit run dashboard.py  # the Streamlit pages alone

Middleware added to MIDDLEWARE (e.g. link previews for the Streamlit pages' <head>) runs before
Streamlit's own.
"""

import streamlit as st
from starlette.middleware import Middleware

from web.routes import web_routes

MIDDLEWARE: list[Middleware] = []

app = st.App("dashboard.py", routes=web_routes(), middleware=MIDDLEWARE)
