"""The reserve policy as a pure function (reserves/policy.py): the band's edges to the cent,
the forecast horizon, the order of the rules, and the payback per municipality in cents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reserves.policy import (
    Kind,
    Outcome,
    Policy,
    Position,
    Source,
    evaluate,
    horizon,
    payback_shares,
)

D = dt.date
MLN = Decimal("1000000")
POLICY = Policy(minimum=3 * MLN, maximum=6 * MLN)
CENT = Decimal("0.01")
ACCOUNTS_2022 = D(2022, 12, 31)


def actual(capacity: Decimal, on: dt.date = ACCOUNTS_2022) -> Position:
    return Position(on, capacity, Source.ACCOUNTS)


def forecast(capacity: Decimal, on: dt.date, source: Source = Source.FORECAST) -> Position:
    return Position(on, capacity, source)


# --- the band's edges ---------------------------------------------------------------------


def test_exactly_the_minimum_is_inside_the_band():
    assert evaluate(actual(3 * MLN), [], POLICY) == Outcome(
        Kind.APPROPRIATION, position=actual(3 * MLN)
    )


def test_a_cent_below_the_minimum_requires_a_recovery_plan_now():
    position = actual(3 * MLN - CENT)
    assert evaluate(position, [], POLICY) == Outcome(
        Kind.RECOVERY_NOW, amount=CENT, by=ACCOUNTS_2022, position=position
    )


def test_exactly_the_maximum_is_inside_the_band():
    assert evaluate(actual(6 * MLN), [], POLICY).kind == Kind.APPROPRIATION


def test_a_cent_above_the_maximum_is_paid_back():
    position = actual(6 * MLN + CENT)
    assert evaluate(position, [], POLICY) == Outcome(Kind.PAYBACK, amount=CENT, position=position)


def test_the_payback_is_the_surplus_above_the_maximum():
    assert evaluate(actual(Decimal("7250000.50")), [], POLICY).amount == Decimal("1250000.50")


def test_the_shortfall_is_measured_against_the_minimum():
    assert evaluate(actual(Decimal("2100000")), [], POLICY).amount == Decimal("900000")


def test_a_negative_capacity_is_a_shortfall_larger_than_the_minimum():
    assert evaluate(actual(Decimal("-500000")), [], POLICY).amount == Decimal("3500000")


def test_without_an_actual_position_nothing_can_be_said():
    assert evaluate(None, [forecast(Decimal("1"), D(2023, 6, 30))], POLICY) == Outcome(Kind.NONE)


# --- the forecast ----------------------------------------------------------------------------


def test_a_forecast_below_the_minimum_requires_a_plan_by_its_date():
    threat = forecast(Decimal("2800000"), D(2023, 9, 30), Source.AMENDMENT)
    outcome = evaluate(actual(4 * MLN), [threat], POLICY)
    assert outcome == Outcome(
        Kind.RECOVERY_BY, amount=Decimal("200000"), by=D(2023, 9, 30), position=threat
    )
    assert outcome.kind.needs_recovery_plan


def test_the_first_forecast_below_the_minimum_sets_the_date_whatever_their_order():
    later = forecast(Decimal("1000000"), D(2023, 9, 30))
    earlier = forecast(Decimal("2900000"), D(2023, 3, 31))
    outcome = evaluate(actual(4 * MLN), [later, earlier], POLICY)
    assert (outcome.by, outcome.amount) == (D(2023, 3, 31), Decimal("100000"))


def test_a_forecast_exactly_at_the_minimum_threatens_nothing():
    outcome = evaluate(actual(4 * MLN), [forecast(3 * MLN, D(2023, 6, 30))], POLICY)
    assert outcome.kind == Kind.APPROPRIATION


def test_the_horizon_is_the_end_of_the_year_after_the_positions_year():
    assert horizon(actual(4 * MLN, D(2022, 12, 31))) == D(2023, 12, 31)
    assert horizon(actual(4 * MLN, D(2022, 1, 1))) == D(2023, 12, 31)


def test_a_forecast_on_the_horizon_counts_and_one_a_day_later_does_not():
    low = Decimal("2000000")
    on_horizon = evaluate(actual(4 * MLN), [forecast(low, D(2023, 12, 31))], POLICY)
    after = evaluate(actual(4 * MLN), [forecast(low, D(2024, 1, 1))], POLICY)
    assert on_horizon.kind == Kind.RECOVERY_BY
    assert after.kind == Kind.APPROPRIATION


def test_forecasts_on_or_before_the_positions_day_do_not_count():
    low = Decimal("2000000")
    same_day = evaluate(actual(4 * MLN), [forecast(low, ACCOUNTS_2022)], POLICY)
    before = evaluate(actual(4 * MLN), [forecast(low, D(2022, 6, 30))], POLICY)
    assert same_day.kind == before.kind == Kind.APPROPRIATION


def test_a_threatening_forecast_goes_before_a_payback():
    outcome = evaluate(actual(7 * MLN), [forecast(Decimal("2500000"), D(2023, 6, 30))], POLICY)
    assert outcome.kind == Kind.RECOVERY_BY


def test_below_the_minimum_now_goes_before_a_forecast_date():
    outcome = evaluate(actual(2 * MLN), [forecast(MLN, D(2023, 6, 30))], POLICY)
    assert (outcome.kind, outcome.by) == (Kind.RECOVERY_NOW, ACCOUNTS_2022)


def test_a_prognosis_alone_asks_for_no_payback_and_no_appropriation():
    for capacity in (4 * MLN, 7 * MLN):
        position = Position(ACCOUNTS_2022, capacity, Source.BUDGET)
        assert evaluate(position, [], POLICY) == Outcome(Kind.NONE, position=position)


def test_a_prognosis_below_the_minimum_still_asks_for_a_plan():
    position = Position(ACCOUNTS_2022, Decimal("2500000"), Source.FORECAST)
    assert evaluate(position, [], POLICY).kind == Kind.RECOVERY_NOW


def test_only_the_annual_accounts_are_actual():
    assert [source.is_actual for source in Source] == [True, False, False, False]
    assert {kind.needs_recovery_plan for kind in Kind if kind.value.startswith("recovery")} == {
        True
    }
    assert not any(kind.needs_recovery_plan for kind in (Kind.NONE, Kind.PAYBACK))


def test_the_2023_story():
    """The seed: the rejected 1st budget amendment 2023 leaves the deficit in the result,
    the forecast of the 2023 accounts drops below €3 mln: a recovery plan is required by
    the date of that forecast (the plan went to the AB of 10 July 2024)."""
    accounts_2022 = actual(Decimal("3400000"))
    rejected = forecast(Decimal("2650000"), D(2023, 12, 31), Source.AMENDMENT)
    outcome = evaluate(accounts_2022, [rejected], POLICY)
    assert (outcome.kind, outcome.by, outcome.amount) == (
        Kind.RECOVERY_BY,
        D(2023, 12, 31),
        Decimal("350000"),
    )


# --- the band itself ---------------------------------------------------------------------------


def test_a_band_with_its_maximum_below_its_minimum_is_refused():
    with pytest.raises(ValueError, match=r"^the maximum of the band cannot be below its minimum$"):
        Policy(minimum=6 * MLN, maximum=3 * MLN)


def test_a_band_with_a_negative_minimum_is_refused():
    with pytest.raises(ValueError, match=r"^the minimum of the band cannot be negative$"):
        Policy(minimum=-CENT, maximum=3 * MLN)


def test_a_band_may_start_at_zero_or_below_one_euro():
    assert Policy(minimum=Decimal("0"), maximum=MLN).minimum == 0
    assert Policy(minimum=Decimal("0.50"), maximum=MLN).minimum == Decimal("0.50")


def test_a_band_of_one_value_is_allowed():
    policy = Policy(minimum=3 * MLN, maximum=3 * MLN)
    assert evaluate(actual(3 * MLN), [], policy).kind == Kind.APPROPRIATION
    assert evaluate(actual(3 * MLN + CENT), [], policy).kind == Kind.PAYBACK


# --- payback per municipality ---------------------------------------------------------------


def test_the_payback_is_divided_by_population_to_the_cent_and_sums_exactly():
    shares = payback_shares(
        Decimal("1000000.00"), {"Leiden": 127400, "Gouda": 75500, "Zoeterwoude": 9200}
    )
    assert sum(shares.values()) == Decimal("1000000.00")
    # Exact shares in cents: 60,066,006.6 / 35,596,416.78 / 4,337,576.62; the floors leave
    # 2 cents, which go to the largest remainders (Gouda .78, Zoeterwoude .62).
    assert shares == {
        "Leiden": Decimal("600660.06"),
        "Gouda": Decimal("355964.17"),
        "Zoeterwoude": Decimal("43375.77"),
    }


def test_a_cent_left_over_goes_to_the_largest_remainder():
    assert payback_shares(CENT, {"a": 1, "b": 1, "c": 1}) == {
        "a": CENT,
        "b": Decimal("0.00"),
        "c": Decimal("0.00"),
    }


def test_a_negative_payback_is_refused():
    with pytest.raises(ValueError, match=r"^a payback cannot be negative$"):
        payback_shares(-CENT, {"a": 1})


@given(
    cents=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=18),
)
def test_payback_shares_always_sum_to_the_amount(cents, weights):
    amount = Decimal(cents) / 100
    shares = payback_shares(amount, dict(enumerate(weights)))
    assert sum(shares.values()) == amount
    assert all(share >= 0 for share in shares.values())


@given(capacity=st.integers(min_value=-(10**9), max_value=10**10))
def test_every_actual_position_has_exactly_one_outcome_consistent_with_the_band(capacity):
    value = Decimal(capacity) / 100
    outcome = evaluate(actual(value), [], POLICY)
    if value < POLICY.minimum:
        assert outcome.kind == Kind.RECOVERY_NOW and outcome.amount == POLICY.minimum - value
    elif value > POLICY.maximum:
        assert outcome.kind == Kind.PAYBACK and outcome.amount == value - POLICY.maximum
    else:
        assert outcome.kind == Kind.APPROPRIATION and outcome.amount == 0
