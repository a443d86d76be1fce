"""Accounts: the secretariat looks up accounts and resets a second factor.

- "account-member": the AB member's account (the target of a reset).
"""

from __future__ import annotations

from tests.authz import row

_LOGIN = "login"

MATRIX = {
    ("governance:account-mfa-reset", "GET", "account-member"): row(
        _LOGIN, 404, 404, 404, 404, 404, 200
    ),
    ("governance:account-mfa-reset", "POST", "account-member"): row(
        _LOGIN, 404, 404, 404, 404, 404, 302
    ),
}

OBJECTS = {"account-member": lambda world: world.actors["member"]}

PAYLOADS = {"governance:account-mfa-reset": lambda obj, world: {}}
