"""Helpers shared by the services: permission gate and history-recording save."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(actor, perm: str, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm`` (for ``obj``)."""
    if not actor.is_authenticated or not actor.has_perm(perm, obj):
        raise PermissionDenied


def save_with_history(obj, *, actor, reason: str, update_fields=None) -> None:
    """Validate completely, then save with the actor and reason on the history row."""
    obj.full_clean()
    obj._history_user = actor if actor.is_authenticated else None
    obj._change_reason = reason
    obj.save(update_fields=update_fields)
