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
    POSTPONED,
    REJECTED,
    Ballot,
    Result,
    Rule,
    member_weight,
    tally,
    tie_consequence,
)

D = Decimal
SIMPLE = Rule()
# The weight quorum alone (a body other than the AB or DB that switched heads off).
WEIGHT_ONLY = Rule(head_quorum=False)


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
    result = tally(votes(3, 2), rule=SIMPLE, weight_total=D(5), heads_total=5)
    assert result.adopted and result.quorum_met
    assert (result.count_for, result.count_against, result.count_abstain) == (3, 2, 0)
    assert (result.weight_for, result.weight_against) == (D(3), D(2))
    assert result.weight_present == D(5)
    assert result.weight_total == D(5)
    assert result.share_for == Fraction(3, 5)


def test_minority_rejects():
    assert not tally(votes(2, 3), rule=SIMPLE, weight_total=D(5), heads_total=5).adopted


def test_tie_is_not_adopted():
    result = tally(votes(2, 2), rule=SIMPLE, weight_total=D(5), heads_total=5)
    assert result.quorum_met
    assert not result.adopted
    assert result.share_for == Fraction(1, 2)


def test_abstentions_do_not_count_in_votes_cast():
    # 2 for, 1 against, 5 abstain of 9: adopted over the votes cast.
    result = tally(votes(2, 1, 5), rule=SIMPLE, weight_total=D(9), heads_total=9)
    assert result.adopted
    assert result.weight_abstain == D(5)
    assert result.count_abstain == 5


def test_abstentions_count_as_not_in_favour_over_the_weight_present():
    rule = Rule(majority_base=BASE_PRESENT)
    assert not tally(votes(2, 1, 5), rule=rule, weight_total=D(9), heads_total=9).adopted
    assert tally(votes(5, 1, 2), rule=rule, weight_total=D(9), heads_total=9).adopted


def test_majority_of_all_weight_counts_absentees_against():
    rule = Rule(majority_base=BASE_ALL)
    # 5 present of 9, all in favour: 5 of 9 is more than half of all weight.
    assert tally(votes(5), rule=rule, weight_total=D(9), heads_total=9).adopted
    # 4 in favour of 9 is not, even with nobody against.
    assert not tally(votes(4, 0, 1), rule=rule, weight_total=D(9), heads_total=9).adopted


@pytest.mark.parametrize(
    ("base", "expected"), [(BASE_CAST, True), (BASE_PRESENT, False), (BASE_ALL, False)]
)
def test_the_same_votes_under_each_majority_base(base, expected):
    # 3 for, 2 against, 2 abstain, 1 absent of 8.
    result = tally(votes(3, 2, 2), rule=Rule(majority_base=base), weight_total=D(8), heads_total=8)
    assert result.adopted is expected


def test_zero_votes_cast_is_not_adopted():
    result = tally(votes(0, 0, 6), rule=SIMPLE, weight_total=D(10), heads_total=10)
    assert result.quorum_met
    assert not result.adopted
    assert result.share_for is None


def test_no_ballots_at_all():
    result = tally([], rule=SIMPLE, weight_total=D(10), heads_total=10)
    assert not result.quorum_met and not result.adopted
    assert result.weight_present == D(0)
    assert result.share_for is None


def test_a_body_without_weight_never_has_a_quorum():
    result = tally([], rule=Rule(quorum_percent=D(0)), weight_total=D(0), heads_total=0)
    assert not result.quorum_met and not result.adopted


def test_unanimous_adopts():
    assert tally(votes(7), rule=SIMPLE, weight_total=D(7), heads_total=7).adopted


# --- quorum ---------------------------------------------------------------------------


def test_quorum_exactly_half_is_not_met():
    # "meer dan de helft": 5 of 10 present is not enough, even unanimous.
    result = tally(votes(5), rule=SIMPLE, weight_total=D(10), heads_total=10)
    assert not result.quorum_met
    assert not result.adopted


def test_quorum_just_above_half_is_met():
    assert tally(votes(6), rule=SIMPLE, weight_total=D(10), heads_total=10).quorum_met


