"""Pages without an object: lists, calendars, "new" forms, my tasks, account and session
pages, the public portal and open data, and the site's own endpoints.

- "-": no URL arguments; "month": December 2026 of the meeting calendar.

A POST without a valid body to a form page is answered with the form and its errors
(200) for whoever may use it; every page that only shows takes no POST (405).
"""

from __future__ import annotations

from tests.authz import row

_L = "login"
_ALL_200 = row(200, 200, 200, 200, 200, 200, 200)
_ALL_405 = row(405, 405, 405, 405, 405, 405, 405)
_LOGGED_IN_200 = row(_L, 200, 200, 200, 200, 200, 200)
_LOGGED_IN_405 = row(_L, 405, 405, 405, 405, 405, 405)
_LOGGED_IN_302 = row(_L, 302, 302, 302, 302, 302, 302)
_SECRETARIAT_200 = row(_L, 403, 403, 403, 403, 403, 200)
_STAFF_200 = row(_L, 403, 403, 403, 403, 200, 200)


def _open(name: str, obj: str = "-") -> dict:
    """A page everyone reads, also without logging in; it takes no POST."""
    return {(name, "GET", obj): _ALL_200, (name, "POST", obj): _ALL_405}


def _internal(name: str, obj: str = "-") -> dict:
    """A page every logged-in user reads; it takes no POST."""
    return {(name, "GET", obj): _LOGGED_IN_200, (name, "POST", obj): _LOGGED_IN_405}


MATRIX = {
    **_open("governance:home"),
    **_open("governance:meeting-calendar"),
    **_open("governance:meeting-month", "month"),
    **_open("governance:days-off"),
    **_open("governance:public-home"),
    **_open("governance:public-meetings"),
    **_open("governance:public-search"),
    **_open("governance:public-sitemap"),
    **_open("governance:public-api-meetings"),
    **_open("governance:public-api-agenda-items"),
    **_open("governance:public-api-documents"),
    **_open("governance:public-api-decisions"),
    **_open("governance:public-api-openapi"),
    **_open("healthz"),
    # the favicon: a redirect to the logo's "H" in static/
    ("favicon", "GET", "-"): row(302, 302, 302, 302, 302, 302, 302),
    ("favicon", "POST", "-"): _ALL_405,
    **_internal("governance:action-list"),
    **_internal("governance:proposal-list"),
    **_internal("governance:programme-overview"),
    **_internal("governance:my-tasks"),
    **_internal("governance:my-tasks-count"),
    **_internal("governance:mfa-overview"),
    **_internal("password_change_done"),
    # "new" forms: the permission of the service behind them
    ("governance:meeting-create", "GET", "-"): _SECRETARIAT_200,
    ("governance:meeting-create", "POST", "-"): _SECRETARIAT_200,
    ("governance:proposal-create", "GET", "-"): _STAFF_200,
    ("governance:proposal-create", "POST", "-"): _STAFF_200,
    ("governance:action-create", "GET", "-"): _STAFF_200,
    ("governance:action-create", "POST", "-"): _STAFF_200,
    # the secretariat's pages
    ("governance:account-list", "GET", "-"): _SECRETARIAT_200,
    ("governance:account-list", "POST", "-"): _LOGGED_IN_405,
    ("governance:reminders-send-now", "GET", "-"): _LOGGED_IN_405,
    ("governance:reminders-send-now", "POST", "-"): row(_L, 403, 403, 403, 403, 403, 302),
    ("governance:days-off-add", "GET", "-"): _LOGGED_IN_405,
    # an empty closing day is bad input: the page again, with its errors, as a 400
    ("governance:days-off-add", "POST", "-"): row(_L, 403, 403, 403, 403, 403, 400),
    ("governance:days-off-waive", "GET", "-"): _LOGGED_IN_405,
    # no day chosen: back to the page with the message
    ("governance:days-off-waive", "POST", "-"): row(_L, 403, 403, 403, 403, 403, 302),
    # one's own account
    ("governance:reminder-preferences", "GET", "-"): _LOGGED_IN_200,
    ("governance:reminder-preferences", "POST", "-"): _LOGGED_IN_200,
    # Every actor here has passed the second factor with the app (tests/conftest.py):
    # the code step sends them on, enrolment and fresh recovery codes back to the overview.
    ("governance:mfa-verify", "GET", "-"): _LOGGED_IN_302,
    ("governance:mfa-verify", "POST", "-"): _LOGGED_IN_302,
    ("governance:mfa-enrol", "GET", "-"): _LOGGED_IN_302,
    ("governance:mfa-enrol", "POST", "-"): _LOGGED_IN_302,
    ("governance:mfa-recovery-codes", "GET", "-"): _LOGGED_IN_302,
    ("governance:mfa-recovery-codes", "POST", "-"): _LOGGED_IN_302,
    ("password_change", "GET", "-"): _LOGGED_IN_200,
    ("password_change", "POST", "-"): _LOGGED_IN_200,
    ("login", "GET", "-"): _ALL_200,
    ("login", "POST", "-"): _ALL_200,
    ("logout", "GET", "-"): _ALL_405,
    ("logout", "POST", "-"): row(302, 302, 302, 302, 302, 302, 302),
    ("session-status", "GET", "-"): _ALL_200,
    ("session-status", "POST", "-"): _ALL_405,
    ("session-keepalive", "GET", "-"): _ALL_405,
    ("session-keepalive", "POST", "-"): _LOGGED_IN_302,
    ("set_language", "GET", "-"): row(302, 302, 302, 302, 302, 302, 302),
    ("set_language", "POST", "-"): row(302, 302, 302, 302, 302, 302, 302),
    # the admin's own login form is not used: one way in, with the second factor
    ("admin-login-redirect", "GET", "-"): row(_L, _L, _L, _L, _L, _L, _L),
    ("admin-login-redirect", "POST", "-"): row(_L, _L, _L, _L, _L, _L, _L),
}

OBJECTS = {"-": lambda world: {}, "month": lambda world: {"year": 2026, "month": 12}}

PAYLOADS = {
    "governance:days-off-waive": lambda obj, world: {},
    "governance:mfa-verify": lambda obj, world: {},
    "governance:mfa-enrol": lambda obj, world: {},
    "governance:mfa-recovery-codes": lambda obj, world: {},
    "session-keepalive": lambda obj, world: {},
    "governance:reminders-send-now": lambda obj, world: {},
    "logout": lambda obj, world: {},
    "set_language": lambda obj, world: {"language": "en", "next": "/"},
}
