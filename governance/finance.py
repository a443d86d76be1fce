"""Dividing an amount over the municipalities (pure functions, no database).

Amounts are handled in whole cents. The largest-remainder method makes the parts sum
exactly to the total, whatever the weights: each municipality first gets the floor of
its exact share, and the cents left over go one by one to the largest remainders
(ties broken by the order of the keys, so the result is deterministic).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def to_cents(amount: Decimal) -> int:
    """Euros (Decimal) to whole cents, rounding half away from zero."""
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def distribute(total_cents: int, weights: Mapping[K, int | Decimal]) -> dict[K, int]:
    """Split ``total_cents`` over ``weights``; the parts always sum to ``total_cents``.

    Negative totals (savings, income) are split the same way with the sign kept.
    Raises ``ValueError`` for negative weights or when all weights are zero.
    """
    if not weights:
        raise ValueError("no weights to distribute over")
    exact_weights = {key: Fraction(weight) for key, weight in weights.items()}
    if any(w < 0 for w in exact_weights.values()):
        raise ValueError("weights must not be negative")
    weight_sum = sum(exact_weights.values())
    if weight_sum == 0:
        raise ValueError("weights sum to zero")
    sign = -1 if total_cents < 0 else 1
    magnitude = abs(total_cents)
    shares = {key: magnitude * w / weight_sum for key, w in exact_weights.items()}
    parts = {key: int(share) for key, share in shares.items()}  # floor, shares are >= 0
    left = magnitude - sum(parts.values())
    order = sorted(shares, key=lambda key: -(shares[key] - parts[key]))  # stable on ties
    for key in order[:left]:
        parts[key] += 1
    return {key: sign * part for key, part in parts.items()}
