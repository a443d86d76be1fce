"""``hecht.params`` (parsing untrusted numbers, dates and text) and the bounded path
converters of ``hecht.converters``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from hecht import params
from hecht.converters import IdConverter

NOT_ASCII_DIGITS = ["²", "①", "٣", "١٢", "０", "߁", "१", "𝟙", "Ⅻ"]


@pytest.mark.parametrize("raw", NOT_ASCII_DIGITS)
def test_digits_of_other_scripts_are_not_numbers(raw):
    assert params.parse_int(raw) is None
    assert params.parse_year(raw) is None
    assert params.parse_id(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["", " ", "-1", "+1", " 1", "1 ", "1_000", "1e3", "1.5", "0x10", "1\x00", "\x001", "abc"],
)
def test_anything_but_plain_ascii_digits_is_refused(raw):
    assert params.parse_int(raw, minimum=-10, maximum=10_000) is None


@pytest.mark.parametrize("raw", [None, 1, 1.0, b"1", ["1"]])
def test_a_value_that_is_not_a_string_is_refused(raw):
    assert params.parse_int(raw) is None
    assert params.parse_date(raw) is None
    assert params.clean_text(raw, max_length=10) == ""


def test_numbers_are_bounded():
    assert params.parse_int("5", minimum=1, maximum=5) == 5
    assert params.parse_int("6", minimum=1, maximum=5) is None
    assert params.parse_int("0", minimum=1, maximum=5) is None
    assert params.parse_int("0005", minimum=1, maximum=5) == 5  # leading zeros are fine


def test_ids_fill_a_signed_64_bit_column_and_no_more():
    assert params.parse_id("1") == 1
    assert params.parse_id(str(2**63 - 1)) == 2**63 - 1
    for raw in ("0", str(2**63), str(2**64), "9" * 30, "9" * 5000):
        assert params.parse_id(raw) is None, raw[:30]


def test_years_are_1900_to_2200():
    assert params.parse_year("1900") == 1900
    assert params.parse_year("2200") == 2200
    assert params.parse_year("1899") is None
    assert params.parse_year("2201") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-04", dt.date(2026, 12, 4)),
        ("2028-02-29", dt.date(2028, 2, 29)),
        ("2026-02-29", None),
        ("2026-02-30", None),
        ("2026-13-01", None),
        ("2026-00-10", None),
        ("0000-00-00", None),
        ("1899-12-31", None),
        ("2201-01-01", None),
        ("99999-01-01", None),
        ("2026-1-1", None),
        ("2026-12-04T10:00", None),
        ("٢٠٢٦-١٢-٠٤", None),
        ("", None),
    ],
)
def test_dates_are_iso_days_that_exist(raw, expected):
    assert params.parse_date(raw) == expected


def test_clean_text_drops_control_characters_and_keeps_words():
    assert params.clean_text("a\x00b", max_length=10) == "ab"
    assert params.clean_text("  begroting \t 2026\r\n", max_length=50) == "begroting 2026"
    assert params.clean_text("\x01\x1b[31m\x7f\x9fx", max_length=10) == "[31mx"
    assert params.clean_text("\ud800x\u200b", max_length=10) == "x"  # surrogate, zero width
    assert params.clean_text("Zoë € ①", max_length=10) == "Zoë € ①"
    assert params.clean_text("x" * 300, max_length=200) == "x" * 200


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text())
def test_the_parsers_never_raise_and_clean_text_never_keeps_a_nul(raw):
    number = params.parse_int(raw)
    assert number is None or (1 <= number <= params.MAX_ID and raw.isascii())
    assert params.parse_date(raw) is None or raw.isascii()
    cleaned = params.clean_text(raw, max_length=200)
    assert "\x00" not in cleaned and len(cleaned) <= 200


def test_int_param_gives_the_default_when_absent_and_a_400_when_wrong():
    assert params.int_param(QueryDict(""), "page", default=1) == 1
    assert params.int_param(QueryDict("page="), "page", default=1) == 1
    assert params.int_param(QueryDict("page=3"), "page", default=1) == 3
    for raw in ("%C2%B2", "0", "-1", "x", str(2**64)):
        with pytest.raises(BadRequest, match="'page' must be a whole number"):
            params.int_param(QueryDict(f"page={raw}"), "page")
    assert params.int_param(QueryDict("page=x"), "page", default=7, invalid="default") == 7


def test_page_param_falls_back_to_the_first_page():
    assert params.page_param(QueryDict("page=4")) == 4
    for raw in ("%E2%91%A0", "0", "x", str(params.MAX_PAGE + 1)):
        assert params.page_param(QueryDict(f"page={raw}")) == 1


def test_year_param_and_text_param():
    assert params.year_param(QueryDict("jaar=2026"), "jaar") == 2026
    with pytest.raises(BadRequest):
        params.year_param(QueryDict("jaar=%C2%B2"), "jaar")
    assert params.text_param(QueryDict("orgaan=%00AB%00"), "orgaan", max_length=5) == "AB"


# --- path converters ----------------------------------------------------------------------


def test_an_id_beyond_64_bits_matches_no_url():
    assert resolve(f"/vergaderingen/{2**63 - 1}/").kwargs == {"pk": 2**63 - 1}
    for raw in ("0", str(2**63), str(2**64), "9" * 30, "²"):
        with pytest.raises(Resolver404):
            resolve(f"/vergaderingen/{raw}/")


def test_an_id_that_cannot_exist_cannot_be_reversed():
    with pytest.raises(NoReverseMatch):
        reverse("governance:meeting-detail", kwargs={"pk": 2**63})
    with pytest.raises(ValueError, match="not an id"):
        IdConverter().to_url(0)


def test_feed_codes_and_keys_refuse_control_characters():
    assert resolve("/agenda/AB.ics").kwargs == {"code": "AB"}
    with pytest.raises(Resolver404):
        resolve("/agenda/A\x00B.ics")
    with pytest.raises(Resolver404):
        resolve("/agenda/persoonlijk/ab\x00cd.ics")


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("/mijn-taken/?x=1", "/mijn-taken/?x=1"),
        ("", "/thuis/"),
        ("abc", "/thuis/"),
        ("²", "/thuis/"),
        ("//elders.example/", "/thuis/"),
        ("/\\elders.example/", "/thuis/"),
        ("https://elders.example/", "/thuis/"),
        ("javascript:alert(1)", "/thuis/"),
        ("/a\x00b", "/ab"),
    ],
)
def test_next_is_a_path_on_this_site_or_the_default(rf, sent, expected):
    assert params.next_path(rf.post("/", {"next": sent}), "/thuis/") == expected
    assert params.next_path(rf.get("/", {"next": sent}), "/thuis/") == expected
