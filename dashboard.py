"""Overview (/): what this is, headline counts by outcome, when the data was last updated."""

from components.frame import frame
from components.overview import render_overview
from sistercities.summaries import headline_counts

page = frame("Overview", "dashboard.py")
render_overview(page, headline_counts(page.pairs))
