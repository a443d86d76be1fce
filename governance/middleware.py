"""The second-factor gate (BIO: multi-factor authentication), after django-otp's
``OTPMiddleware`` and the session timeout in ``settings.MIDDLEWARE``."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from governance.mfa import requirement_for
from governance.services.accounts import has_confirmed_device
from governance.views._http import HtmxRequest

# What a logged-in person may reach before passing the second factor: logging in and
# out, the second-factor pages themselves, the language switch and the session clock.
OPEN_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "healthz",
        "session-status",
        "session-keepalive",
        "governance:mfa-verify",
        "governance:mfa-enrol",
    }
)


def _to(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """A session that has not passed the second factor reaches nothing but ``OPEN_VIEWS``
    when its user has a device (→ the code step) or must have one (→ enrolment): the
    secretariat, the directie and staff at once — ``/beheer/`` included — and everyone
    else after the enrolment period (``governance.mfa``). During that period the page
    gets ``request.mfa_deadline`` and the layout offers enrolment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HtmxRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_confirmed_device(user):
            gate = "governance:mfa-verify"
        else:
            needed = requirement_for(user, now=timezone.now())
            if not needed.required:
                request.mfa_deadline = needed.deadline
                return None
            gate = "governance:mfa-enrol"
        # The layout shows no menu of the logged-in pages until the step is done.
        request.mfa_pending = True
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.headers.get("HX-Request"):
            # A fragment the page loads by itself (the task count): leave it out, rather
            # than swap a whole redirected page into the header.
            return HttpResponse(status=204)
        return _to(gate, request)
