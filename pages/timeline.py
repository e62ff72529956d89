"""Timeline (/timeline): who decided what, when."""

from components.frame import frame
from components.placeholder import render_placeholder

page = frame("Timeline", "pages/timeline.py")
render_placeholder(page, "Timeline of decisions", "The timeline of decisions is being built. Meanwhile, the ties that match the filters:")
