"""The one "today": the day in the story's time zone (settings: SITE_TIME_ZONE, New York by default).

The server's own midnight is no fact about the record: a server in UTC would turn the page on
US readers at 7 or 8 in the evening. Every "today" in the app (statuses on the current day, the
as-of picker's last day, citations' "accessed" dates, export file names) comes from here.
"""

from __future__ import annotations

import datetime as dt

from sistercities.settings import settings


def today(now: dt.datetime | None = None) -> dt.date:
    """The current day in the story's time zone; `now` (an aware moment) fixes the clock."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(settings().zone).date()
