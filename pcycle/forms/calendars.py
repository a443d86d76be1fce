"""Forms of the council calendars: a meeting, a CSV or .ics upload, the settings."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance.forms.actions import DateInput
from pcycle.models import CouncilCalendar, CouncilMeeting

MAX_CSV_UPLOAD = 256 * 1024
MAX_ICAL_UPLOAD = 2 * 1024 * 1024


class CouncilMeetingForm(forms.ModelForm):
    class Meta:
        model = CouncilMeeting
        fields = ["day", "kind", "title"]
        widgets = {"day": DateInput(), "kind": forms.RadioSelect()}


class _UploadForm(forms.Form):
    """An uploaded file, read into memory (never stored) when not too large; Django's
    upload handlers spool a large one to a temporary file, which is refused here."""

    max_size = MAX_CSV_UPLOAD

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise ValidationError(
                _("The file is larger than %(size)s kB.") % {"size": self.max_size // 1024}
            )
        return upload.read(self.max_size + 1)


class CsvUploadForm(_UploadForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A header row with the columns datum (YYYY-MM-DD or DD-MM-YYYY), optionally "
            "soort (raad or commissie) and titel; separated by ; or ,. At most 256 kB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class IcalUploadForm(_UploadForm):
    max_size = MAX_ICAL_UPLOAD
    file = forms.FileField(
        label=_("iCalendar file (.ics)"),
        help_text=_(
            "The council's calendar exported as .ics. Recurring events are ignored. At most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )


class CalendarSettingsForm(forms.ModelForm):
    class Meta:
        model = CouncilCalendar
        fields = ["preparation_weeks", "feed_url"]
        widgets = {"feed_url": forms.URLInput(attrs={"inputmode": "url"})}
