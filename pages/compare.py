"""Compare (/compare): chosen ties side by side."""

from components.compare_page import render_compare_page
from components.frame import frame

render_compare_page(frame("Compare", "pages/compare.py"))
