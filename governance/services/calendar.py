"""Personal calendar feeds: the secret key in a user's feed address."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import User

from ._common import save_with_history

# 32 random bytes, URL-safe base64: 43 characters, well inside the 64 of the field.
TOKEN_BYTES = 32


@transaction.atomic(durable=True)
def calendar_token_reset(*, actor: User | AnonymousUser, user: User) -> User:
    """Give ``user`` a fresh calendar feed key; the old feed address stops working.

    Only the user themself may do this (the key gives read access to everything they
    may see, so nobody else should ever hold it). Also creates the first key.
    """
    if not actor.is_authenticated or not actor.is_active or actor.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    user.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    # The key itself is excluded from the user's history; the row records that it changed.
    save_with_history(
        user, actor=actor, reason=_("Calendar feed key reset"), update_fields=["calendar_token"]
    )
    return user


def personal_feed_path(user: User) -> str | None:
    if not user.calendar_token:
        return None
    return reverse("governance:calendar-feed-personal", kwargs={"token": user.calendar_token})


def personal_feed_url(user: User, request: HttpRequest, *, create: bool = True) -> str | None:
    """The absolute address of ``user``'s personal feed, creating the key on first use
    (through ``calendar_token_reset``). With ``create=False`` (page rendering: a GET
    writes nothing) a user without a key gets ``None``."""
    if not user.calendar_token and create:
        user.calendar_token = calendar_token_reset(actor=user, user=user).calendar_token
    path = personal_feed_path(user)
    return request.build_absolute_uri(path) if path else None
