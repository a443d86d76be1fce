"""Reading the change history (django-simple-history) of any tracked row for the history tabs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def record_history(obj, *, related: dict[str, dict[int, str]] | None = None) -> list[dict]:
    """The history rows of any history-tracked ``obj``, newest first, each with its
    field changes against the previous row. Two queries whatever the length of the
    history. ``related`` maps a foreign-key field name to {pk: label} for display
    (otherwise the raw id is shown)."""
    model = type(obj)
    related = related or {}
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    rows = []
    previous = None
    for record in records:
        changes: list[dict[str, Any]] = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                labels = related.get(field.name, {})
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": display_value(field, change.old, labels),
                        "new": display_value(field, change.new, labels),
                    }
                )
        rows.append({"record": record, "changes": changes})
        previous = record
    rows.reverse()
    return rows


def display_value(field, value, labels: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if labels:
        return labels.get(value, str(value))
    if field.choices:
        # A value the field no longer offers (an old history row) is shown with the
        # label its model keeps for it in ``RETIRED_CHOICES``, else as stored.
        known = dict(field.flatchoices)
        known.update(getattr(field.model, "RETIRED_CHOICES", {}).get(field.name, {}))
        return str(known.get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)