def test_quorum_with_fractional_weights_just_above_half():
    present = ballots(("5.001", FOR))
    assert tally(present, rule=SIMPLE, weight_total=D(10), heads_total=1).quorum_met
    exactly = ballots(("5.000", FOR))
    assert not tally(exactly, rule=SIMPLE, weight_total=D(10), heads_total=1).quorum_met


def test_abstentions_count_towards_the_quorum():
    result = tally(votes(1, 0, 5), rule=SIMPLE, weight_total=D(10), heads_total=10)
    assert result.quorum_met
    assert result.adopted  # 1 for, 0 against over the votes cast


def test_odd_total_half_never_rounds():
    # 9 seats: half is 4.5, so 4 present is short and 5 is enough.
    assert not tally(votes(4), rule=SIMPLE, weight_total=D(9), heads_total=9).quorum_met
    assert tally(votes(5), rule=SIMPLE, weight_total=D(9), heads_total=9).quorum_met


def test_quorum_percent_other_than_half():
    rule = Rule(quorum_percent=D("66.67"))
    assert not tally(votes(2), rule=rule, weight_total=D(3), heads_total=3).quorum_met  # 66.66… %
    assert tally(votes(3), rule=rule, weight_total=D(3), heads_total=3).quorum_met


def test_zero_quorum_needs_anyone_present():
    rule = Rule(quorum_percent=D(0), head_quorum=False)
    assert not tally([], rule=rule, weight_total=D(5), heads_total=5).quorum_met
    assert tally(votes(1), rule=rule, weight_total=D(5), heads_total=5).quorum_met


# --- qualified majorities and exact arithmetic ------------------------------------------


def test_two_thirds_majority_exactly_two_thirds_is_not_enough():
    rule = Rule(majority_percent=Fraction(200, 3))  # exactly 66⅔ %
    assert not tally(votes(2, 1), rule=rule, weight_total=D(3), heads_total=3).adopted
    assert tally(votes(3, 0), rule=rule, weight_total=D(3), heads_total=3).adopted


def test_two_thirds_as_decimal_percentage():
    rule = Rule(majority_percent=D("66.66"))
    # 2 of 3 is 66.666… %: more than 66.66 %.
    assert tally(votes(2, 1), rule=rule, weight_total=D(3), heads_total=3).adopted


def test_exact_arithmetic_with_odd_weights():
    # 1/3 + 1/3 + 1/3 in Decimal would not be exactly 1; the weights here are exact
    # three-decimal snapshots, and the comparison is done in fractions.
    result = tally(
        ballots(("33.333", FOR), ("33.333", AGAINST), ("33.334", FOR)),
        rule=SIMPLE,
        weight_total=D(100),
        heads_total=3,
    )
    assert result.weight_for == D("66.667")
    assert result.weight_present == D(100)
    assert result.adopted
    assert result.share_for == Fraction(66667, 100000)


def test_weight_for_exactly_half_of_an_odd_weight_cast_is_a_tie():
    # 2.5 for, 2.5 against of a 5-weight body.
    result = tally(
        ballots(("2.5", FOR), ("2.5", AGAINST)), rule=SIMPLE, weight_total=D(5), heads_total=2
    )
    assert result.quorum_met and not result.adopted
    assert result.tie


# --- weighted voting ---------------------------------------------------------------------


def test_fixed_weights_can_outvote_a_majority_of_members():
    # Two small members for, one big member against.
    weights = [member_weight(FIXED, fixed_weight=D(w)) for w in ("1", "1", "3")]
    cast = [Ballot(weights[0], FOR), Ballot(weights[1], FOR), Ballot(weights[2], AGAINST)]
    result = tally(cast, rule=SIMPLE, weight_total=D(5), heads_total=5)
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
        heads_total=3,
    )
    assert against_leiden.adopted  # 142 500 for, 127 400 against
    only_leiden = tally([Ballot(leiden, FOR)], rule=WEIGHT_ONLY, weight_total=total, heads_total=3)
    assert not only_leiden.quorum_met  # 127 400 of 269 900 is less than half


