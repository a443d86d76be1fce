"""Helpers shared by the services: applying changes and the history-recording save.

The permission gate is ``governance.access.require``, the one rule the views use too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from governance.models import User

# django-simple-history stores the reason in a CharField(max_length=100).
REASON_LENGTH = 100


def apply_changes(
    obj: models.Model, changes: Mapping[str, Any], *, allowed: Collection[str]
) -> list[str]:
    """Set on ``obj`` the fields of ``changes`` whose value differs, and return their
    names in the order given. ``changes`` may hold only ``allowed`` fields (the service's
    field list, which its form uses too); anything else is a programming error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{type(obj).__name__}: unexpected fields {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, changes[name])
    return changed


def changed_reason(obj: models.Model, changed: Collection[str]) -> str:
    """The history reason of an edit: "Gewijzigd: titel, omschrijving"."""
    return _("Changed: %(fields)s") % {
        "fields": ", ".join(_field_label(obj, name) for name in changed)
    }


def _field_label(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignObjectRel):  # a reverse relation has no verbose name
        raise TypeError(f"{type(obj).__name__}.{name} is not a field")
    return str(field.verbose_name)


def stamp_history(obj: models.Model, *, user: User | None, reason: str) -> None:
    """Set the user and change reason django-simple-history writes on ``obj``'s next
    history row. It reads them from these two instance attributes, which the model does
    not declare."""
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history


def save_with_history(
    obj: models.Model,
    *,
    actor: User | AnonymousUser,
    reason: str,
    update_fields: Iterable[str] | None = None,
) -> None:
    """Validate completely, then save with the actor and reason on the history row."""
    obj.full_clean()
    stamp_history(
        obj,
        user=actor if actor.is_authenticated else None,
        reason=Truncator(reason).chars(REASON_LENGTH),
    )
    obj.save(update_fields=update_fields)
