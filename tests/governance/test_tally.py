"""The weighted vote tally (``governance.tally``): pure rules, no database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.tally import (
    ABSTAIN,
    AGAINST,
    BASE_ALL,
    BASE_CAST,
    BASE_PRESENT,
    FIXED,
    FOR,
    ONE_MEMBER_ONE_VOTE,
    POPULATION,
    Ballot,
    Rule,
    member_weight,
    tally,
)

D = Decimal
SIMPLE = Rule()


def ballots(*pairs: tuple[str | int, str]) -> list[Ballot]:
    return [Ballot(weight=D(weight), choice=choice) for weight, choice in pairs]


def votes(n_for: int = 0, n_against: int = 0, n_abstain: int = 0) -> list[Ballot]:
    """One-member-one-vote ballots."""
    return ballots(*([(1, FOR)] * n_for + [(1, AGAINST)] * n_against + [(1, ABSTAIN)] * n_abstain))


# --- member_weight ---------------------------------------------------------------


def test_one_member_one_vote_weighs_one_whatever_the_municipality():
    assert member_weight(ONE_MEMBER_ONE_VOTE) == D(1)
    assert member_weight(ONE_MEMBER_ONE_VOTE, fixed_weight=D(7), population=127_400) == D(1)


def test_fixed_weighting_uses_the_membership_weight():
    assert member_weight(FIXED, fixed_weight=D("2.500")) == D("2.5")
    assert member_weight(FIXED, fixed_weight=D(0)) == D(0)


@pytest.mark.parametrize("weight", [None, D("-0.001"), D(-1)])
def test_fixed_weighting_refuses_a_missing_or_negative_weight(weight):
    with pytest.raises(ValueError, match="fixed weight"):
        member_weight(FIXED, fixed_weight=weight)


def test_population_weighting_uses_the_municipality_population():
    assert member_weight(POPULATION, population=127_400) == D(127_400)
    assert member_weight(POPULATION, population=0) == D(0)


@pytest.mark.parametrize("population", [None, -1])
def test_population_weighting_refuses_a_missing_or_negative_population(population):
    with pytest.raises(ValueError, match="population"):
        member_weight(POPULATION, population=population)


def test_unknown_weighting_is_refused():
    with pytest.raises(ValueError, match="unknown weighting"):
        member_weight("by_shoe_size")


# --- one member, one vote ----------------------------------------------------------


def test_simple_majority_of_votes_cast_adopts():
    result = tally(votes(3, 2), rule=SIMPLE, weight_total=D(5))
    assert result.adopted and result.quorum_met
    assert (result.count_for, result.count_against, result.count_abstain) == (3, 2, 0)
    assert (result.weight_for, result.weight_against) == (D(3), D(2))
    assert result.weight_present == D(5)
    assert result.weight_total == D(5)
    assert result.share_for == Fraction(3, 5)


def test_minority_rejects():
    assert not tally(votes(2, 3), rule=SIMPLE, weight_total=D(5)).adopted


def test_tie_is_not_adopted():
    result = tally(votes(2, 2), rule=SIMPLE, weight_total=D(5))
    assert result.quorum_met
    assert not result.adopted
    assert result.share_for == Fraction(1, 2)


def test_abstentions_do_not_count_in_votes_cast():
    # 2 for, 1 against, 5 abstain of 9: adopted over the votes cast.
    result = tally(votes(2, 1, 5), rule=SIMPLE, weight_total=D(9))
    assert result.adopted
    assert result.weight_abstain == D(5)
    assert result.count_abstain == 5


def test_abstentions_count_as_not_in_favour_over_the_weight_present():
    rule = Rule(majority_base=BASE_PRESENT)
    assert not tally(votes(2, 1, 5), rule=rule, weight_total=D(9)).adopted
    assert tally(votes(5, 1, 2), rule=rule, weight_total=D(9)).adopted


def test_majority_of_all_weight_counts_absentees_against():
    rule = Rule(majority_base=BASE_ALL)
    # 5 present of 9, all in favour: 5 of 9 is more than half of all weight.
    assert tally(votes(5), rule=rule, weight_total=D(9)).adopted
    # 4 in favour of 9 is not, even with nobody against.
    assert not tally(votes(4, 0, 1), rule=rule, weight_total=D(9)).adopted


@pytest.mark.parametrize(
    ("base", "expected"), [(BASE_CAST, True), (BASE_PRESENT, False), (BASE_ALL, False)]
)
def test_the_same_votes_under_each_majority_base(base, expected):
    # 3 for, 2 against, 2 abstain, 1 absent of 8.
    result = tally(votes(3, 2, 2), rule=Rule(majority_base=base), weight_total=D(8))
    assert result.adopted is expected


def test_zero_votes_cast_is_not_adopted():
    result = tally(votes(0, 0, 6), rule=SIMPLE, weight_total=D(10))
    assert result.quorum_met
    assert not result.adopted
    assert result.share_for is None


def test_no_ballots_at_all():
    result = tally([], rule=SIMPLE, weight_total=D(10))
    assert not result.quorum_met and not result.adopted
    assert result.weight_present == D(0)
    assert result.share_for is None


def test_a_body_without_weight_never_has_a_quorum():
    result = tally([], rule=Rule(quorum_percent=D(0)), weight_total=D(0))
    assert not result.quorum_met and not result.adopted


def test_unanimous_adopts():
    assert tally(votes(7), rule=SIMPLE, weight_total=D(7)).adopted


# --- quorum ---------------------------------------------------------------------------


def test_quorum_exactly_half_is_not_met():
    # "meer dan de helft": 5 of 10 present is not enough, even unanimous.
    result = tally(votes(5), rule=SIMPLE, weight_total=D(10))
    assert not result.quorum_met
    assert not result.adopted


def test_quorum_just_above_half_is_met():
    assert tally(votes(6), rule=SIMPLE, weight_total=D(10)).quorum_met


def test_quorum_with_fractional_weights_just_above_half():
    present = ballots(("5.001", FOR))
    assert tally(present, rule=SIMPLE, weight_total=D(10)).quorum_met
    exactly = ballots(("5.000", FOR))
    assert not tally(exactly, rule=SIMPLE, weight_total=D(10)).quorum_met


def test_abstentions_count_towards_the_quorum():
    result = tally(votes(1, 0, 5), rule=SIMPLE, weight_total=D(10))
    assert result.quorum_met
    assert result.adopted  # 1 for, 0 against over the votes cast


def test_odd_total_half_never_rounds():
    # 9 seats: half is 4.5, so 4 present is short and 5 is enough.
    assert not tally(votes(4), rule=SIMPLE, weight_total=D(9)).quorum_met
    assert tally(votes(5), rule=SIMPLE, weight_total=D(9)).quorum_met


def test_quorum_percent_other_than_half():
    rule = Rule(quorum_percent=D("66.67"))
    assert not tally(votes(2), rule=rule, weight_total=D(3)).quorum_met  # 66.66… %
    assert tally(votes(3), rule=rule, weight_total=D(3)).quorum_met


def test_zero_quorum_needs_anyone_present():
    rule = Rule(quorum_percent=D(0))
    assert not tally([], rule=rule, weight_total=D(5)).quorum_met
    assert tally(votes(1), rule=rule, weight_total=D(5)).quorum_met


# --- qualified majorities and exact arithmetic ------------------------------------------


def test_two_thirds_majority_exactly_two_thirds_is_not_enough():
    rule = Rule(majority_percent=Fraction(200, 3))  # exactly 66⅔ %
    assert not tally(votes(2, 1), rule=rule, weight_total=D(3)).adopted
    assert tally(votes(3, 0), rule=rule, weight_total=D(3)).adopted


def test_two_thirds_as_decimal_percentage():
    rule = Rule(majority_percent=D("66.66"))
    # 2 of 3 is 66.666… %: more than 66.66 %.
    assert tally(votes(2, 1), rule=rule, weight_total=D(3)).adopted


def test_exact_arithmetic_with_odd_weights():
    # 1/3 + 1/3 + 1/3 in Decimal would not be exactly 1; the weights here are exact
    # three-decimal snapshots, and the comparison is done in fractions.
    result = tally(
        ballots(("33.333", FOR), ("33.333", AGAINST), ("33.334", FOR)),
        rule=SIMPLE,
        weight_total=D(100),
    )
    assert result.weight_for == D("66.667")
    assert result.weight_present == D(100)
    assert result.adopted
    assert result.share_for == Fraction(66667, 100000)


def test_weight_for_exactly_half_of_an_odd_weight_cast_is_a_tie():
    # 2.5 for, 2.5 against of a 5-weight body.
    result = tally(ballots(("2.5", FOR), ("2.5", AGAINST)), rule=SIMPLE, weight_total=D(5))
    assert result.quorum_met and not result.adopted


# --- weighted voting ---------------------------------------------------------------------


def test_fixed_weights_can_outvote_a_majority_of_members():
    # Two small members for, one big member against.
    weights = [member_weight(FIXED, fixed_weight=D(w)) for w in ("1", "1", "3")]
    cast = [Ballot(weights[0], FOR), Ballot(weights[1], FOR), Ballot(weights[2], AGAINST)]
    result = tally(cast, rule=SIMPLE, weight_total=D(5))
    assert (result.count_for, result.count_against) == (2, 1)
    assert not result.adopted


def test_population_weighting_follows_the_inhabitants():
    leiden = member_weight(POPULATION, population=127_400)
    gouda = member_weight(POPULATION, population=75_500)
    katwijk = member_weight(POPULATION, population=67_000)
    total = leiden + gouda + katwijk
    against_leiden = tally(
        [Ballot(leiden, AGAINST), Ballot(gouda, FOR), Ballot(katwijk, FOR)],
        rule=SIMPLE,
        weight_total=total,
    )
    assert against_leiden.adopted  # 142 500 for, 127 400 against
    only_leiden = tally([Ballot(leiden, FOR)], rule=SIMPLE, weight_total=total)
    assert not only_leiden.quorum_met  # 127 400 of 269 900 is less than half


def test_population_weighting_quorum_by_weight_not_heads():
    big = member_weight(POPULATION, population=200_000)
    small = [member_weight(POPULATION, population=10_000) for _ in range(5)]
    total = big + sum(small)
    # One member of six present, but with 80 % of the weight: quorum.
    assert tally([Ballot(big, FOR)], rule=SIMPLE, weight_total=total).quorum_met
    # Five members of six present, with 20 % of the weight: no quorum.
    five = [Ballot(w, FOR) for w in small]
    assert not tally(five, rule=SIMPLE, weight_total=total).quorum_met


def test_a_zero_weight_ballot_counts_as_a_head_but_not_as_weight():
    result = tally(ballots((0, FOR), (1, AGAINST)), rule=SIMPLE, weight_total=D(1))
    assert result.count_for == 1 and result.weight_for == D(0)
    assert not result.adopted


# --- refusals ---------------------------------------------------------------------------


def test_more_weight_present_than_the_body_has_is_refused():
    with pytest.raises(ValueError, match="more weight present"):
        tally(votes(4), rule=SIMPLE, weight_total=D(3))


def test_negative_ballot_weight_is_refused():
    with pytest.raises(ValueError, match="negative"):
        tally(ballots((-1, FOR)), rule=SIMPLE, weight_total=D(3))


def test_unknown_choice_is_refused():
    with pytest.raises(ValueError, match="unknown choice"):
        tally(ballots((1, "maybe")), rule=SIMPLE, weight_total=D(3))


def test_absent_is_not_a_choice():
    # Absent members cast no ballot at all.
    with pytest.raises(ValueError, match="unknown choice"):
        tally(ballots((1, "absent")), rule=SIMPLE, weight_total=D(3))


# --- properties ------------------------------------------------------------------------

weights = st.decimals(min_value=0, max_value=1_000_000, places=3, allow_nan=False)
choices = st.sampled_from([FOR, AGAINST, ABSTAIN])
ballot_lists = st.lists(st.builds(Ballot, weight=weights, choice=choices), max_size=20)
rules = st.builds(
    Rule,
    quorum_percent=st.decimals(min_value=0, max_value=100, places=2),
    majority_percent=st.decimals(min_value=0, max_value="99.99", places=2),
    majority_base=st.sampled_from([BASE_CAST, BASE_PRESENT, BASE_ALL]),
)
spare = st.decimals(min_value=0, max_value=1_000_000, places=3)


def _total(cast: list[Ballot], extra: Decimal) -> Decimal:
    return sum((b.weight for b in cast), D(0)) + extra


@given(cast=ballot_lists, rule=rules, extra=spare, added=weights)
def test_adding_a_vote_in_favour_never_undoes_adoption(cast, rule, extra, added):
    # The new member was absent before (their weight is part of the total).
    total = _total(cast, extra) + added
    before = tally(cast, rule=rule, weight_total=total)
    after = tally([*cast, Ballot(added, FOR)], rule=rule, weight_total=total)
    if before.adopted:
        assert after.adopted


@given(cast=ballot_lists, rule=rules, extra=spare, added=weights)
def test_adding_a_vote_against_never_adopts(cast, rule, extra, added):
    total = _total(cast, extra) + added
    before = tally(cast, rule=rule, weight_total=total)
    after = tally([*cast, Ballot(added, AGAINST)], rule=rule, weight_total=total)
    if not before.adopted and before.quorum_met:
        assert not after.adopted


@given(cast=ballot_lists, rule=rules, extra=spare)
def test_sums_add_up(cast, rule, extra):
    result = tally(cast, rule=rule, weight_total=_total(cast, extra))
    assert result.weight_for + result.weight_against + result.weight_abstain == (
        result.weight_present
    )
    assert result.count_for + result.count_against + result.count_abstain == len(cast)
    assert result.weight_present <= result.weight_total


@given(cast=ballot_lists, rule=rules, extra=spare)
def test_adopted_implies_quorum_and_more_for_than_against(cast, rule, extra):
    result = tally(cast, rule=rule, weight_total=_total(cast, extra))
    if result.adopted:
        assert result.quorum_met
        assert result.weight_for > 0
        if rule.majority_percent >= 50:
            assert result.weight_for > result.weight_against


@given(cast=ballot_lists, rule=rules, extra=spare)
def test_order_of_ballots_does_not_matter(cast, rule, extra):
    total = _total(cast, extra)
    assert tally(cast, rule=rule, weight_total=total) == tally(
        list(reversed(cast)), rule=rule, weight_total=total
    )


@given(cast=ballot_lists, extra=spare)
def test_a_tie_is_never_adopted_under_a_simple_majority_of_votes_cast(cast, extra):
    opposite = {FOR: AGAINST, AGAINST: FOR, ABSTAIN: ABSTAIN}
    mirrored = [*cast, *(Ballot(b.weight, opposite[b.choice]) for b in cast)]
    total = _total(mirrored, extra)
    assert not tally(mirrored, rule=SIMPLE, weight_total=total).adopted


@given(cast=ballot_lists, rule=rules, extra=spare, added=weights)
def test_an_abstention_never_breaks_the_quorum(cast, rule, extra, added):
    total = _total(cast, extra) + added
    before = tally(cast, rule=rule, weight_total=total)
    after = tally([*cast, Ballot(added, ABSTAIN)], rule=rule, weight_total=total)
    if before.quorum_met:
        assert after.quorum_met
