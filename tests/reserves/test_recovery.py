"""The projected path of a recovery plan (reserves/recovery.py): measures add per year and
stay; the plan works from the first date the path stays at or above the minimum."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reserves.recovery import Point, back_above, cumulative_effect, projected_path

D = dt.date
K = Decimal("1000")
MINIMUM = Decimal("3000000")


def test_a_measure_adds_in_its_year_and_stays_afterwards():
    measures = [{2024: 400 * K, 2025: 300 * K}, {2025: 100 * K}]
    assert cumulative_effect(measures, 2023) == 0
    assert cumulative_effect(measures, 2024) == 400 * K
    assert cumulative_effect(measures, 2025) == 800 * K
    assert cumulative_effect(measures, 2030) == 800 * K


def test_a_negative_amount_takes_back_what_a_measure_gave():
    assert cumulative_effect([{2024: 500 * K, 2025: -200 * K}], 2025) == 300 * K


def test_the_path_is_in_date_order_with_and_without_the_measures():
    forecast = [(D(2025, 12, 31), 2500 * K), (D(2024, 12, 31), 2650 * K)]
    path = projected_path(forecast, [{2024: 200 * K}, {2025: 300 * K}])
    assert path == [
        Point(D(2024, 12, 31), 2650 * K, 2850 * K),
        Point(D(2025, 12, 31), 2500 * K, 3000 * K),
    ]


def test_without_measures_both_paths_are_the_forecast():
    path = projected_path([(D(2024, 12, 31), 2650 * K)], [])
    assert path == [Point(D(2024, 12, 31), 2650 * K, 2650 * K)]


def test_back_at_exactly_the_minimum_counts():
    path = projected_path(
        [(D(2024, 12, 31), 2650 * K), (D(2025, 12, 31), 2700 * K)], [{2025: 300 * K}]
    )
    assert back_above(path, MINIMUM) == D(2025, 12, 31)


def test_a_cent_short_is_not_back():
    path = [Point(D(2025, 12, 31), 2 * MINIMUM, MINIMUM - Decimal("0.01"))]
    assert back_above(path, MINIMUM) is None


def test_a_dip_after_recovering_moves_the_date_to_when_it_stays_above():
    path = [
        Point(D(2024, 12, 31), 0 * K, 3100 * K),
        Point(D(2025, 12, 31), 0 * K, 2900 * K),
        Point(D(2026, 12, 31), 0 * K, 3200 * K),
        Point(D(2027, 12, 31), 0 * K, 3300 * K),
    ]
    assert back_above(path, MINIMUM) == D(2026, 12, 31)


def test_a_path_that_ends_below_is_not_back():
    path = [Point(D(2024, 12, 31), 0 * K, 3100 * K), Point(D(2025, 12, 31), 0 * K, 2900 * K)]
    assert back_above(path, MINIMUM) is None


def test_an_empty_path_is_not_back():
    assert back_above([], MINIMUM) is None


def test_above_from_the_start_is_back_on_the_first_date():
    path = [Point(D(2024, 12, 31), 0 * K, 3100 * K), Point(D(2025, 12, 31), 0 * K, 3500 * K)]
    assert back_above(path, MINIMUM) == D(2024, 12, 31)


@given(
    capacities=st.lists(st.integers(min_value=0, max_value=6_000_000), min_size=1, max_size=8),
    yearly=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=8),
)
def test_measures_that_only_add_never_lower_the_path(capacities, yearly):
    forecast = [(D(2024 + i, 12, 31), Decimal(c)) for i, c in enumerate(capacities)]
    measures = [{2024 + i: Decimal(a) for i, a in enumerate(yearly)}]
    path = projected_path(forecast, measures)
    assert all(point.with_measures >= point.without for point in path)
    gains = [point.with_measures - point.without for point in path]
    assert gains == sorted(gains)  # what a measure adds stays


def test_without_measures_the_effect_is_a_decimal_zero():
    effect = cumulative_effect([], 2024)
    assert effect == 0 and isinstance(effect, Decimal)


def test_two_forecasts_of_one_day_keep_the_order_they_were_given_in():
    """A revised forecast of the same day comes after the first (a stable sort)."""
    path = projected_path([(D(2024, 12, 31), 2900 * K), (D(2024, 12, 31), 2700 * K)], [])
    assert [point.without for point in path] == [2900 * K, 2700 * K]
