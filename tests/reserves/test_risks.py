"""The risk simulation and the NAR rating (``reserves/risks.py``): the rating at each bound
and a hair either side, the ratio's flooring, the validation of a risk, the seeded and
chunk-independent simulation, its convergence to the analytic expected loss and to the
triangle's own quantiles, and the quantile rising with the certainty. Pure: no database."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reserves.risks import (
    CHUNK_CELLS,
    DEFAULT_SEED,
    PROBABILITY_CLASSES,
    Risk,
    Simulation,
    expected_loss,
    probability_of_class,
    rating,
    rating_label,
    ratio,
    simulate,
)

D = Decimal
HAIR = D("0.0001")


def register() -> list[Risk]:
    """A mix: triangles skewed either way, a single amount, a certain and an impossible risk."""
    return [
        Risk(D("0.10"), D("100000"), D("250000"), D("900000"), "Claim by a former employee"),
        Risk(D("0.30"), D("20000"), D("80000"), D("100000"), "ICT outage"),
        Risk(D("0.50"), D("0"), D("0"), D("60000"), "Subsidy reclaimed"),
        Risk.single(D("0.70"), D("45000"), "Wage agreement above indexation"),
        Risk.single(D("1"), D("12500"), "Known overrun"),
        Risk.single(D("0"), D("5000000"), "Impossible"),
        Risk.of_class(5, D("1000"), D("5000"), D("30000"), "Vaccination campaign"),
    ]


def many_risks() -> list[Risk]:
    """Twenty triangles over the five classes: a smooth distribution of the total."""
    return [
        Risk.of_class(1 + n % 5, D(10_000 * n), D(25_000 * n), D(60_000 * n), f"Risk {n}")
        for n in range(1, 21)
    ]


# --- the NAR rating and the ratio ---------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "at", "below"),
    [
        (D("2.0"), "A", "B"),
        (D("1.4"), "B", "C"),
        (D("1.0"), "C", "D"),
        (D("0.8"), "D", "E"),
        (D("0.6"), "E", "F"),
    ],
)
def test_each_rating_includes_its_lower_bound(bound, at, below):
    assert rating(bound) == at
    assert rating(bound + HAIR) == at
    assert rating(bound - HAIR) == below


@pytest.mark.parametrize(
    ("value", "letter"),
    [(D("25"), "A"), (D("1.7"), "B"), (D("1.2"), "C"), (D("0.9"), "D"), (D("0.7"), "E")],
)
def test_ratings_between_the_bounds(value, letter):
    assert rating(value) == letter


@pytest.mark.parametrize("value", [D("0.59"), D("0"), D("-1.5")])
def test_below_six_tenths_is_far_from_sufficient(value):
    assert rating(value) == "F"
    assert rating_label(rating(value)) == "far from sufficient"


def test_every_rating_has_an_english_label():
    labels = {letter: rating_label(letter) for letter in "ABCDEF"}
    assert labels == {
        "A": "excellent",
        "B": "more than sufficient",
        "C": "sufficient",
        "D": "insufficient",
        "E": "not sufficient",
        "F": "far from sufficient",
    }
    with pytest.raises(ValueError, match="no NAR rating 'G'"):
        rating_label("G")


def test_the_ratio_is_available_over_required_floored_to_hundredths():
    assert ratio(D("3000000"), D("2000000")) == D("1.50")
    assert ratio(D("1999999"), D("1000000")) == D("1.99")  # floored: never 2.00 and A
    assert rating(ratio(D("1999999"), D("1000000"))) == "B"
    assert ratio(D("2000000"), D("1000000")) == D("2.00")
    assert ratio(D("1"), D("0.5")) == D("2.00")  # a required capacity below one euro
    assert ratio(D("-1"), D("3")) == D("-0.34")  # floor, not towards zero
    assert str(ratio(D("1"), D("3"))) == "0.33"


@pytest.mark.parametrize("required", [D("0"), D("-1")])
def test_no_ratio_without_a_required_capacity(required):
    with pytest.raises(ValueError, match="^the ratio needs a required capacity above zero$"):
        ratio(D("3000000"), required)


@given(
    st.decimals(min_value=-10, max_value=10, places=4),
    st.decimals(min_value=-10, max_value=10, places=4),
)
def test_a_higher_ratio_never_rates_worse(first, second):
    low, high = sorted((first, second))
    assert rating(low) >= rating(high)  # "A" < "B" < … < "F"


# --- risks ---------------------------------------------------------------------------------


def test_the_five_probability_classes():
    assert [probability_of_class(n) for n in range(1, 6)] == [
        D("0.10"),
        D("0.30"),
        D("0.50"),
        D("0.70"),
        D("0.90"),
    ]
    assert sorted(PROBABILITY_CLASSES) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("number", [0, 6, -1])
def test_an_unknown_probability_class_is_refused(number):
    with pytest.raises(ValueError, match=f"probability class must be 1 to 5, not {number}"):
        probability_of_class(number)
    with pytest.raises(ValueError, match="probability class"):
        Risk.of_class(number, D("1"), D("2"), D("3"))


def test_a_risk_of_a_class_takes_its_probability():
    risk = Risk.of_class(2, D("1"), D("2"), D("3"), "named")
    assert risk == Risk(D("0.30"), D("1"), D("2"), D("3"), "named")
    assert Risk.of_class(2, D("1"), D("2"), D("3")).name == ""


def test_a_single_amount_is_the_triangle_with_three_equal_corners():
    risk = Risk.single(D("0.5"), D("40000"), "fine")
    assert (risk.minimum, risk.most_likely, risk.maximum, risk.name) == (
        D("40000"),
        D("40000"),
        D("40000"),
        "fine",
    )
    assert risk.mean_impact() == D("40000")
    assert Risk.single(D("0.5"), D("1")).name == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((D("-0.01"), D("1"), D("2"), D("3")), "probability must be between 0 and 1, not -0.01"),
        ((D("1.01"), D("1"), D("2"), D("3")), "probability must be between 0 and 1, not 1.01"),
        ((D("0.5"), D("-1"), D("2"), D("3")), "amounts cannot be negative"),
        ((D("0.5"), D("-3"), D("-2"), D("-1")), "amounts cannot be negative"),
        ((D("0.5"), D("3"), D("2"), D("4")), "minimum ≤ most likely ≤ maximum"),
        ((D("0.5"), D("1"), D("5"), D("4")), "minimum ≤ most likely ≤ maximum"),
        ((D("NaN"), D("1"), D("2"), D("3")), "finite numbers"),
        ((D("0.5"), D("1"), D("2"), D("Infinity")), "finite numbers"),
        ((D("0.5"), D("1"), D("sNaN"), D("3")), "finite numbers"),
        ((D("0.5"), D("NaN"), D("2"), D("3")), "finite numbers"),
    ],
)
def test_an_invalid_risk_is_refused(arguments, message):
    with pytest.raises(ValueError, match=rf"^a risk's .*{re.escape(message)}$"):
        Risk(*arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        (D("0"), D("0"), D("0"), D("0")),
        (D("1"), D("5"), D("5"), D("5")),
        (D("0.5"), D("0"), D("0"), D("1")),
        (D("0.5"), D("0"), D("1"), D("1")),
    ],
)
def test_the_edges_of_a_valid_risk_are_accepted(arguments):
    assert Risk(*arguments).probability == arguments[0]


def test_the_expected_loss_is_probability_times_the_triangles_mean():
    assert Risk(D("0.3"), D("10"), D("20"), D("60")).expected() == D("9")
    # 0.1 × 1,250,000/3 + 0.3 × 200,000/3 + 0.5 × 20,000 + 0.7 × 45,000 + 12,500 + 0 + 0.9 × 12,000
    assert expected_loss(register()) == D("126466.67")
    assert expected_loss([Risk.single(D("0.5"), D("0.25"))]) == D("0.13")  # half up
    assert expected_loss([]) == D("0.00")


# --- the simulation ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_simulation():
    first = simulate(register(), iterations=20_000, seed=7)
    assert simulate(register(), iterations=20_000, seed=7) == first
    assert (first.iterations, first.seed, first.certainty) == (20_000, 7, D("0.90"))


def test_another_seed_gives_a_close_but_different_simulation():
    first = simulate(many_risks(), iterations=50_000, seed=1)
    second = simulate(many_risks(), iterations=50_000, seed=2)
    assert first.required != second.required
    assert first.mean != second.mean
    assert abs(first.required - second.required) < first.required * D("0.01")
    assert abs(first.mean - second.mean) < first.mean * D("0.01")
    assert first.expected == second.expected


def test_the_defaults_are_a_hundred_thousand_years_at_ninety_percent_with_a_fixed_seed():
    result = simulate([Risk.single(D("1"), D("10"))])
    assert (result.iterations, result.certainty, result.seed) == (100_000, D("0.90"), DEFAULT_SEED)
    assert result == simulate([Risk.single(D("1"), D("10"))], seed=DEFAULT_SEED)


@pytest.mark.parametrize("chunk", [1, 7, 999, 1000, 4096, 20_000, 50_000])
def test_the_chunk_size_does_not_change_the_result(chunk):
    whole = simulate(register(), iterations=20_000, seed=3, chunk=20_000)
    assert simulate(register(), iterations=20_000, seed=3, chunk=chunk) == whole


def test_the_default_chunk_gives_the_same_result_as_one_chunk():
    risks = register() * 10  # 70 risks: more than one default chunk
    assert CHUNK_CELLS // len(risks) < 30_000
    whole = simulate(risks, iterations=30_000, seed=5, chunk=30_000)
    assert simulate(risks, iterations=30_000, seed=5) == whole


def test_the_simulated_mean_converges_to_the_expected_loss():
    result = simulate(register(), iterations=200_000, seed=11)
    assert result.expected == expected_loss(register())
    assert abs(result.mean - result.expected) < result.expected * D("0.01")


def test_the_required_capacity_rises_with_the_certainty():
    risks = register()
    half, ninety, ninety_nine = (
        simulate(risks, iterations=50_000, certainty=D(c)).required for c in ("0.5", "0.9", "0.99")
    )
    assert half < ninety < ninety_nine
    assert half > 0


@pytest.mark.parametrize("certainty", [D("0"), D("1"), D("-0.1"), D("1.5")])
def test_a_certainty_outside_zero_and_one_is_refused(certainty):
    with pytest.raises(
        ValueError, match=rf"^certainty must be strictly between 0 and 1, not {certainty}$"
    ):
        simulate(register(), certainty=certainty)


def test_the_certainty_edges_inside_are_accepted():
    risks = [Risk.single(D("0.5"), D("100"))]
    assert simulate(risks, iterations=1000, certainty=D("0.001")).required == 0
    assert simulate(risks, iterations=1000, certainty=D("0.999")).required == 100


@pytest.mark.parametrize("iterations", [0, -5])
def test_at_least_one_iteration(iterations):
    with pytest.raises(ValueError, match="^the simulation needs at least one iteration$"):
        simulate(register(), iterations=iterations)


def test_the_quantile_is_a_simulated_total_not_an_interpolation():
    # Two years: the smallest total that half the years do not exceed is the lower one.
    risks = [Risk(D("1"), D("0"), D("500"), D("1000"))]
    lower = simulate(risks, iterations=2, certainty=D("0.01")).required
    upper = simulate(risks, iterations=2, certainty=D("0.99")).required
    assert lower < upper
    assert simulate(risks, iterations=2, certainty=D("0.5")).required == lower
    assert simulate(risks, iterations=2, certainty=D("0.51")).required == upper


def test_triangles_narrower_than_a_euro():
    risks = [Risk(D("1"), D("0.10"), D("0.20"), D("0.90"))] * 1000
    assert abs(simulate(risks, iterations=1000).mean - 400) < 2


def test_one_iteration_suffices():
    result = simulate([Risk.single(D("1"), D("42"))], iterations=1)
    assert (result.required, result.mean, result.iterations) == (D("42"), D("42.00"), 1)


@pytest.mark.parametrize("chunk", [0, -1])
def test_a_chunk_holds_at_least_one_iteration(chunk):
    with pytest.raises(ValueError, match="^a chunk holds at least one iteration$"):
        simulate(register(), chunk=chunk)


def test_risks_that_never_occur_require_nothing():
    risks = [Risk.single(D("0"), D("1000000")), Risk(D("0"), D("1"), D("2"), D("3"))]
    result = simulate(risks, iterations=10_000)
    assert (result.required, result.mean, result.expected) == (D("0"), D("0.00"), D("0.00"))
    assert simulate([], iterations=100).required == 0


def test_a_certain_single_amount_requires_exactly_that_amount():
    result = simulate([Risk.single(D("1"), D("750000"))], iterations=10_000)
    assert (result.required, result.mean, result.expected) == (
        D("750000"),
        D("750000.00"),
        D("750000.00"),
    )


def test_the_required_capacity_is_rounded_half_up_to_whole_euros():
    assert simulate([Risk.single(D("1"), D("1234.5"))], iterations=10).required == D("1235")
    assert simulate([Risk.single(D("1"), D("1234.49"))], iterations=10).required == D("1234")
    assert simulate([Risk.single(D("1"), D("0.125"))], iterations=10).mean == D("0.13")


def test_a_risk_occurs_in_its_share_of_the_years():
    risks = [Risk.single(D("0.3"), D("100"))]
    assert simulate(risks, certainty=D("0.69")).required == 0
    assert simulate(risks, certainty=D("0.71")).required == 100
    assert abs(simulate(risks).mean - 30) < D("0.5")


def triangle_cdf(x: float, low: float, mode: float, high: float) -> float:
    """The share of a triangle's draws at or below ``x``."""
    if x <= low:
        return 0.0
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    if x < high:
        return 1 - (high - x) ** 2 / ((high - low) * (high - mode))
    return 1.0


