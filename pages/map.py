"""Map (/map): every tie as an arc from the US place to its Russian partner."""

from components.frame import frame
from components.map_page import render_map_page

render_map_page(frame("Map", "pages/map.py"))