def test_population_weighting_weight_only_quorum_counts_weight_not_heads():
    big = member_weight(POPULATION, population=200_000)
    small = [member_weight(POPULATION, population=10_000) for _ in range(5)]
    total = big + sum(small)
    # One member of six present, but with 80 % of the weight: quorum by weight only.
    one = tally([Ballot(big, FOR)], rule=WEIGHT_ONLY, weight_total=total, heads_total=6)
    assert one.quorum_met and one.quorum_weight_met and not one.quorum_heads_met
    # The statutory rule also asks for more than half of the members: no quorum.
    assert not tally([Ballot(big, FOR)], rule=SIMPLE, weight_total=total, heads_total=6).quorum_met
    # Five members of six present, with 20 % of the weight: no quorum either way.
    five = [Ballot(w, FOR) for w in small]
    assert not tally(five, rule=WEIGHT_ONLY, weight_total=total, heads_total=6).quorum_met
    assert not tally(five, rule=SIMPLE, weight_total=total, heads_total=6).quorum_met


def test_a_zero_weight_ballot_counts_as_a_head_but_not_as_weight():
    result = tally(ballots((0, FOR), (1, AGAINST)), rule=SIMPLE, weight_total=D(1), heads_total=2)
    assert result.count_for == 1 and result.weight_for == D(0)
    assert not result.adopted


# --- the statutory quorum: heads and weight (Gemeentewet art. 20, Wgr art. 23 lid 3) ----

# The 18 municipalities of the demo (governance/demo/municipalities.csv), weighted by
# population; together 836 300 inhabitants, so half the weight is 418 150.
POPULATIONS = {
    "Alphen aan den Rijn": 116_000,
    "Bodegraven-Reeuwijk": 36_000,
    "Gouda": 75_500,
    "Hillegom": 22_900,
    "Kaag en Braassem": 28_700,
    "Katwijk": 67_900,
    "Krimpenerwaard": 57_700,
    "Leiden": 127_400,
    "Leiderdorp": 28_100,
    "Lisse": 23_600,
    "Nieuwkoop": 29_700,
    "Noordwijk": 44_600,
    "Oegstgeest": 26_100,
    "Teylingen": 38_500,
    "Voorschoten": 25_900,
    "Waddinxveen": 32_500,
    "Zoeterwoude": 9_200,
    "Zuidplas": 46_000,
}
AB_WEIGHT = D(836_300)
AB_SEATS = 18


def ab(present: dict[str, str]) -> Result:
    """The AB weighted by population under the statutory rule; ``present`` maps the
    municipalities present to their vote."""
    cast = [Ballot(D(POPULATIONS[name]), choice) for name, choice in present.items()]
    return tally(cast, rule=SIMPLE, weight_total=AB_WEIGHT, heads_total=AB_SEATS)


def test_the_eighteen_add_up():
    assert len(POPULATIONS) == AB_SEATS
    assert sum(POPULATIONS.values()) == AB_WEIGHT


def test_ab_heads_met_weight_not():
    # The ten smallest: 10 of 18 members (more than 9), but 262 700 of 836 300 (31 %).
    small = [
        "Zoeterwoude", "Hillegom", "Lisse", "Voorschoten", "Oegstgeest",
        "Leiderdorp", "Kaag en Braassem", "Nieuwkoop", "Waddinxveen", "Bodegraven-Reeuwijk",
    ]  # fmt: skip
    result = ab(dict.fromkeys(small, FOR))
    assert result.heads_present == 10 and result.weight_present == D(262_700)
    assert result.quorum_heads_met and not result.quorum_weight_met
    assert not result.quorum_met and not result.adopted and not result.tie


def test_ab_weight_met_heads_not():
    # The five largest: 444 500 of 836 300 (53 %), but 5 of 18 members. Under the old
    # weight-only count this minority was a quorum on its own.
    large = ["Leiden", "Alphen aan den Rijn", "Gouda", "Katwijk", "Krimpenerwaard"]
    result = ab(dict.fromkeys(large, FOR))
    assert result.weight_present == D(444_500)
    assert result.quorum_weight_met and not result.quorum_heads_met
    assert not result.quorum_met and not result.adopted
    old = tally(
        [Ballot(D(POPULATIONS[n]), FOR) for n in large],
        rule=WEIGHT_ONLY,
        weight_total=AB_WEIGHT,
        heads_total=AB_SEATS,
    )
    assert old.quorum_met and old.adopted