@pytest.mark.parametrize("certainty", ["0.02", "0.05", "0.25", "0.5", "0.9", "0.99"])
def test_a_certain_triangle_has_the_triangles_quantiles(certainty):
    risk = Risk(D("1"), D("1000"), D("2000"), D("11000"))
    result = simulate([risk], certainty=D(certainty), seed=4)
    share = triangle_cdf(float(result.required), 1000, 2000, 11000)
    assert abs(share - float(certainty)) < 0.005  # about three standard errors
    assert abs(float(result.mean) - 14000 / 3) < 20


@pytest.mark.parametrize("certainty", ["0.55", "0.6", "0.75", "0.95", "0.995"])
def test_an_uncertain_triangle_has_the_conditional_quantiles(certainty):
    # Occurring in half the years: a total x or less in ½ + ½ × F(x) of the years.
    risk = Risk(D("0.5"), D("0"), D("8000"), D("10000"))
    result = simulate([risk], certainty=D(certainty), seed=9)
    share = 0.5 + 0.5 * triangle_cdf(float(result.required), 0, 8000, 10000)
    assert abs(share - float(certainty)) < 0.005
    assert abs(float(result.mean) - 3000) < 20


@pytest.mark.parametrize("certainty", ["0.1", "0.25", "0.45", "0.75"])
def test_a_narrow_triangle_far_from_zero(certainty):
    # The share left of the mode is (mode − minimum) ÷ (maximum − minimum) = ½, not 500/21,000.
    result = simulate([Risk(D("1"), D("10000"), D("10500"), D("11000"))], certainty=D(certainty))
    share = triangle_cdf(float(result.required), 10000, 10500, 11000)
    assert abs(share - float(certainty)) < 0.005


