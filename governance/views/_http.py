"""Request types for the type checker: what the middleware and decorators guarantee."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from governance.models import User


class HtmxRequest(HttpRequest):
    """Every request: ``django_htmx.middleware.HtmxMiddleware`` sets ``htmx``.
    ``governance.middleware.SecondFactorMiddleware`` sets ``mfa_deadline`` or
    ``mfa_pending`` on some requests of logged-in users (read with a default)."""

    htmx: HtmxDetails
    mfa_deadline: dt.datetime | None
    mfa_pending: bool


class AuthenticatedRequest(HtmxRequest):
    """A request that passed ``login_required``: its user is an account, not anonymous."""

    user: User


def posted_position(request: HttpRequest) -> int:
    """The ``position`` of a drag-and-drop reorder; 0 (refused by the service, which
    names the valid places) when it is not a small whole number."""
    value = request.POST.get("position", "")
    return int(value) if value.isdigit() and len(value) <= 4 else 0
