"""The view choices a page keeps in its link, beside the filters: the map's view, the timeline's
period and lane order (`view`, `period`, `sort` in the contract). No Streamlit here.

A choice belongs to one page. Its link parameter is written only when it differs from the default,
so a page's plain address stays plain; an unknown value is dropped with a notice, like a filter's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sistercities import clock
from sistercities.mapview import DEFAULT_PRESET, VIEW_PRESETS
from sistercities.timeline import SORTS, STORY_START

# Most decisions fell in the invasion's first weeks: "first-weeks" spreads them out over the page.
PERIODS = {"first-weeks": "24 Feb – 30 Apr 2022", "2022-23": "Feb 2022 – 2023", "all": "Feb 2022 – today"}
DEFAULT_PERIOD = "2022-23"


@dataclass(frozen=True)
class ViewChoice:
    param: str  # the link parameter
    label: str  # the control's label
    page_file: str  # the page that has it
    options: dict[str, str]  # code -> words, in the order shown
    default: str

    def parse(self, raw: str | list[str] | None) -> tuple[str, str | None]:
        """The link's value -> (the choice, a notice when the value was not one of ours)."""
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else None
        if raw is None or raw == "":
            return self.default, None
        value = str(raw).strip().lower()
        if value in self.options:
            return value, None
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        return self.default, f"Ignored “{self.param}={shown}”: expected one of {', '.join(self.options)}."

    def link_value(self, value: str) -> str | None:
        """What the link carries for `value`: nothing for the default."""
        return None if value == self.default else value


MAP_VIEW = ViewChoice(
    "view", "View", "pages/map.py", {key: preset.label for key, preset in VIEW_PRESETS.items()}, DEFAULT_PRESET
)
TIMELINE_PERIOD = ViewChoice("period", "Period", "pages/timeline.py", PERIODS, DEFAULT_PERIOD)
TIMELINE_SORT = ViewChoice("sort", "Sort lanes by", "pages/timeline.py", dict(SORTS), "decision")
VIEW_CHOICES: tuple[ViewChoice, ...] = (MAP_VIEW, TIMELINE_PERIOD, TIMELINE_SORT)
VIEW_PARAMS = frozenset(choice.param for choice in VIEW_CHOICES)


def choices_of(page_file: str) -> tuple[ViewChoice, ...]:
    return tuple(choice for choice in VIEW_CHOICES if choice.page_file == page_file)


def foreign_choice_notice(param: str) -> str:
    """A view parameter meant for another page: said, then dropped."""
    owner = next(choice for choice in VIEW_CHOICES if choice.param == param)
    page = "/" + owner.page_file.rsplit("/", 1)[-1].removesuffix(".py")
    return f"Ignored “{param}”: it chooses a view on {page}, not on this page."


def period_range(period: str, today: dt.date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days a timeline period shows."""
    if period == "first-weeks":
        # From a few days before the invasion, so its line and label show.
        return pd.Timestamp("2022-02-20"), pd.Timestamp("2022-04-30")
    end = pd.Timestamp("2023-12-31") if period == "2022-23" else pd.Timestamp(today or clock.today())
    return STORY_START, end
