"""Request types for the type checker: what the middleware and decorators guarantee."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.forms import BaseForm
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


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form: each message on the field it names, else
    (or when the form has no such field) on the whole form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
