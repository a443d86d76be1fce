"""E-mail about a person's account, in their own language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from governance.reminders.mail import absolute, automatic_message, language_of


def mfa_reset_message(user) -> EmailMessage:
    """ "Your second factor was reset": when, what to do next, whom to call if unexpected."""
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "reset_at": user.mfa_reset_at,
            "login_url": absolute(reverse("login")),
            "organisation_name": settings.HECHT_ORGANISATION_NAME,
        }
        subject = _("Your second factor was reset")
        body = render_to_string("governance/email/mfa_reset.txt", context)
        language = translation.get_language()
    return automatic_message(user, subject=subject, body=body, language=language)
