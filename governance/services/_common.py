"""Helpers shared by the services: permission gate and history-recording save."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.text import Truncator

# django-simple-history stores the reason in a CharField(max_length=100).
REASON_LENGTH = 100


def require(actor, perm: str, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm`` (for ``obj``)."""
    if not actor.is_authenticated or not actor.has_perm(perm, obj):
        raise PermissionDenied


def save_with_history(obj, *, actor, reason: str, update_fields=None) -> None:
    """Validate completely, then save with the actor and reason on the history row."""
    obj.full_clean()
    obj._history_user = actor if actor.is_authenticated else None
    obj._change_reason = Truncator(reason).chars(REASON_LENGTH)
    obj.save(update_fields=update_fields)
