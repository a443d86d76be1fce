import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("django.request")


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


# Paths whose 404 stays a 404 for an anonymous visitor: the public portal, the open-data
# API, the Woo sitemap, calendar feeds, static files, the health check and the favicon —
# pages meant for the public or for machines, where a login page would not help.
PUBLIC_PREFIXES = ("/openbaar/", "/api/", "/static/", "/beheer/")
PUBLIC_PATHS = frozenset({"/sitemap-woo.xml", "/healthz", "/favicon.ico"})


def is_internal_path(path: str) -> bool:
    """Whether ``path`` is one of the logged-in pages (not a public or machine path)."""
    return not (path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS or path.endswith(".ics"))


class ErrorPagesMiddleware:
    """Two things about errors, in one place.

    An anonymous visitor who follows a link to an internal page they may not see (a
    closed meeting, an agenda item, a document: a URL with an id, whose fetcher in
    ``governance/access.py`` raises ``Http404``) gets the login page, with ``next`` back
    to that page: existing object or not alike, so that nothing is disclosed. A
    logged-in user keeps the 404.

    With ``DEBUG`` on (``make run``) Django would show its technical error pages; unless
    ``HECHT_FRIENDLY_ERROR_PAGES`` is off, the friendly pages (``templates/403.html``,
    ``404.html``, ``500.html``) are shown instead, as in production. The exception of a
    500 is still logged with its traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            _friendly_debug()
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            # No URL matched: Django's technical 404 page under DEBUG.
            return defaults.page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        user = getattr(request, "user", None)
        if (
            isinstance(exception, Http404)
            and user is not None
            and not user.is_authenticated
            and is_internal_path(request.path)
            and _names_an_object(request)
        ):
            # hecht.apps imports this module before the auth models are loaded.
            from django.contrib.auth.views import redirect_to_login  # cycle: hecht.apps

            return redirect_to_login(request.get_full_path())
        if not _friendly_debug():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return defaults.server_error(request)


def _names_an_object(request: HttpRequest) -> bool:
    """Whether the URL names an object by id (a meeting, item, document…): a page that
    may be hidden. A bad parameter on a page without one (a nonsense year on the
    calendar) stays a 404."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "pk" in match.kwargs


def _friendly_debug() -> bool:
    return bool(settings.DEBUG and settings.HECHT_FRIENDLY_ERROR_PAGES)
