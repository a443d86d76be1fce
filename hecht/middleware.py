from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
        from django.conf import settings
        from django.utils import translation

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
