"""Path converters for untrusted URL segments.

Django's ``<int:…>`` matches any run of digits, so ``/vergaderingen/99999999999999999999/``
reaches the view with an id no 64-bit column can hold (an ``OverflowError`` on SQLite).
``<id:…>`` matches only what ``hecht.params.parse_id`` accepts — ``1..2**63-1`` in ASCII
digits — so anything else is simply no match: a 404 before any view runs.
``<token:…>`` and ``<code:…>`` do the same for the URL-safe keys and body codes, so a NUL
or other control character never reaches a database query (PostgreSQL refuses NUL).
"""

from __future__ import annotations

from django.urls import register_converter

from hecht.params import MAX_ID, parse_id


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        pk = parse_id(value)
        if pk is None:
            # Django reads a ValueError as "this pattern does not match".
            raise ValueError(f"not an id in 1..{MAX_ID}: {value!r}")
        return pk

    def to_url(self, value: object) -> str:
        if not isinstance(value, int) or parse_id(str(value)) is None:
            raise ValueError(f"not an id in 1..{MAX_ID}: {value!r}")
        return str(value)


class TokenConverter:
    """A key of ``secrets.token_urlsafe`` (base64url characters)."""

    regex = "[A-Za-z0-9_-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CodeConverter(TokenConverter):
    """A short code such as a body's ``AB`` (letters, digits, hyphens)."""

    regex = "[A-Za-z0-9-]{1,32}"


# Registered on import, once per process (a second registration of a name is an error):
# every URLconf that uses these names imports this module first.
register_converter(IdConverter, "id")
register_converter(TokenConverter, "token")
register_converter(CodeConverter, "code")