def test_ab_exactly_half_of_the_members_is_not_a_quorum():
    # The nine largest: 9 of 18 is exactly half (not "meer dan de helft"), with 609 600
    # of the weight (73 %).
    nine = [
        "Leiden", "Alphen aan den Rijn", "Gouda", "Katwijk", "Krimpenerwaard",
        "Zuidplas", "Noordwijk", "Teylingen", "Bodegraven-Reeuwijk",
    ]  # fmt: skip
    result = ab(dict.fromkeys(nine, FOR))
    assert result.weight_present == D(609_600)
    assert result.quorum_weight_met and not result.quorum_heads_met and not result.quorum_met
    # One member more, the smallest, makes 10 of 18: quorum.
    assert ab({**dict.fromkeys(nine, FOR), "Zoeterwoude": FOR}).quorum_met


def test_exactly_half_of_the_weight_is_not_a_quorum():
    # Fixed weights summing to 1: ten of 0.05 and eight of 0.0625. The ten small members
    # are 10 of 18 heads but exactly half of the weight: not "meer dan de helft".
    ten, eight = [D("0.050")] * 10, [D("0.0625")] * 8
    total = sum(ten + eight, D(0))
    assert total == D(1)
    result = tally([Ballot(w, FOR) for w in ten], rule=SIMPLE, weight_total=total, heads_total=18)
    assert result.quorum_heads_met and not result.quorum_weight_met and not result.quorum_met
    # The eight large ones and one small: exactly half of the weight plus 0.05, 9 heads.
    nine = [Ballot(w, FOR) for w in [*eight, ten[0]]]
    result = tally(nine, rule=SIMPLE, weight_total=total, heads_total=18)
    assert result.quorum_weight_met and not result.quorum_heads_met
    # Ten small and one large: 11 heads, 0.5625: both.
    eleven = [Ballot(w, FOR) for w in [*ten, eight[0]]]
    assert tally(eleven, rule=SIMPLE, weight_total=total, heads_total=18).quorum_met


def test_ab_both_met_and_adopted_by_weight_against_most_heads():
    # Fifteen present (the three smallest away): 780 600 of 836 300. Leiden, Alphen and
    # Gouda (318 900) against, twelve members (461 700) for.
    away = {"Zoeterwoude", "Hillegom", "Lisse"}
    votes_ = {n: FOR for n in POPULATIONS if n not in away}
    votes_.update({"Leiden": AGAINST, "Alphen aan den Rijn": AGAINST, "Gouda": AGAINST})
    result = ab(votes_)
    assert (result.heads_present, result.heads_total) == (15, 18)
    assert result.weight_present == D(780_600)
    assert result.weight_for == D(461_700) and result.weight_against == D(318_900)
    assert result.quorum_heads_met and result.quorum_weight_met and result.quorum_met
    assert result.adopted and not result.full and result.weighted
    assert result.share_present == Fraction(780_600, 836_300)


