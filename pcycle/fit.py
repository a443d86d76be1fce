"""The fit check (quick win 4: "beter aansluiten op de gemeentelijke P&C-cyclus"): can a
council give its view on a document within the window, given the council's meeting dates
and the time its preparation takes? Pure functions on plain dates, no Django.

A council meeting on day *d* is **usable** when the council has had the document long enough
to prepare it (``opens + preparation <= d``; e.g. a committee meeting two weeks before the
council) and the view still comes in time (``d <= closes``). The fit is

- **green** when a usable meeting leaves at least ``slack`` to spare after the preparation;
- **tight** when every usable meeting falls within that slack (one postponement, one late
  document, and the council misses the window);
- **impossible** when no meeting is usable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PREPARATION = dt.timedelta(weeks=2)  # committee two weeks before the council
DEFAULT_SLACK = dt.timedelta(weeks=1)


class Fit(StrEnum):
    GREEN = "green"
    TIGHT = "tight"
    IMPOSSIBLE = "impossible"


@dataclass(frozen=True)
class Window:
    """The days in which a council can give its view: from the day the document reaches
    the councils (``opens``) to the last day a view is taken in (``closes``), inclusive."""

    opens: dt.date
    closes: dt.date

    def __post_init__(self) -> None:
        if self.closes < self.opens:
            raise ValueError("a view window cannot close before it opens")


@dataclass(frozen=True)
class CouncilFit:
    """The fit of one council for one window, and the meeting it rests on: the earliest
    comfortable meeting when green, the latest usable one when tight, None when impossible."""

    fit: Fit
    meeting: dt.date | None
    earliest_ready: dt.date  # the first day the council is prepared to decide


def council_fit(
    window: Window,
    meetings: Iterable[dt.date],
    *,
    preparation: dt.timedelta = DEFAULT_PREPARATION,
    slack: dt.timedelta = DEFAULT_SLACK,
) -> CouncilFit:
    """How the council meeting on ``meetings`` fits ``window`` (see the module)."""
    if preparation < dt.timedelta(0) or slack < dt.timedelta(0):
        raise ValueError("preparation and slack cannot be negative")
    ready = window.opens + preparation
    usable = sorted(day for day in set(meetings) if ready <= day <= window.closes)
    comfortable = [day for day in usable if day >= ready + slack]
    if comfortable:
        return CouncilFit(Fit.GREEN, comfortable[0], ready)
    if usable:
        return CouncilFit(Fit.TIGHT, usable[-1], ready)
    return CouncilFit(Fit.IMPOSSIBLE, None, ready)


def fit_matrix(
    windows: dict[str, Window],
    calendars: dict[str, Iterable[dt.date]],
    *,
    preparation: dt.timedelta = DEFAULT_PREPARATION,
    slack: dt.timedelta = DEFAULT_SLACK,
) -> dict[tuple[str, str], CouncilFit]:
    """The fit of every council (key of ``calendars``) for every document (key of
    ``windows``): ``{(council, document): CouncilFit}``. A council without dates is
    impossible for every window."""
    dates = {council: list(days) for council, days in calendars.items()}
    return {
        (council, document): council_fit(
            window, dates[council], preparation=preparation, slack=slack
        )
        for council in dates
        for document, window in windows.items()
    }
