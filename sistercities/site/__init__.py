"""The open-web edition: every web route as a pure renderer, dataset in, bytes out.

Jinja2 templates (autoescape on) sit beside the code in templates/. The server (web/) and the
static edition (sistercities.publish) both call `render(site, path)`, so the same path gives the
same bytes in both; the static build is a loop over `site_paths(site)`. Never imports Streamlit or
Starlette.
"""

from sistercities.site.routes import Page, Site, render, site_paths, versioned_paths

__all__ = ["Page", "Site", "render", "site_paths", "versioned_paths"]
