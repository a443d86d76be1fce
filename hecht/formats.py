"""Numbers and amounts in the notation of the active language: "836.300", "1.234,56" and
"€ 1.234,56" in Dutch, "836,300" and "€ 1,234.56" in English; never an exponent.

The one place where Python code puts a number or an amount into text (messages,
validation errors, history reasons, PDFs). Templates use ``floatformat`` with the ``g``
flag, which gives the same. Machine formats (CSV, ICS, JSON) keep plain numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """``value`` with thousands grouped. ``decimals=None`` shows the exact value without
    trailing zeros (``Decimal("8.363E+5")`` reads "836.300", ``Decimal("2.50")`` "2,5");
    otherwise it is rounded half up to ``decimals`` places ("1.234,57")."""
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimals is None:
        # normalize() strips the trailing zeros; its exponent gives the places needed.
        exponent = exact.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        shown = exact
    else:
        places = decimals
        shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if shown == 0:
        shown = abs(shown)  # no "-0,00" for a small negative rounded away
    return number_format(shown, decimal_pos=places, use_l10n=True, force_grouping=True)


def amount(value: int | float | Decimal) -> str:
    """A sum of money in euros with two decimals: "€ 1.234,56"."""
    return "€ " + number(value, 2)
