"""Helpers shared by the services: applying changes and the history-recording save.

The permission gate is ``governance.access.require``, the one rule the views use too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _

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
        "fields": ", ".join(str(obj._meta.get_field(name).verbose_name) for name in changed)
    }


def save_with_history(obj, *, actor, reason: str, update_fields=None) -> None:
    """Validate completely, then save with the actor and reason on the history row."""
    obj.full_clean()
    obj._history_user = actor if actor.is_authenticated else None
    obj._change_reason = Truncator(reason).chars(REASON_LENGTH)
    obj.save(update_fields=update_fields)
