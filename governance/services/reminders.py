"""Reminder preferences and the secretariat's "send now" and "retry"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import ReminderDelivery, ReminderPreference, User
from governance.reminders import registry
from governance.tasks import sweep_reminders
from hecht.tasks import enqueue_on_commit

from ._common import save_with_history


def sweep_soon() -> None:
    """Run the reminder sweep once the current transaction commits (a new deadline may
    already be at an urgent stage); when the broker is down the periodic sweep catches
    up. Called by services that create or move a deadline."""
    enqueue_on_commit(sweep_reminders)


@transaction.atomic(durable=True)
def reminder_preferences_update(
    *,
    actor: User | AnonymousUser,
    user: User,
    digest_time: dt.time,
    urgent_immediately: bool,
    muted_kinds: Iterable[str],
    language: str | None = None,
) -> ReminderPreference:
    """Change how ``user`` is reminded, and in which language (``None``: unchanged).
    Only the person themselves may (nobody decides for someone else what lands in their
    inbox). Mandatory kinds cannot be muted."""
    if not actor.is_authenticated or actor.pk != user.pk:
        raise PermissionDenied
    if language is not None and language not in User.Language.values:
        raise ValidationError({"language": _("Choose Dutch or English.")})
    optional = {source.kind for source in registry.optional_kinds()}
    muted = sorted(set(muted_kinds))
    refused = [kind for kind in muted if kind not in optional]
    if refused:
        labels = {source.kind: str(source.label) for source in registry.sources()}
        raise ValidationError(
            {
                "muted_kinds": _("These reminders cannot be switched off: %(kinds)s.")
                % {"kinds": ", ".join(labels.get(kind, kind) for kind in refused)}
            }
        )
    preference, _created = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    preference.digest_time = digest_time
    preference.urgent_immediately = urgent_immediately
    preference.muted_kinds = muted
    save_with_history(preference, actor=actor, reason=_("Reminder preferences changed"))
    if language is not None and language != user.language:
        user.language = language
        save_with_history(
            user, actor=actor, reason=_("Language changed"), update_fields=["language"]
        )
    # Planned reminders of a muted kind are cancelled; the others keep their time.
    if muted:
        ReminderDelivery.objects.filter(
            recipient=user, status=ReminderDelivery.Status.PENDING, kind__in=muted
        ).exclude(stage__startswith="escalate").update(
            status=ReminderDelivery.Status.CANCELLED, reason="Muted by the recipient"
        )
    return preference


def reminders_send_now(*, actor: User) -> None:
    """Run the sweep now (after commit) instead of at the next scheduled moment."""
    require(actor, "governance.send_reminders")
    sweep_soon()


@transaction.atomic(durable=True)
def reminders_retry(*, actor: User, deliveries: Iterable[ReminderDelivery]) -> int:
    """Put failed reminders back in the queue, due now, with a fresh attempt count;
    the reason records who did it."""
    require(actor, "governance.send_reminders")
    retried = ReminderDelivery.objects.filter(
        pk__in=[delivery.pk for delivery in deliveries], status=ReminderDelivery.Status.FAILED
    ).update(
        status=ReminderDelivery.Status.PENDING,
        attempts=0,
        send_after=timezone.now(),
        # Ledger reasons are plain technical English, like the mail errors beside them.
        reason=f"Retry requested by {actor.get_username()}",
    )
    if retried:
        sweep_soon()
    return retried
