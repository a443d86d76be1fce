"""The reminder preferences form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from governance.models import ReminderPreference, User
from governance.reminders import registry
from hecht.fields import field_of

# Digest times offered: every half hour from 06:00 to 20:00.
DIGEST_TIMES = [dt.time(hour, minute) for hour in range(6, 21) for minute in (0, 30)][:-1]
DIGEST_CHOICES = [(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in DIGEST_TIMES]


class ReminderPreferenceForm(forms.Form):
    digest_time = forms.TypedChoiceField(
        label=_("Time of the daily digest"),
        help_text=_("On working days, when something reaches a reminder stage."),
        choices=DIGEST_CHOICES,
        coerce=lambda value: dt.time.fromisoformat(value),
    )
    urgent_immediately = forms.TypedChoiceField(
        label=_("Urgent reminders"),
        help_text=_("The moments marked “urgent” in the table above."),
        choices=[
            ("1", _("Send them at once, in a separate e-mail")),
            ("0", _("Put them in the daily digest too")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        help_text=_(
            "Also the language of this site as long as you have not chosen one with the "
            "language switch at the top."
        ),
        # Each language in its own name and marked as such, as on the language switch.
        choices=[
            (code, format_html('<span lang="{}">{}</span>', code, name))
            for code, name in (
                (User.Language.DUTCH, "Nederlands"),
                (User.Language.ENGLISH, "English"),
            )
        ],
        widget=forms.RadioSelect,
    )
    reminded_kinds = forms.MultipleChoiceField(
        label=_("Remind me of"),
        help_text=_("Kinds marked “always” cannot be switched off."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, preference: ReminderPreference | None = None, **kwargs) -> None:
        optional = registry.optional_kinds()
        if preference is None:
            preference = ReminderPreference()
        muted = set(preference.muted_kinds or ())
        kwargs.setdefault(
            "initial",
            {
                "digest_time": preference.digest_time.strftime("%H:%M"),
                "urgent_immediately": "1" if preference.urgent_immediately else "0",
                "language": user.language,
                "reminded_kinds": [s.kind for s in optional if s.kind not in muted],
            },
        )
        super().__init__(*args, **kwargs)
        field_of(self, "reminded_kinds", forms.ChoiceField).choices = [
            (s.kind, s.label) for s in optional
        ]
        current = preference.digest_time.strftime("%H:%M")
        if (current, current) not in DIGEST_CHOICES:  # a time set in the admin stays selectable
            field_of(self, "digest_time", forms.ChoiceField).choices = sorted(
                [*DIGEST_CHOICES, (current, current)]
            )

    def service_kwargs(self) -> dict:
        optional = {source.kind for source in registry.optional_kinds()}
        return {
            "digest_time": self.cleaned_data["digest_time"],
            "urgent_immediately": self.cleaned_data["urgent_immediately"],
            "muted_kinds": sorted(optional - set(self.cleaned_data["reminded_kinds"])),
            "language": self.cleaned_data["language"],
        }