def test_the_head_quorum_is_checked_under_one_member_one_vote_too():
    result = tally(votes(5, 4), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert not result.quorum_met and not result.quorum_heads_met
    assert not result.weighted
    assert tally(votes(5, 4, 1), rule=SIMPLE, weight_total=D(18), heads_total=18).quorum_met


def test_a_one_seat_body():
    alone = tally(votes(1), rule=SIMPLE, weight_total=D(1), heads_total=1)
    assert alone.quorum_met and alone.adopted and alone.full
    assert not tally([], rule=SIMPLE, weight_total=D(1), heads_total=1).quorum_met
    against = tally(votes(0, 1), rule=SIMPLE, weight_total=D(1), heads_total=1)
    assert against.quorum_met and not against.adopted and not against.tie


def test_weights_summing_to_at_most_one():
    # Three members with 0.333, 0.333 and 0.334 (a fixed-weight body).
    weights = [D("0.333"), D("0.333"), D("0.334")]
    total = sum(weights, D(0))
    two = tally(
        [Ballot(weights[0], FOR), Ballot(weights[1], AGAINST)],
        rule=SIMPLE,
        weight_total=total,
        heads_total=3,
    )
    assert two.quorum_met  # 2 of 3 heads, 0.666 of 1
    assert two.tie  # 0.333 against 0.333
    assert not tally(
        [Ballot(weights[2], FOR)], rule=SIMPLE, weight_total=total, heads_total=3
    ).quorum_met
    # Weights below one in total: 0.2 + 0.2 + 0.1 = 0.5; two of them are 0.4 of 0.5.
    small = tally(
        ballots(("0.2", FOR), ("0.2", FOR)), rule=SIMPLE, weight_total=D("0.5"), heads_total=3
    )
    assert small.quorum_met and small.adopted
    assert small.share_present == Fraction(4, 5)


def test_zero_weight_seats_count_as_heads_not_as_weight():
    # Three seats: 0, 5, 5. The zero seat and one other: 2 of 3 heads, 5 of 10 weight.
    result = tally(ballots((0, FOR), (5, FOR)), rule=SIMPLE, weight_total=D(10), heads_total=3)
    assert result.quorum_heads_met and not result.quorum_weight_met and not result.quorum_met
    # Both weighted seats without the zero seat: 2 of 3 heads and all the weight.
    both = tally(ballots((5, FOR), (5, AGAINST)), rule=SIMPLE, weight_total=D(10), heads_total=3)
    assert both.quorum_met and both.tie and not both.full
    # A body whose every seat weighs nothing never has a quorum.
    none = tally(ballots((0, FOR), (0, FOR)), rule=SIMPLE, weight_total=D(0), heads_total=2)
    assert none.quorum_heads_met and not none.quorum_met and not none.tie


def test_more_members_present_than_seats_is_refused():
    with pytest.raises(ValueError, match="more members present"):
        tally(votes(3), rule=SIMPLE, weight_total=D(3), heads_total=2)


def test_a_negative_number_of_seats_is_refused():
    with pytest.raises(ValueError, match="sitting members"):
        tally([], rule=SIMPLE, weight_total=D(3), heads_total=-1)


# --- ties (staking van stemmen, Gemeentewet art. 32) --------------------------------------


def test_a_tie_in_a_full_meeting():
    result = tally(votes(9, 9), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert result.tie and result.full and not result.adopted
    assert tie_consequence(full_meeting=result.full, postponed_for_tie_before=False) == REJECTED


def test_a_tie_in_a_meeting_that_is_not_full_is_postponed():
    result = tally(votes(8, 8), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert result.tie and not result.full
    assert tie_consequence(full_meeting=False, postponed_for_tie_before=False) == POSTPONED


def test_a_tie_in_the_meeting_it_was_postponed_to_rejects():
    result = tally(votes(7, 7, 1), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert result.tie and not result.full
    assert tie_consequence(full_meeting=False, postponed_for_tie_before=True) == REJECTED
    assert tie_consequence(full_meeting=True, postponed_for_tie_before=True) == REJECTED


def test_a_tie_in_weight_is_a_tie_equal_heads_are_not():
    # 9 for and 9 against by population: the weights differ, so no tie (the counted
    # measure under weighted voting is the weight).
    names = sorted(POPULATIONS, key=POPULATIONS.get)
    split = {n: (FOR if i % 2 else AGAINST) for i, n in enumerate(names)}
    result = ab(split)
    assert result.count_for == result.count_against == 9
    assert result.weight_for != result.weight_against and not result.tie
    # Two members for (3 + 1) against one (4): equal weight, a tie, though 2 heads to 1.
    weighted = tally(
        ballots((3, FOR), (1, FOR), (4, AGAINST)), rule=SIMPLE, weight_total=D(8), heads_total=3
    )
    assert weighted.tie and weighted.full


def test_no_quorum_is_no_tie():
    result = tally(votes(2, 2), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert not result.quorum_met and not result.tie


def test_nothing_cast_is_no_tie():
    result = tally(votes(0, 0, 10), rule=SIMPLE, weight_total=D(18), heads_total=18)
    assert result.quorum_met and not result.adopted and not result.tie


def test_a_tie_adopted_under_a_low_majority_is_no_tie():
    # Over 40 % of the votes cast is enough: 50 % for adopts, nothing is postponed.
    rule = Rule(majority_percent=D(40))
    result = tally(votes(5, 5), rule=rule, weight_total=D(18), heads_total=18)
    assert result.adopted and not result.tie


@pytest.mark.parametrize(
    ("full", "before", "expected"),
    [
        (False, False, POSTPONED),
        (True, False, REJECTED),
        (False, True, REJECTED),
        (True, True, REJECTED),
    ],
)
def test_tie_consequence_table(full, before, expected):
    assert tie_consequence(full_meeting=full, postponed_for_tie_before=before) == expected


# --- refusals ---------------------------------------------------------------------------


def test_more_weight_present_than_the_body_has_is_refused():
    with pytest.raises(ValueError, match="more weight present"):
        tally(votes(4), rule=SIMPLE, weight_total=D(3), heads_total=3)


def test_negative_ballot_weight_is_refused():
    with pytest.raises(ValueError, match="negative"):
        tally(ballots((-1, FOR)), rule=SIMPLE, weight_total=D(3), heads_total=3)


def test_unknown_choice_is_refused():
    with pytest.raises(ValueError, match="unknown choice"):
        tally(ballots((1, "maybe")), rule=SIMPLE, weight_total=D(3), heads_total=3)


def test_absent_is_not_a_choice():
    # Absent members cast no ballot at all.
    with pytest.raises(ValueError, match="unknown choice"):
        tally(ballots((1, "absent")), rule=SIMPLE, weight_total=D(3), heads_total=3)


# --- properties ------------------------------------------------------------------------

weights = st.decimals(min_value=0, max_value=1_000_000, places=3, allow_nan=False)
choices = st.sampled_from([FOR, AGAINST, ABSTAIN])
ballot_lists = st.lists(st.builds(Ballot, weight=weights, choice=choices), max_size=20)
rules = st.builds(
    Rule,
    quorum_percent=st.decimals(min_value=0, max_value=100, places=2),
    majority_percent=st.decimals(min_value=0, max_value="99.99", places=2),
    majority_base=st.sampled_from([BASE_CAST, BASE_PRESENT, BASE_ALL]),
    head_quorum=st.booleans(),
)
spare = st.decimals(min_value=0, max_value=1_000_000, places=3)
# Sitting members who are absent (the added member below is one more of them).
absent = st.integers(min_value=0, max_value=20)


def _total(cast: list[Ballot], extra: Decimal) -> Decimal:
    return sum((b.weight for b in cast), D(0)) + extra


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent, added=weights)
def test_adding_a_vote_in_favour_never_undoes_adoption(cast, rule, extra, away, added):
    # The new member was absent before (their weight and seat are part of the totals).
    total, heads = _total(cast, extra) + added, len(cast) + away + 1
    before = tally(cast, rule=rule, weight_total=total, heads_total=heads)
    after = tally([*cast, Ballot(added, FOR)], rule=rule, weight_total=total, heads_total=heads)
    if before.adopted:
        assert after.adopted


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent, added=weights)
def test_adding_a_vote_against_never_adopts(cast, rule, extra, away, added):
    total, heads = _total(cast, extra) + added, len(cast) + away + 1
    before = tally(cast, rule=rule, weight_total=total, heads_total=heads)
    after = tally([*cast, Ballot(added, AGAINST)], rule=rule, weight_total=total, heads_total=heads)
    if not before.adopted and before.quorum_met:
        assert not after.adopted


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent)
def test_sums_add_up(cast, rule, extra, away):
    result = tally(cast, rule=rule, weight_total=_total(cast, extra), heads_total=len(cast) + away)
    assert result.weight_for + result.weight_against + result.weight_abstain == (
        result.weight_present
    )
    assert result.count_for + result.count_against + result.count_abstain == len(cast)
    assert result.heads_present == len(cast) <= result.heads_total
    assert result.weight_present <= result.weight_total


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent)
def test_adopted_implies_quorum_and_more_for_than_against(cast, rule, extra, away):
    result = tally(cast, rule=rule, weight_total=_total(cast, extra), heads_total=len(cast) + away)
    if result.adopted:
        assert result.quorum_met and result.quorum_weight_met
        if rule.head_quorum:
            assert result.quorum_heads_met
        assert result.weight_for > 0
        assert not result.tie
        if rule.majority_percent >= 50:
            assert result.weight_for > result.weight_against


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent)
def test_a_tie_is_quorate_equal_and_not_adopted(cast, rule, extra, away):
    result = tally(cast, rule=rule, weight_total=_total(cast, extra), heads_total=len(cast) + away)
    if result.tie:
        assert result.quorum_met and not result.adopted
        assert result.weight_for == result.weight_against > 0


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent)
def test_order_of_ballots_does_not_matter(cast, rule, extra, away):
    total, heads = _total(cast, extra), len(cast) + away
    assert tally(cast, rule=rule, weight_total=total, heads_total=heads) == tally(
        list(reversed(cast)), rule=rule, weight_total=total, heads_total=heads
    )


