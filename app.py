"""The whole site in one process: the Streamlit pages (dashboard.py) and the web routes (plain HTML
tie pages, sitemap, robots.txt, Atom feed, versioned downloads: web/routes.py).

    streamlit run app.py        # both, on http://localhost:8501
    streamlit run dashboard.py  # the Streamlit pages alone

MIDDLEWARE runs before Streamlit's own: LinkPreviews writes each Streamlit page's <head> (title,
description, canonical link, Open Graph and Twitter card tags), and /cards/ serves their pictures.
"""

import streamlit as st
from starlette.middleware import Middleware

from web.previews import LinkPreviews, card_routes
from web.routes import web_routes

# Each Streamlit page's first HTML says what its URL shows (title, description, card).
MIDDLEWARE: list[Middleware] = [Middleware(LinkPreviews)]

app = st.App("dashboard.py", routes=web_routes() + card_routes(), middleware=MIDDLEWARE)
