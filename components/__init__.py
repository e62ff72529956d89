"""The Streamlit pieces: the frame every page calls first, the link <-> widgets sync, each page's
body and the shared panels. Each is thin over the sistercities package, which holds the logic."""
