"""Parsing untrusted numbers, dates and text from URLs, query strings and form posts.

Every value a client sends is hostile until parsed here. Python's own parsers are too
generous for that: ``int("٣")`` is 3 (Arabic-Indic digits), ``"²".isdigit()`` is true but
``int("²")`` raises, ``int("9" * 5000)`` raises past the digit limit, and a 64-bit
database column overflows on a larger id (an ``OverflowError`` on SQLite). PostgreSQL
refuses a NUL character in any text parameter. So:

- numbers are ASCII digits only, without sign, spaces or underscores, and bounded;
- dates are ``YYYY-MM-DD`` in ASCII digits within a sane range of years;
- text from a query string loses control characters (NUL first of all) and is cut to a
  length.

The ``parse_*`` functions are pure and return ``None`` for anything they do not accept,
never raise; the ``*_param`` functions read a ``QueryDict`` and turn a value that is present
but wrong into ``django.core.exceptions.BadRequest`` (a 400), or into the default where a
page would rather ignore it (``invalid="default"``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Literal, overload

from django.core.exceptions import BadRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The largest value of a signed 64-bit column (BigAutoField, PostgreSQL bigint, SQLite
# INTEGER): every primary key fits, anything beyond cannot name a row.
MAX_ID = 2**63 - 1
MIN_YEAR = 1900
MAX_YEAR = 2200
# A page number far beyond any real list, small enough never to overflow an OFFSET.
MAX_PAGE = 1_000_000
# No parameter we read is longer; parsing a longer run of digits would only waste time.
_MAX_DIGITS = len(str(MAX_ID))

# ``[0-9]`` with re.ASCII: ``\d`` would also match the digits of other scripts.
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)

Invalid = Literal["error", "default"]


def parse_int(raw: object, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``raw`` as a whole number in ``minimum..maximum``, or ``None``.

    Accepts only ASCII digits (leading zeros allowed, at most 19 of them): no sign,
    whitespace, underscores, exponent or digits of other scripts."""
    if not isinstance(raw, str) or len(raw) > _MAX_DIGITS or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A primary key: ``1..2**63-1`` in ASCII digits, or ``None``."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def parse_year(raw: object) -> int | None:
    """A calendar year ``1900..2200`` in ASCII digits, or ``None``."""
    return parse_int(raw, minimum=MIN_YEAR, maximum=MAX_YEAR)


def parse_date(raw: object) -> dt.date | None:
    """An ISO date ``YYYY-MM-DD`` (ASCII digits, a year ``1900..2200``, a day that exists),
    or ``None``."""
    if not isinstance(raw, str):
        return None
    match = _DATE.fullmatch(raw)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 30 February, month 13
        return None


def clean_text(raw: object, *, max_length: int) -> str:
    """``raw`` without control characters (NUL, other C0/C1 codes, lone surrogates and
    other unassigned code points of category C), whitespace runs collapsed to one space,
    cut to ``max_length`` characters. Not a string gives ``""``."""
    if not isinstance(raw, str):
        return ""
    kept = "".join(
        " " if char.isspace() else char
        for char in raw
        if char.isspace() or not unicodedata.category(char).startswith("C")
    )
    return " ".join(kept.split())[:max_length]


@overload
def int_param(
    query: Mapping[str, str],
    name: str,
    *,
    default: int,
    minimum: int = 1,
    maximum: int = MAX_ID,
    invalid: Invalid = "error",
) -> int: ...
@overload
def int_param(
    query: Mapping[str, str],
    name: str,
    *,
    default: None = None,
    minimum: int = 1,
    maximum: int = MAX_ID,
    invalid: Invalid = "error",
) -> int | None: ...
def int_param(
    query: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    minimum: int = 1,
    maximum: int = MAX_ID,
    invalid: Invalid = "error",
) -> int | None:
    """The whole number ``query[name]``; ``default`` when absent or empty.

    A value that is present but not a whole number in ``minimum..maximum`` raises
    ``BadRequest`` naming the parameter (``invalid="error"``), or gives ``default``
    (``invalid="default"``)."""
    raw = query.get(name, "")
    if raw == "":
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is not None:
        return value
    if invalid == "default":
        return default
    raise BadRequest(f"'{name}' must be a whole number ({minimum}-{maximum}).")


def page_param(query: Mapping[str, str], name: str = "page") -> int:
    """The page number of an HTML list: 1 when absent or not a page number (the paginator
    then shows the first page rather than an error; past the last page it shows the last)."""
    return int_param(query, name, default=1, maximum=MAX_PAGE, invalid="default") or 1


@overload
def year_param(
    query: Mapping[str, str], name: str, *, default: int, invalid: Invalid = "error"
) -> int: ...
@overload
def year_param(
    query: Mapping[str, str], name: str, *, default: None = None, invalid: Invalid = "error"
) -> int | None: ...
def year_param(
    query: Mapping[str, str], name: str, *, default: int | None = None, invalid: Invalid = "error"
) -> int | None:
    """A year parameter (``?jaar=2026``), bounded to ``1900..2200``."""
    return int_param(
        query, name, default=default, minimum=MIN_YEAR, maximum=MAX_YEAR, invalid=invalid
    )


def text_param(query: Mapping[str, str], name: str, *, max_length: int) -> str:
    """A free-text parameter (a search term, a code) through ``clean_text``."""
    return clean_text(query.get(name, ""), max_length=max_length)


def next_path(request, default: str) -> str:
    """Where to go after a form: the ``next`` the client sent (POST, else the query string)
    when it is an absolute path on this site, else ``default``. Only paths: ``redirect()``
    would try to reverse a bare word such as ``next=abc`` as a view name (a 500), and a
    scheme or another host would lead off the site."""
    raw = request.POST.get("next") or request.GET.get("next") or ""
    target = clean_text(raw, max_length=2000)
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
