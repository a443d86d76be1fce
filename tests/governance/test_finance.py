"""governance.finance: amounts in cents, divided exactly over the municipalities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.finance import distribute, from_cents, to_cents

populations = st.dictionaries(
    keys=st.text(min_size=1, max_size=6),
    values=st.integers(min_value=0, max_value=1_000_000),
    min_size=1,
    max_size=25,
).filter(lambda weights: sum(weights.values()) > 0)


@given(total=st.integers(min_value=-(10**12), max_value=10**12), weights=populations)
def test_parts_always_sum_exactly_to_the_total(total, weights):
    parts = distribute(total, weights)
    assert set(parts) == set(weights)
    assert sum(parts.values()) == total


@given(total=st.integers(min_value=-(10**12), max_value=10**12), weights=populations)
def test_each_part_is_within_one_cent_of_its_exact_share(total, weights):
    parts = distribute(total, weights)
    weight_sum = sum(weights.values())
    for key, weight in weights.items():
        exact = Decimal(total) * weight / weight_sum
        assert abs(parts[key] - exact) < 1


@given(total=st.integers(min_value=-(10**9), max_value=10**9), weights=populations)
def test_a_negative_amount_is_the_mirror_of_the_positive_one(total, weights):
    assert distribute(-total, weights) == {k: -v for k, v in distribute(total, weights).items()}


def test_negative_amount_keeps_its_sign_per_municipality():
    parts = distribute(-1000, {"Leiden": 3, "Gouda": 1})
    assert parts == {"Leiden": -750, "Gouda": -250}


@given(weights=populations)
def test_a_zero_total_gives_zero_parts(weights):
    assert distribute(0, weights) == dict.fromkeys(weights, 0)


@given(total=st.integers(min_value=-(10**9), max_value=10**9), weights=populations)
def test_the_result_is_deterministic(total, weights):
    # Ties are broken by the order of the keys: the same input gives the same split.
    assert distribute(total, weights) == distribute(total, dict(weights))
    assert list(distribute(total, weights)) == list(weights)


def test_ties_follow_the_order_of_the_keys():
    assert distribute(1, {"Leiden": 5, "Gouda": 5}) == {"Leiden": 1, "Gouda": 0}
    assert distribute(1, {"Gouda": 5, "Leiden": 5}) == {"Gouda": 1, "Leiden": 0}
    assert distribute(-1, {"Gouda": 5, "Leiden": 5}) == {"Gouda": -1, "Leiden": 0}


def test_one_municipality_bears_everything():
    assert distribute(12_345, {"Leiden": 127_400}) == {"Leiden": 12_345}


def test_zero_weight_gets_nothing():
    assert distribute(100, {"Leiden": 1, "Gouda": 0}) == {"Leiden": 100, "Gouda": 0}


def test_leftover_cents_go_to_the_largest_remainders():
    # 100 / 3 = 33.33…: one cent left over, to the first key on a tie.
    assert distribute(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert distribute(200, {"a": 1, "b": 1, "c": 1}) == {"a": 67, "b": 67, "c": 66}


def test_the_leftover_cent_follows_the_remainder_not_the_share():
    # 10 cents by 61 : 39 is 6.1 and 3.9 cents: floors 6 and 3, one cent left over. The
    # largest share (Leiden, 6.1) has the smaller remainder (0.1), so Gouda gets it.
    assert distribute(10, {"Leiden": 61, "Gouda": 39}) == {"Leiden": 6, "Gouda": 4}
    # 100 cents by 58 : 21 : 21 is 58, 21 and 21 exactly: nothing left over to move.
    assert distribute(100, {"a": 58, "b": 21, "c": 21}) == {"a": 58, "b": 21, "c": 21}
    # 7 cents by 5 : 3 : 2 is 3.5, 2.1 and 1.4: floors 3, 2, 1 and one cent left over for
    # the largest remainder (0.5), which happens to be the largest share too.
    assert distribute(7, {"a": 5, "b": 3, "c": 2}) == {"a": 4, "b": 2, "c": 1}
    # 5 cents by 9 : 41 is 0.9 and 4.1: the smaller share gets the cent.
    assert distribute(5, {"small": 9, "large": 41}) == {"small": 1, "large": 4}
    assert distribute(-5, {"small": 9, "large": 41}) == {"small": -1, "large": -4}


def test_decimal_weights_are_exact():
    parts = distribute(1_000, {"a": Decimal("0.3333"), "b": Decimal("0.6667")})
    assert parts == {"a": 333, "b": 667}


@pytest.mark.parametrize("weights", [{"a": 0, "b": 0}, {"a": Decimal("0")}])
def test_all_zero_weights_are_refused(weights):
    with pytest.raises(ValueError, match="^weights sum to zero$"):
        distribute(100, weights)


def test_negative_weights_are_refused():
    with pytest.raises(ValueError, match="^weights must not be negative$"):
        distribute(100, {"a": 2, "b": -1})


def test_no_weights_are_refused():
    with pytest.raises(ValueError, match="^no weights to distribute over$"):
        distribute(100, {})


@pytest.mark.parametrize(
    ("euros", "cents"),
    [
        (Decimal("12.34"), 1234),
        (Decimal("0.005"), 1),
        (Decimal("-0.005"), -1),
        (Decimal("-12.345"), -1235),
        (Decimal("1000000"), 100_000_000),
    ],
)
def test_to_cents_rounds_half_away_from_zero(euros, cents):
    assert to_cents(euros) == cents


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_cents_round_trip(cents):
    assert to_cents(from_cents(cents)) == cents
    assert from_cents(cents).as_tuple().exponent == -2
