"""The reserve policy of GR Hecht (reservenota 2022) made executable: pure functions on
exact decimals, no Django. The numbers are the policy's data (``Policy``: the band's
minimum and maximum of the available resistance capacity, €3 mln and €6 mln in 2022);
the rules are the policy's text:

- **above the maximum**, the surplus is paid back to the municipalities (``PAYBACK``, with
  the amount above the maximum; ``payback_shares`` divides it by the distribution key);
- **from the minimum to the maximum inclusive**, the directie drafts a result-appropriation
  proposal that keeps equity in balance with the risks (``APPROPRIATION``) — the decision
  that goes with the annual accounts, so it follows from an actual position only;
- **below the minimum**, or when a forecast threatens to drop below it, the directie draws
  up in time a recovery plan, adjusting the current year's budget and if needed the next
  year's (``RECOVERY_NOW``; ``RECOVERY_BY`` with the first date the forecast falls below).
  The forecasts that count are those up to the end of the year after the position's year
  (the two budgets the plan can adjust: ``horizon``).

When several apply, the most urgent wins: recovery now, recovery by a forecast date,
payback, appropriation. Without an actual position nothing can be said (``NONE``), and a
prognosis alone never asks for an appropriation or a payback (nothing is distributed on a
forecast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from governance.finance import distribute, from_cents, to_cents

K = TypeVar("K", bound=Hashable)


class Source(StrEnum):
    """Where a position comes from: the annual accounts (actual) or a prognosis."""

    ACCOUNTS = "accounts"
    BUDGET = "budget"
    AMENDMENT = "amendment"
    FORECAST = "forecast"

    @property
    def is_actual(self) -> bool:
        return self is Source.ACCOUNTS


class Kind(StrEnum):
    NONE = "none"
    APPROPRIATION = "appropriation"
    PAYBACK = "payback"
    RECOVERY_BY = "recovery_by"
    RECOVERY_NOW = "recovery_now"

    @property
    def needs_recovery_plan(self) -> bool:
        return self in (Kind.RECOVERY_NOW, Kind.RECOVERY_BY)


@dataclass(frozen=True)
class Policy:
    """The band of the available resistance capacity, in euros (inclusive bounds)."""

    minimum: Decimal
    maximum: Decimal

    def __post_init__(self) -> None:
        if self.minimum < 0:
            raise ValueError("the minimum of the band cannot be negative")
        if self.maximum < self.minimum:
            raise ValueError("the maximum of the band cannot be below its minimum")


@dataclass(frozen=True)
class Position:
    """The available resistance capacity on a day, and where the figure comes from."""

    on: dt.date
    capacity: Decimal
    source: Source = Source.ACCOUNTS


@dataclass(frozen=True)
class Outcome:
    """What the policy requires. ``amount`` is the surplus above the maximum (payback) or
    the shortfall below the minimum (recovery; at the forecast date for ``RECOVERY_BY``);
    ``by`` the date a recovery plan must bring the capacity back before (the first
    forecast below the minimum; the position's own date when it is below already);
    ``position`` the figure the outcome rests on."""

    kind: Kind
    amount: Decimal = Decimal("0")
    by: dt.date | None = None
    position: Position | None = None


def horizon(position: Position) -> dt.date:
    """The last day a forecast counts for ``position``: the end of the year after its
    year (the current and the next year's budget, which a recovery plan may adjust)."""
    return dt.date(position.on.year + 1, 12, 31)


def evaluate(position: Position | None, forecast: Iterable[Position], policy: Policy) -> Outcome:
    """The outcome of the policy for the latest actual ``position`` (annual accounts)
    and the ``forecast`` (prognoses; those after the position's date up to ``horizon``
    count). See the module for the rules and their order."""
    if position is None:
        return Outcome(Kind.NONE)
    if position.capacity < policy.minimum:
        return Outcome(
            Kind.RECOVERY_NOW,
            amount=policy.minimum - position.capacity,
            by=position.on,
            position=position,
        )
    last_day = horizon(position)
    threats = sorted(
        (
            later
            for later in forecast
            if position.on < later.on <= last_day and later.capacity < policy.minimum
        ),
        key=lambda later: later.on,
    )
    if threats:
        first = threats[0]
        return Outcome(
            Kind.RECOVERY_BY, amount=policy.minimum - first.capacity, by=first.on, position=first
        )
    if not position.source.is_actual:
        return Outcome(Kind.NONE, position=position)
    if position.capacity > policy.maximum:
        return Outcome(Kind.PAYBACK, amount=position.capacity - policy.maximum, position=position)
    return Outcome(Kind.APPROPRIATION, position=position)


def payback_shares(amount: Decimal, weights: Mapping[K, int | Decimal]) -> dict[K, Decimal]:
    """``amount`` (euros) divided over ``weights`` (the policy's distribution key,
    population by default) in whole cents that sum exactly to the amount
    (``governance.finance.distribute``: largest remainders)."""
    if amount < 0:
        raise ValueError("a payback cannot be negative")
    return {key: from_cents(cents) for key, cents in distribute(to_cents(amount), weights).items()}
