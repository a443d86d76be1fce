"""The e-mail that tells the board secretariat a pack build failed.

A failed build enqueues ``governance.tasks.notify_pack_failure``
(``build._tell_secretariat``), which calls ``tell_secretariat``: one message about the
meeting's failed packs not told yet to every active user who may publish meetings
(``governance.publish_meeting``, the secretariat), each in their own language.
Superusers are technical accounts and are not written to unless they hold the
permission through a role.

Once per failed build: the packs are locked, the mail is sent and
``AgendaPack.failure_notified_at`` is recorded in one transaction, so a second task
(a retry, a re-run, the same build failing again) waits for the first and then finds
nothing left to tell; a failed send is logged and records nothing, so the pages never
claim the secretariat was told when it was not. ``services.packs.packs_request`` clears the mark:
a new build that fails is told again.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.models import AgendaPack, User
from governance.reminders.mail import absolute, automatic_message, language_of

logger = logging.getLogger(__name__)

PERMISSION = "governance.publish_meeting"


def failure_recipients() -> QuerySet[User]:
    """The active users with an e-mail address who may publish (and rebuild) packs."""
    users = User.objects.with_perm(
        PERMISSION,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return users.filter(is_active=True).exclude(email="").order_by("pk")


def failure_message(packs: list[AgendaPack], user: User) -> EmailMessage:
    """ "Building the agenda pack failed": which meeting, which packs and their errors,
    where to build them again. ``packs`` are failed packs of one meeting."""
    meeting = packs[0].meeting
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "meeting": meeting,
            "packs": [(str(pack.get_variant_display()), pack.error) for pack in packs],
            "publication_url": absolute(
                reverse("governance:meeting-publication", args=[meeting.pk])
            ),
            "organisation_name": settings.HECHT_ORGANISATION_NAME,
        }
        subject = _("Building the agenda pack failed: %(meeting)s") % {
            "meeting": meeting.display_title
        }
        body = render_to_string("governance/email/pack_failed.txt", context)
        language = translation.get_language()
    return automatic_message(user, subject=subject, body=body, language=language)


@transaction.atomic(durable=True)
def tell_secretariat(meeting_id: int) -> int:
    """E-mail the secretariat about the failed packs of a meeting not told yet and
    record that they were told; returns the number of messages sent."""
    failed = list(
        AgendaPack.objects.select_for_update()
        .select_related("meeting__body")
        .filter(
            meeting_id=meeting_id,
            status=AgendaPack.Status.FAILED,
            failure_notified_at__isnull=True,
        )
        .order_by("variant")
    )
    recipients = list(failure_recipients()) if failed else []
    if not recipients:  # nothing failed, or nobody to tell (then nobody was told)
        return 0
    messages = [failure_message(failed, user) for user in recipients]
    try:
        with mail.get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    except (OSError, smtplib.SMTPException):
        # Logged, not raised: in the embedded (eager) mode the build runs in the request
        # that published the agenda. Nothing is recorded, so the pages do not claim the
        # secretariat was told; the next failed build tries again.
        logger.exception("Could not tell the secretariat that the packs of %s failed", meeting_id)
        return 0
    now = timezone.now()
    for pack in failed:
        pack.failure_notified_at = now
        # Read by django-simple-history (no user: a task writes).
        pack._history_user = None  # type: ignore[attr-defined]
        pack._change_reason = _("Secretariat told of the failure")  # type: ignore[attr-defined]
        pack.save(update_fields=["failure_notified_at"])
    return sent
