"""The reminder e-mail: plain text and HTML, in the recipient's language, listing the
same tasks as their "Mijn taken" page with the ones that prompted this mail marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.models import ReminderDelivery

from .owed import MyTasks


def language_of(user) -> str:
    """The language a person is written to in: their own, else the site's."""
    return user.language or settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.HECHT_SITE_URL.rstrip("/") + path


def automatic_message(user, *, subject: str, body: str, language: str) -> EmailMultiAlternatives:
    """An e-mail the application sends by itself to ``user`` (reminders, account and pack
    notices): marked as automatic so that auto-replies stay away, in ``language``."""
    return EmailMultiAlternatives(
        subject=f"{subject} – Hecht Bestuur",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )


def digest_message(
    user, tasks: MyTasks, *, reminded: Sequence[ReminderDelivery], now: dt.datetime
) -> EmailMultiAlternatives:
    """One message to ``user``; ``reminded`` are the ledger rows it delivers."""
    reminded_keys = {row.key for row in reminded}
    urgent = any(row.urgent for row in reminded)
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "own": tasks.own,
            "escalated": tasks.escalated,
            "reminded_keys": reminded_keys,
            "now": now,
            "site_url": settings.HECHT_SITE_URL.rstrip("/"),
            "tasks_url": absolute(reverse("governance:my-tasks")),
            "preferences_url": absolute(reverse("governance:reminder-preferences")),
            "organisation_name": settings.HECHT_ORGANISATION_NAME,
        }
        count = len(reminded_keys)
        if urgent:
            subject = ngettext(
                "Urgent: %(count)d task is due", "Urgent: %(count)d tasks are due", count
            ) % {"count": count}
        else:
            subject = ngettext(
                "Reminder: %(count)d task is coming up",
                "Reminder: %(count)d tasks are coming up",
                count,
            ) % {"count": count}
        text = render_to_string("governance/email/reminders.txt", context)
        html = render_to_string("governance/email/reminders.html", context)
        language = translation.get_language()
    message = automatic_message(user, subject=subject, body=text, language=language)
    message.attach_alternative(html, "text/html")
    return message


__all__ = ["absolute", "automatic_message", "digest_message", "_"]
