"""The HTTP side of the open web: Starlette routes that hand paths to sistercities.site's
renderers and add HTTP's part (caching, ETags, security headers). Never imports Streamlit."""
