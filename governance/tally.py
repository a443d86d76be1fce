"""Counting weighted votes (pure functions, no database).

Shared by decisions on agenda items (governance) and scenario ballots (dialogue).
The rules follow the body's settings (``Body.quorum_percent``, ``majority_percent``,
``majority_base``, ``weighting``) and the Dutch convention for boards:

* quorum: the meeting may decide when *more than* ``quorum_percent`` of all weight
  is present (Gemeentewet art. 20: "meer dan de helft");
* majority: a proposal is adopted when the weight in favour is *more than*
  ``majority_percent`` of the base: the votes cast (for + against; abstentions do
  not count), the weight present (abstentions count as not in favour) or all weight;
* a tie is not a majority: the proposal is not adopted (staking van stemmen).

All arithmetic is exact (Decimal / Fraction), so 50 % of an odd total never rounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"
CHOICES = (FOR, AGAINST, ABSTAIN)
BASE_CAST, BASE_PRESENT, BASE_ALL = "cast", "present", "all"
ONE_MEMBER_ONE_VOTE, FIXED, POPULATION = "one_member_one_vote", "fixed", "population"


@dataclass(frozen=True)
class Rule:
    quorum_percent: Decimal = Decimal(50)
    majority_percent: Decimal = Decimal(50)
    majority_base: str = BASE_CAST


@dataclass(frozen=True)
class Ballot:
    weight: Decimal
    choice: str


@dataclass(frozen=True)
class Result:
    weight_for: Decimal
    weight_against: Decimal
    weight_abstain: Decimal
    weight_present: Decimal
    weight_total: Decimal
    count_for: int
    count_against: int
    count_abstain: int
    quorum_met: bool
    adopted: bool

    @property
    def share_for(self) -> Fraction | None:
        """Weight in favour as a share of the votes cast (None when nothing was cast)."""
        cast = self.weight_for + self.weight_against
        return Fraction(self.weight_for) / Fraction(cast) if cast else None


def member_weight(
    weighting: str, *, fixed_weight: Decimal | None = None, population: int | None = None
) -> Decimal:
    """The weight one member carries under the body's weighting mode."""
    if weighting == ONE_MEMBER_ONE_VOTE:
        return Decimal(1)
    if weighting == FIXED:
        if fixed_weight is None or fixed_weight < 0:
            raise ValueError("a fixed weight is required and must not be negative")
        return Decimal(fixed_weight)
    if weighting == POPULATION:
        if population is None or population < 0:
            raise ValueError("a population is required and must not be negative")
        return Decimal(population)
    raise ValueError(f"unknown weighting {weighting!r}")


def _more_than(part: Decimal, percent: Decimal, whole: Decimal) -> bool:
    return Fraction(part) * 100 > Fraction(percent) * Fraction(whole)


def tally(ballots: Iterable[Ballot], *, rule: Rule, weight_total: Decimal) -> Result:
    """Count ``ballots`` under ``rule``; ``weight_total`` is the weight of all seats.

    Every member present casts one ballot (an abstention included), so the weight
    present is the sum of all ballots.
    """
    sums = {choice: Decimal(0) for choice in CHOICES}
    counts = dict.fromkeys(CHOICES, 0)
    for ballot in ballots:
        if ballot.choice not in sums:
            raise ValueError(f"unknown choice {ballot.choice!r}")
        if ballot.weight < 0:
            raise ValueError("a ballot weight must not be negative")
        sums[ballot.choice] += ballot.weight
        counts[ballot.choice] += 1
    present = sums[FOR] + sums[AGAINST] + sums[ABSTAIN]
    if present > weight_total:
        raise ValueError("more weight present than the body has")
    quorum_met = weight_total > 0 and _more_than(present, rule.quorum_percent, weight_total)
    base = {
        BASE_CAST: sums[FOR] + sums[AGAINST],
        BASE_PRESENT: present,
        BASE_ALL: weight_total,
    }[rule.majority_base]
    adopted = quorum_met and base > 0 and _more_than(sums[FOR], rule.majority_percent, base)
    return Result(
        weight_for=sums[FOR],
        weight_against=sums[AGAINST],
        weight_abstain=sums[ABSTAIN],
        weight_present=present,
        weight_total=weight_total,
        count_for=counts[FOR],
        count_against=counts[AGAINST],
        count_abstain=counts[ABSTAIN],
        quorum_met=quorum_met,
        adopted=adopted,
    )
