from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a logged-in user may hold confidential data: no browser or proxy
    may keep a copy (``Cache-Control: no-store``). Anonymous pages vary on the cookie
    so that a shared cache never serves a member's page to the public."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        patch_vary_headers(response, ("Cookie",))
        return response


class UserLanguageMiddleware:
    """A logged-in user's preferred language (``user.language``) applies when the browser
    has not chosen one with the language switch (the cookie wins: it is the latest
    explicit choice). Runs after ``LocaleMiddleware`` and ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:

        user = getattr(request, "user", None)
        preferred = getattr(user, "language", "") if user is not None else ""
        available = {code for code, _name in settings.LANGUAGES}
        if (
            user is not None
            and user.is_authenticated
            and preferred in available
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and preferred != request.LANGUAGE_CODE
        ):
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return self.get_response(request)


# Session keys of SessionTimeoutMiddleware: Unix times of the login and of the latest
# activity (a request the person made, not a poll by the warning script).
LOGIN_AT = "hecht_login_at"
LAST_ACTIVITY = "hecht_last_activity"


def session_passive(view):
    """Mark a view whose requests are not activity (the warning script's status poll)."""
    view.session_passive = True
    return view


def session_times(request: HttpRequest) -> tuple[float, float]:
    """Seconds left before the idle timeout and before the absolute lifetime ends."""

    now = timezone.now().timestamp()
    login_at = request.session.get(LOGIN_AT, now)
    last = request.session.get(LAST_ACTIVITY, now)
    return (
        last + settings.HECHT_SESSION_IDLE_SECONDS - now,
        login_at + settings.SESSION_COOKIE_AGE - now,
    )


def session_touch(request: HttpRequest) -> None:

    request.session[LAST_ACTIVITY] = timezone.now().timestamp()


def session_start(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the absolute lifetime and the idle clock start now."""

    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[LOGIN_AT] = now
        request.session[LAST_ACTIVITY] = now


class SessionTimeoutMiddleware:
    """Log out a session idle for ``HECHT_SESSION_IDLE_SECONDS`` or older than
    ``SESSION_COOKIE_AGE`` since its login (BIO: a session does not outlive its user's
    attention; the cookie's own expiry would be renewed by every change to the session).

    Enforced here, on the server; the warning dialog (static/js/session-timeout.js) only
    announces it. Activity is recorded at most every 1/30 of the timeout (a minute by
    default), so a page view does not write the session every time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):

        if not request.user.is_authenticated:
            return None
        session = request.session
        if LOGIN_AT not in session:  # a session from before this check existed
            session_start(None, request, request.user)
        idle_left, lifetime_left = session_times(request)
        if lifetime_left <= 0 or idle_left <= 0:
            logout(request)
            if lifetime_left <= 0:
                text = _("Your session has ended after %(hours)s hours. Please log in again.")
                hours = round(settings.SESSION_COOKIE_AGE / 3600, 1)
                messages.info(request, text % {"hours": f"{hours:g}"})
            else:
                text = _(
                    "You have been logged out because you were inactive for %(minutes)s "
                    "minutes. Please log in again."
                )
                minutes = max(1, round(settings.HECHT_SESSION_IDLE_SECONDS / 60))
                messages.info(request, text % {"minutes": minutes})
            return None
        elapsed = settings.HECHT_SESSION_IDLE_SECONDS - idle_left
        if not getattr(view_func, "session_passive", False) and (
            elapsed >= settings.HECHT_SESSION_IDLE_SECONDS / 30
        ):
            session[LAST_ACTIVITY] = timezone.now().timestamp()
        return None
