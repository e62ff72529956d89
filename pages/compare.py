"""Compare (/compare): chosen ties side by side."""

from components.frame import frame
from components.placeholder import render_placeholder

page = frame("Compare", "pages/compare.py")
render_placeholder(page, "Compare ties", "The side-by-side comparison is being built. Meanwhile, the ties that match the filters:")
