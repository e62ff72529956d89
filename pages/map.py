"""Map (/map): every tie as an arc from the US place to its Russian partner."""

from components.frame import frame
from components.placeholder import render_placeholder

page = frame("Map", "pages/map.py")
render_placeholder(page, "Map of the ties", "The interactive map is being built. Meanwhile, the ties that match the filters:")
