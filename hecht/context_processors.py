from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page."""
    return {
        # django-htmx's {% htmx_script %} reads ``csp_nonce`` from the context.
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "organisation_name": settings.HECHT_ORGANISATION_NAME,
        "session_idle_seconds": settings.HECHT_SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.HECHT_SESSION_WARNING_SECONDS,
    }
