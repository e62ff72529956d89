"""Timeline (/timeline): who decided what, when."""

from components.frame import frame
from components.timeline_page import render_timeline_page

render_timeline_page(frame("Timeline", "pages/timeline.py"))
