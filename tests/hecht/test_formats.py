"""Numbers and amounts in the notation of the active language (hecht/formats.py)."""

from decimal import Decimal

import pytest
from django.utils import translation

from hecht.formats import amount, number


@pytest.mark.parametrize(
    ("value", "decimals", "dutch", "english"),
    [
        (0, None, "0", "0"),
        (7, None, "7", "7"),
        (1234567, None, "1.234.567", "1,234,567"),
        (-1234567, None, "-1.234.567", "-1,234,567"),
        # A sum of populations after normalize(): the reported "8.363E+5".
        (Decimal("8.363E+5"), None, "836.300", "836,300"),
        (Decimal("1E+1"), None, "10", "10"),
        (Decimal("2.50"), None, "2,5", "2.5"),
        (Decimal("1234.125"), None, "1.234,125", "1,234.125"),
        (Decimal("-0.5"), None, "-0,5", "-0.5"),
        (Decimal("2.5E-7"), None, "0,00000025", "0.00000025"),
        (Decimal("8.363E+5"), 2, "836.300,00", "836,300.00"),
        # Rounded half up, not truncated and not to even.
        (Decimal("1234.565"), 2, "1.234,57", "1,234.57"),
        (Decimal("1234.564"), 2, "1.234,56", "1,234.56"),
        (Decimal("0.125"), 2, "0,13", "0.13"),
        (Decimal("2.5"), 0, "3", "3"),
        (Decimal("-2.5"), 0, "-3", "-3"),
        (Decimal("-1234.565"), 2, "-1.234,57", "-1,234.57"),
        # A small negative rounded away is zero, not "-0,00".
        (Decimal("-0.001"), 2, "0,00", "0.00"),
        (1.5, 1, "1,5", "1.5"),
        (0.1 + 0.2, 2, "0,30", "0.30"),
        (1e20, None, "100.000.000.000.000.000.000", "100,000,000,000,000,000,000"),
    ],
)
def test_number_in_both_languages(value, decimals, dutch, english):
    with translation.override("nl"):
        assert number(value, decimals) == dutch
    with translation.override("en"):
        assert number(value, decimals) == english


def test_number_never_shows_an_exponent():
    for text in ("8.363E+5", "1E+12", "-4.2E+6", "3E-5", "1.000000000E+3"):
        with translation.override("nl"):
            assert "E" not in number(Decimal(text)), text


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (Decimal("1234.56"), "€ 1.234,56", "€ 1,234.56"),
        (Decimal("1.2345E+6"), "€ 1.234.500,00", "€ 1,234,500.00"),
        (1000, "€ 1.000,00", "€ 1,000.00"),
        (Decimal("-99.995"), "€ -100,00", "€ -100.00"),
        (Decimal("0.004"), "€ 0,00", "€ 0.00"),
    ],
)
def test_amount_in_both_languages(value, dutch, english):
    with translation.override("nl"):
        assert amount(value) == dutch
    with translation.override("en"):
        assert amount(value) == english
