"""The organisation's days off: the secretariat adds and removes closing days and
waives or restores national days off (issue 12). Document deadlines and every other
working-day count read them through ``governance.queries.days_off``.

Days before today are not changed: deadlines around them have passed and were counted
(and reminded of) with the days off as they were then.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from governance import deadlines
from governance.access import require
from governance.models import ClosingDay, User
from governance.queries.days_off import national_day_label

from ._common import REASON_LENGTH, save_with_history, stamp_history

PERMISSION = "governance.manage_days_off"


def _when(day: dt.date) -> str:
    """The date as the start of a message: "Maandag 29 juni 2026"."""
    return capfirst(formats.date_format(day, "l j F Y"))


def _refuse_past(day: dt.date) -> None:
    if day < timezone.localdate():
        raise ValidationError(
            {
                "date": _(
                    "%(date)s has passed: days off in the past are not changed, the "
                    "deadlines around them were counted with them."
                )
                % {"date": _when(day)}
            }
        )


def _insert(closing_day: ClosingDay, *, actor: User, reason: str) -> None:
    """Save a new row; a concurrent change of the same date (the unique date column)
    is refused like the checks before it, not a server error."""
    try:
        with transaction.atomic():
            save_with_history(closing_day, actor=actor, reason=reason)
    except IntegrityError:
        raise ValidationError(
            {"date": _("%(date)s was changed just now.") % {"date": _when(closing_day.date)}}
        ) from None


def _national_code(day: dt.date) -> str | None:
    return deadlines.national_days_off(day.year).get(day)


@transaction.atomic(durable=True)
def closing_day_add(*, actor: User, date: dt.date, name: str) -> ClosingDay:
    """Make ``date`` a closing day of the organisation, named ``name``.

    Requires ``governance.manage_days_off``. Raises ``ValidationError`` (field
    ``date`` or ``name``) when the date has passed, falls on a weekend, is a national
    day off already, or has a change of its own already; the unique date column
    backs the last check against a race.
    """
    require(actor, PERMISSION)
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the closing day a name, such as “Good Friday”.")
    _refuse_past(date)
    existing = ClosingDay.objects.filter(date=date).first()
    code = _national_code(date)
    if date.weekday() >= 5:
        errors["date"] = _("%(date)s is in a weekend: weekends are never working days.") % {
            "date": _when(date)
        }
    elif existing is not None and existing.kind == ClosingDay.Kind.CLOSED:
        errors["date"] = _("%(date)s is a closing day already.") % {"date": _when(date)}
    elif existing is not None:
        errors["date"] = _(
            "%(date)s is a national day off that the organisation works on: restore the "
            "national day off instead."
        ) % {"date": _when(date)}
    elif code is not None:
        errors["date"] = _("%(date)s is a national day off already (%(name)s).") % {
            "date": _when(date),
            "name": national_day_label(code),
        }
    if errors:
        raise ValidationError(errors)
    closing_day = ClosingDay(date=date, kind=ClosingDay.Kind.CLOSED, name=name)
    _insert(closing_day, actor=actor, reason=_("Closing day added: %(name)s") % {"name": name})
    return closing_day


@transaction.atomic(durable=True)
def national_day_waive(*, actor: User, date: dt.date) -> ClosingDay:
    """Make the national day off ``date`` a working day of the organisation.

    Requires ``governance.manage_days_off``. Raises ``ValidationError`` (field
    ``date``) when the date has passed, is no national day off on a weekday, or is
    waived already.
    """
    require(actor, PERMISSION)
    _refuse_past(date)
    code = _national_code(date)
    if code is None or date.weekday() >= 5:
        raise ValidationError(
            {"date": _("%(date)s is not a national day off on a weekday.") % {"date": _when(date)}}
        )
    if ClosingDay.objects.filter(date=date).exists():
        raise ValidationError(
            {"date": _("%(date)s is a working day already.") % {"date": _when(date)}}
        )
    label = str(national_day_label(code))
    closing_day = ClosingDay(date=date, kind=ClosingDay.Kind.OPEN, name=label)
    _insert(
        closing_day, actor=actor, reason=_("National day off worked: %(name)s") % {"name": label}
    )
    return closing_day


@transaction.atomic(durable=True)
def closing_day_remove(*, actor: User, closing_day: ClosingDay) -> None:
    """Undo the change ``closing_day``: a closing day becomes a working day again, a
    waived national day off is a day off again.

    Requires ``governance.manage_days_off``. Raises ``ValidationError`` when the day
    has passed. The history keeps the removed row (with the actor and a reason).
    """
    require(actor, PERMISSION)
    locked = ClosingDay.objects.select_for_update().get(pk=closing_day.pk)
    _refuse_past(locked.date)
    reason = (
        _("Closing day removed: %(name)s")
        if locked.kind == ClosingDay.Kind.CLOSED
        else _("National day off restored: %(name)s")
    ) % {"name": locked.name}
    stamp_history(locked, user=actor, reason=reason[:REASON_LENGTH])
    locked.delete()
