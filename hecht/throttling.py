"""Which address a login attempt comes from, for django-axes' per-address throttling."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """``REMOTE_ADDR``, or behind ``HECHT_TRUSTED_PROXIES`` reverse proxies the address
    the outermost trusted proxy saw. Counted from the right of ``X-Forwarded-For``:
    a client can put anything at the left of that header, but each trusted proxy
    appends the address it received the request from."""
    proxies = settings.HECHT_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    return hops[-proxies] if len(hops) >= proxies else remote