def test_a_triangle_with_its_mode_on_a_corner():
    left = simulate([Risk(D("1"), D("0"), D("0"), D("900"))], certainty=D("0.75"))
    right = simulate([Risk(D("1"), D("0"), D("900"), D("900"))], certainty=D("0.25"))
    assert abs(float(left.required) - 450) < 5  # 900 − √(0.25 × 900²)
    assert abs(float(right.required) - 450) < 5  # √(0.25 × 900²)


def test_the_result_is_a_simulation_of_decimals():
    result = simulate(register(), iterations=1000)
    assert isinstance(result, Simulation)
    assert all(isinstance(v, Decimal) for v in (result.required, result.mean, result.expected))


amounts = st.integers(min_value=0, max_value=5_000_000).map(Decimal)


@st.composite
def risks(draw):
    low, mode, high = sorted(draw(st.lists(amounts, min_size=3, max_size=3)))
    probability = draw(st.sampled_from([D("0"), D("0.1"), D("0.45"), D("0.9"), D("1")]))
    return Risk(probability, low, mode, high)


@settings(max_examples=40, deadline=None)
@given(st.lists(risks(), max_size=8), st.integers(min_value=1, max_value=3000))
def test_the_required_capacity_lies_between_the_certain_and_the_maximal_losses(register, chunk):
    result = simulate(register, iterations=3000, seed=1, chunk=chunk)
    certain = sum((risk.minimum for risk in register if risk.probability == 1), D(0))
    assert certain <= result.required <= sum((risk.maximum for risk in register), D(0))
    assert result == simulate(register, iterations=3000, seed=1)


@settings(max_examples=40, deadline=None)
@given(st.lists(amounts, max_size=10))
def test_certain_single_amounts_require_their_sum(register):
    result = simulate([Risk.single(D(1), amount) for amount in register], iterations=100)
    assert result.required == sum(register, D(0))
