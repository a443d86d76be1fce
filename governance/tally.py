"""Counting weighted votes (pure functions, no database).

Shared by decisions on agenda items (governance) and scenario ballots (dialogue).
The rules follow the body's settings (``Body.head_quorum``, ``quorum_percent``,
``majority_percent``, ``majority_base``, ``weighting``) and the law for the general
and executive board (Gemeentewet art. 20, 29, 30 and 32, declared applicable by Wgr
art. 22):

* quorum by heads (Gemeentewet art. 20 lid 1): the meeting may decide when *more
  than half* of the sitting members is present (``Rule.head_quorum``, the statutory
  default; a body that is not the AB or DB may switch it off);
* quorum by weight: *more than* ``quorum_percent`` of all weight is present. With
  weighted voting both must hold, the double pattern of Wgr art. 23 lid 3: "meer dan
  de helft van het aantal zitting hebbende leden, tezamen vertegenwoordigend meer dan
  de helft van het aantal stemmen";
* majority: a proposal is adopted when the weight in favour is *more than*
  ``majority_percent`` of the base: the votes cast (for + against; abstentions do
  not count), the weight present (abstentions count as not in favour) or all weight;
* a tie (staking van stemmen) is not a majority. What follows from it is
  ``tie_consequence`` (Gemeentewet art. 32): postponed to the next meeting when the
  meeting is not full, rejected in a full meeting or in the meeting it was postponed to.

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
# What a tie leads to (the values of ``Decision.Outcome``).
POSTPONED, REJECTED = "postponed", "rejected"
ONE_MEMBER_ONE_VOTE, FIXED, POPULATION = "one_member_one_vote", "fixed", "population"


@dataclass(frozen=True)
class Rule:
    quorum_percent: Decimal = Decimal(50)
    majority_percent: Decimal = Decimal(50)
    majority_base: str = BASE_CAST
    # More than half of the sitting members must be present (Gemeentewet art. 20).
    head_quorum: bool = True


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
    heads_present: int
    heads_total: int
    quorum_heads_met: bool
    quorum_weight_met: bool
    quorum_met: bool
    adopted: bool
    tie: bool
    weighted: bool

    @property
    def full(self) -> bool:
        """Every sitting member is present (a voltallige vergadering, art. 32)."""
        return self.heads_present == self.heads_total

    @property
    def share_present(self) -> Fraction | None:
        """Weight present as a share of all weight (None for a body without weight)."""
        if not self.weight_total:
            return None
        return Fraction(self.weight_present) / Fraction(self.weight_total)

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


def tally(
    ballots: Iterable[Ballot], *, rule: Rule, weight_total: Decimal, heads_total: int
) -> Result:
    """Count ``ballots`` under ``rule``; ``weight_total`` is the weight of all seats and
    ``heads_total`` the number of sitting members (zitting hebbende leden).

    Every member present casts one ballot (an abstention included), so the ballots are
    the members present and the weight present is their sum.

    * ``quorum_heads_met``: more than half of ``heads_total`` present (Gemeentewet
      art. 20 lid 1), whatever the rule says, so it can always be shown;
    * ``quorum_weight_met``: more than ``quorum_percent`` of ``weight_total`` present;
    * ``quorum_met``: the weight quorum, and the head quorum when ``rule.head_quorum``
      (Wgr art. 23 lid 3: both must hold);
    * ``tie``: a quorate vote that is not adopted with as much weight for as against
      (and some weight cast): staking van stemmen, Gemeentewet art. 32. Under weighted
      voting the counted measure is the weight, so equal weights are a tie and equal
      heads with unequal weights are not;
    * ``weighted``: the weights differ from one per member (under one member, one vote
      the weight quorum says the same as the head quorum).
    """
    ballots = list(ballots)
    sums = {choice: Decimal(0) for choice in CHOICES}
    counts = dict.fromkeys(CHOICES, 0)
    weighted = weight_total != heads_total
    for ballot in ballots:
        if ballot.choice not in sums:
            raise ValueError(f"unknown choice {ballot.choice!r}")
        if ballot.weight < 0:
            raise ValueError("a ballot weight must not be negative")
        sums[ballot.choice] += ballot.weight
        counts[ballot.choice] += 1
        weighted = weighted or ballot.weight != 1
    present = sums[FOR] + sums[AGAINST] + sums[ABSTAIN]
    if present > weight_total:
        raise ValueError("more weight present than the body has")
    if heads_total < 0:
        raise ValueError("the number of sitting members must not be negative")
    if len(ballots) > heads_total:
        raise ValueError("more members present than the body has seats")
    heads_met = heads_total > 0 and 2 * len(ballots) > heads_total
    weight_met = weight_total > 0 and _more_than(present, rule.quorum_percent, weight_total)
    quorum_met = weight_met and (heads_met or not rule.head_quorum)
    base = {
        BASE_CAST: sums[FOR] + sums[AGAINST],
        BASE_PRESENT: present,
        BASE_ALL: weight_total,
    }[rule.majority_base]
    adopted = quorum_met and base > 0 and _more_than(sums[FOR], rule.majority_percent, base)
    tie = quorum_met and not adopted and sums[FOR] == sums[AGAINST] and sums[FOR] > 0
    return Result(
        weight_for=sums[FOR],
        weight_against=sums[AGAINST],
        weight_abstain=sums[ABSTAIN],
        weight_present=present,
        weight_total=weight_total,
        count_for=counts[FOR],
        count_against=counts[AGAINST],
        count_abstain=counts[ABSTAIN],
        heads_present=len(ballots),
        heads_total=heads_total,
        quorum_heads_met=heads_met,
        quorum_weight_met=weight_met,
        quorum_met=quorum_met,
        adopted=adopted,
        tie=tie,
        weighted=weighted,
    )


def tie_consequence(*, full_meeting: bool, postponed_for_tie_before: bool) -> str:
    """What a tie (``Result.tie``) leads to: ``POSTPONED`` or ``REJECTED``.

    Gemeentewet art. 32 lid 1 (Wgr art. 22): "Staken de stemmen in een voltallige
    vergadering, dan is het voorstel verworpen." Lid 2: "Is de vergadering niet
    voltallig, dan wordt het nemen van een beslissing uitgesteld tot een volgende
    vergadering [...]. Staken in die vergadering de stemmen [...], dan is het voorstel
    verworpen." ``full_meeting``: every sitting member was present;
    ``postponed_for_tie_before``: this is the meeting the decision was postponed to
    because of an earlier tie.
    """
    if full_meeting or postponed_for_tie_before:
        return REJECTED
    return POSTPONED
