"""Request types for the type checker: what the middleware and decorators guarantee."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from governance.models import User


class HtmxRequest(HttpRequest):
    """Every request: ``django_htmx.middleware.HtmxMiddleware`` sets ``htmx``."""

    htmx: HtmxDetails


class AuthenticatedRequest(HtmxRequest):
    """A request that passed ``login_required``: its user is an account, not anonymous."""

    user: User