@given(cast=ballot_lists, extra=spare, away=absent)
def test_a_tie_is_never_adopted_under_a_simple_majority_of_votes_cast(cast, extra, away):
    opposite = {FOR: AGAINST, AGAINST: FOR, ABSTAIN: ABSTAIN}
    mirrored = [*cast, *(Ballot(b.weight, opposite[b.choice]) for b in cast)]
    total = _total(mirrored, extra)
    result = tally(mirrored, rule=SIMPLE, weight_total=total, heads_total=len(mirrored) + away)
    assert not result.adopted
    if result.quorum_met and result.weight_for > 0:
        assert result.tie


@given(cast=ballot_lists, rule=rules, extra=spare, away=absent, added=weights)
def test_an_abstention_never_breaks_the_quorum(cast, rule, extra, away, added):
    total, heads = _total(cast, extra) + added, len(cast) + away + 1
    before = tally(cast, rule=rule, weight_total=total, heads_total=heads)
    after = tally([*cast, Ballot(added, ABSTAIN)], rule=rule, weight_total=total, heads_total=heads)
    if before.quorum_met:
        assert after.quorum_met


# --- refusals and the weighted flag, pinned (docs/mutation.md) ---------------------------


@pytest.mark.parametrize(
    ("refuse", "message"),
    [
        (
            lambda: member_weight(FIXED, fixed_weight=None),
            "a fixed weight is required and must not be negative",
        ),
        (
            lambda: member_weight(POPULATION, population=-1),
            "a population is required and must not be negative",
        ),
        (
            lambda: tally(ballots((-1, FOR)), rule=SIMPLE, weight_total=D(3), heads_total=3),
            "a ballot weight must not be negative",
        ),
        (
            lambda: tally(votes(3), rule=SIMPLE, weight_total=D(2), heads_total=3),
            "more weight present than the body has",
        ),
        (
            lambda: tally([], rule=SIMPLE, weight_total=D(1), heads_total=-1),
            "the number of sitting members must not be negative",
        ),
        (
            lambda: tally(votes(3), rule=SIMPLE, weight_total=D(3), heads_total=2),
            "more members present than the body has seats",
        ),
    ],
)
def test_each_refusal_says_what_is_wrong(refuse, message):
    with pytest.raises(ValueError) as refused:
        refuse()
    assert str(refused.value) == message


def test_weighted_when_the_total_or_any_ballot_differs_from_one_per_member():
    # One member, one vote, nobody present yet: not weighted (False, not just falsy).
    assert tally([], rule=SIMPLE, weight_total=D(3), heads_total=3).weighted is False
    assert tally(votes(2, 1), rule=SIMPLE, weight_total=D(3), heads_total=3).weighted is False
    # Two members present weigh 1 each, but the absent third weighs 2: weighted.
    assert tally(votes(2), rule=SIMPLE, weight_total=D(4), heads_total=3).weighted is True
    # Totals equal (2 seats, weight 2), but the one member present weighs 2: weighted.
    assert tally(ballots((2, FOR)), rule=SIMPLE, weight_total=D(2), heads_total=2).weighted
