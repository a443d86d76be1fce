"""The risk side of the resistance capacity (weerstandsvermogen): how much capacity the
risks of the register require, and how the available capacity compares, rated on the NAR
scale. Pure functions, no Django; NumPy for the simulation; ``Decimal`` for money at the
boundaries.

- A **risk** occurs in a year with a probability (a fraction 0..1, or one of the five
  usual probability classes) and then costs an impact drawn from a triangular distribution
  (minimum, most likely, maximum). A risk known by a single amount (:meth:`Risk.single`)
  costs exactly that amount when it occurs — the way NARIS treats a single amount — which
  is the triangle with all three corners on it.
- The **required capacity** is the amount that covers the total of the risks in
  ``certainty`` (default 90 %) of the simulated years: a Monte Carlo simulation, seeded so
  that the same register gives the same figure every time (:func:`simulate`). The plain
  sum of probability × mean impact (:func:`expected_loss`) is the cross-check: the mean of
  the simulated totals converges to it.
- The **ratio** is available ÷ required capacity, floored to hundredths (:func:`ratio`);
  its **rating** (:func:`rating`) is on the NAR scale with half-open bounds: A ≥ 2.0,
  B 1.4–2.0, C 1.0–1.4, D 0.8–1.0, E 0.6–0.8, F < 0.6 (the lower bound belongs to the
  class). The bounds are whole hundredths, so flooring the ratio never changes its rating.

The simulation draws **one** uniform number per year and risk: the risk occurs when
``u < p``, and then ``u / p`` is again uniform on [0, 1) and gives the impact by the
triangle's inverse distribution function. The years are drawn in chunks of whole years
(``chunk`` years × all risks at a time, bounding memory); the generator fills each chunk
from the same stream in the same order, so the chunk size does not change the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np

CENT = Decimal("0.01")
EURO = Decimal("1")
DEFAULT_SEED = 20240710  # AB 10 July 2024, the recovery plan's meeting: any fixed number will do
DEFAULT_ITERATIONS = 100_000
DEFAULT_CERTAINTY = Decimal("0.90")
CHUNK_CELLS = 50_000  # years × risks drawn at a time: 400 kB of float64 per array, in cache

# The five usual probability classes of a risk register (class → probability).
PROBABILITY_CLASSES: dict[int, Decimal] = {
    1: Decimal("0.10"),
    2: Decimal("0.30"),
    3: Decimal("0.50"),
    4: Decimal("0.70"),
    5: Decimal("0.90"),
}

# The NAR scale, best first: (lowest ratio of the class, rating, label). The labels are
# English; the app translates them.
RATINGS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("2.0"), "A", "excellent"),
    (Decimal("1.4"), "B", "more than sufficient"),
    (Decimal("1.0"), "C", "sufficient"),
    (Decimal("0.8"), "D", "insufficient"),
    (Decimal("0.6"), "E", "not sufficient"),
)
LOWEST_RATING = ("F", "far from sufficient")


def probability_of_class(number: int) -> Decimal:
    """The probability of class ``number`` (1–5) of :data:`PROBABILITY_CLASSES`."""
    if number not in PROBABILITY_CLASSES:
        raise ValueError(f"probability class must be 1 to 5, not {number}")
    return PROBABILITY_CLASSES[number]


@dataclass(frozen=True)
class Risk:
    """One risk of the register: ``probability`` a fraction 0..1 per year, the impact in
    euros a triangle ``minimum`` ≤ ``most_likely`` ≤ ``maximum`` (all ≥ 0). A single
    amount is the triangle with three equal corners (:meth:`single`)."""

    probability: Decimal
    minimum: Decimal
    most_likely: Decimal
    maximum: Decimal
    name: str = ""

    def __post_init__(self) -> None:
        amounts = (self.minimum, self.most_likely, self.maximum)
        if not all(value.is_finite() for value in (self.probability, *amounts)):
            raise ValueError("a risk's probability and amounts must be finite numbers")
        if not Decimal(0) <= self.probability <= Decimal(1):
            raise ValueError(
                f"a risk's probability must be between 0 and 1, not {self.probability}"
            )
        if self.minimum < 0:
            raise ValueError("a risk's amounts cannot be negative")
        if not self.minimum <= self.most_likely <= self.maximum:
            raise ValueError("a risk's impact must be minimum ≤ most likely ≤ maximum")

    @classmethod
    def single(cls, probability: Decimal, maximum: Decimal, name: str = "") -> Risk:
        """A risk known by one amount: it costs exactly ``maximum`` when it occurs."""
        return cls(probability, maximum, maximum, maximum, name)

    @classmethod
    def of_class(
        cls,
        number: int,
        minimum: Decimal,
        most_likely: Decimal,
        maximum: Decimal,
        name: str = "",
    ) -> Risk:
        """A risk whose probability is class ``number`` (1–5)."""
        return cls(probability_of_class(number), minimum, most_likely, maximum, name)

    def mean_impact(self) -> Decimal:
        """The mean of the triangle, (minimum + most likely + maximum) / 3 (unrounded)."""
        return (self.minimum + self.most_likely + self.maximum) / 3

    def expected(self) -> Decimal:
        """Probability × mean impact (unrounded)."""
        return self.probability * self.mean_impact()


def expected_loss(risks: Sequence[Risk]) -> Decimal:
    """The plain cross-check: Σ probability × mean impact, in cents (half up)."""
    total = sum((risk.expected() for risk in risks), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Simulation:
    """The outcome of :func:`simulate`: ``required`` the ``certainty`` quantile of the
    simulated yearly totals in whole euros (half up), ``mean`` their mean and ``expected``
    the analytic :func:`expected_loss`, both in cents; and how it was drawn."""

    required: Decimal
    mean: Decimal
    expected: Decimal
    iterations: int
    seed: int
    certainty: Decimal


def _columns(risks: Sequence[Risk]) -> tuple[np.ndarray, ...]:
    """Per risk, as float64 rows: p, 1/p (0 when p = 0), the triangle's minimum and
    maximum, the share of its area left of the mode (0 for a single amount), and the two
    factors of its inverse distribution function."""
    inverse = [1 / risk.probability if risk.probability else Decimal(0) for risk in risks]
    left = [
        (risk.most_likely - risk.minimum) / (risk.maximum - risk.minimum)
        if risk.maximum > risk.minimum
        else Decimal(0)
        for risk in risks
    ]
    p, inverse_p, low, mode, high, left_share = (
        np.array([float(value) for value in column])
        for column in (
            [risk.probability for risk in risks],
            inverse,
            [risk.minimum for risk in risks],
            [risk.most_likely for risk in risks],
            [risk.maximum for risk in risks],
            left,
        )
    )
    width = high - low
    return p, inverse_p, low, high, left_share, width * (mode - low), width * (high - mode)


def _totals(risks: Sequence[Risk], iterations: int, seed: int, chunk: int) -> np.ndarray:
    """The simulated total impact of every year (float64 euros), ``chunk`` years at a time."""
    rng = np.random.default_rng(seed)
    p, inverse_p, low, high, left, rise, fall = _columns(risks)
    totals = np.empty(iterations)
    for start in range(0, iterations, chunk):
        rows = min(chunk, iterations - start)
        u = rng.random((rows, len(risks)))
        occurs = u < p
        v = u * inverse_p  # uniform on [0, 1) again where the risk occurs
        np.minimum(v, 1.0, out=v)  # and ≥ 1 (now 1) where it does not: no negative roots
        rising = v < left
        square = np.where(rising, v * rise, (1.0 - v) * fall)
        np.sqrt(square, out=square)
        impact = np.where(rising, low + square, high - square)
        impact *= occurs
        totals[start : start + rows] = impact.sum(axis=1)
    return totals


def _euros(value: float, places: Decimal) -> Decimal:
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def simulate(
    risks: Sequence[Risk],
    *,
    iterations: int = DEFAULT_ITERATIONS,
    certainty: Decimal = DEFAULT_CERTAINTY,
    seed: int = DEFAULT_SEED,
    chunk: int | None = None,
) -> Simulation:
    """Simulate ``iterations`` years of ``risks`` (see the module) and take the
    ``certainty`` quantile (0 < certainty < 1) of the yearly totals: the smallest simulated
    total that at least that share of the years does not exceed. ``chunk`` is the number of
    years drawn at a time (default: :data:`CHUNK_CELLS` ÷ the number of risks); it bounds
    memory and does not change the result."""
    if not Decimal(0) < certainty < Decimal(1):
        raise ValueError(f"certainty must be strictly between 0 and 1, not {certainty}")
    if iterations < 1:
        raise ValueError("the simulation needs at least one iteration")
    if chunk is None:
        chunk = max(1, CHUNK_CELLS // max(1, len(risks)))
    if chunk < 1:
        raise ValueError("a chunk holds at least one iteration")
    totals = _totals(risks, iterations, seed, chunk)
    quantile = np.quantile(totals, float(certainty), method="inverted_cdf")
    return Simulation(
        required=_euros(float(quantile), EURO),
        mean=_euros(float(totals.mean()), CENT),
        expected=expected_loss(risks),
        iterations=iterations,
        seed=seed,
        certainty=certainty,
    )


def ratio(available: Decimal, required: Decimal) -> Decimal:
    """Available ÷ required resistance capacity, floored to hundredths (a page shows the
    figure the rating is of; flooring never flatters and never changes the rating). A
    required capacity of zero or less has no ratio: ``ValueError`` (the page says there is
    no risk to cover instead)."""
    if required <= 0:
        raise ValueError("the ratio needs a required capacity above zero")
    return (available / required).quantize(CENT, rounding=ROUND_FLOOR)


def rating(value: Decimal) -> str:
    """The NAR rating (A–F) of a ratio; each class includes its lower bound."""
    for lowest, letter, _label in RATINGS:
        if value >= lowest:
            return letter
    return LOWEST_RATING[0]


def rating_label(letter: str) -> str:
    """The English label of a rating letter ("excellent" … "far from sufficient")."""
    labels = {letter: label for _lowest, letter, label in RATINGS}
    labels[LOWEST_RATING[0]] = LOWEST_RATING[1]
    if letter not in labels:
        raise ValueError(f"no NAR rating {letter!r}")
    return labels[letter]
