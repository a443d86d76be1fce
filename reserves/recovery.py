"""The projected path of a recovery plan (herstelplan): pure functions on exact decimals,
no Django.

A plan's measures bring money into the resistance capacity per year (a saving, extra
income, a higher contribution of the municipalities): a measure's amount for a year adds
to the capacity at the end of that year and stays in it afterwards (reserves accumulate).
The path *without* the measures is the forecast; the path *with* them adds, at each
forecast date, every measure's amounts of the years up to and including that date's year.
The plan works when the path with the measures is back at or above the policy's minimum;
``back_above`` gives the first forecast date where it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Point:
    """The capacity on a day: without and with the plan's measures."""

    on: dt.date
    without: Decimal
    with_measures: Decimal


def cumulative_effect(measures: Iterable[Mapping[int, Decimal]], year: int) -> Decimal:
    """What the measures (each: amount per year) have added by the end of ``year``."""
    return sum(
        (amount for measure in measures for when, amount in measure.items() if when <= year),
        Decimal("0"),
    )


def projected_path(
    forecast: Iterable[tuple[dt.date, Decimal]], measures: Sequence[Mapping[int, Decimal]]
) -> list[Point]:
    """The forecast (date, capacity) in date order, each point with and without the
    measures."""
    return [
        Point(on, capacity, capacity + cumulative_effect(measures, on.year))
        for on, capacity in sorted(forecast, key=lambda point: point[0])
    ]


def back_above(path: Iterable[Point], minimum: Decimal) -> dt.date | None:
    """The first date from which the path with the measures stays at or above
    ``minimum`` until the end of the path (a dip after it does not count as back); None
    when the last point is still below."""
    points = list(path)
    first: dt.date | None = None
    for point in points:
        if point.with_measures >= minimum:
            if first is None:
                first = point.on
        else:
            first = None
    return first
