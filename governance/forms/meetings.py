from django import forms
from django.forms.fields import BaseTemporalField
from django.utils.translation import gettext_lazy as _

from governance.models import Meeting
from governance.services.meetings import MEETING_FIELDS
from hecht.fields import field_of


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    """Plan or change a meeting. ``status`` is offered only on edit, limited to the
    moves ``Meeting.TRANSITIONS`` allows from the current status (publishing the agenda
    is not among them: that is the publication page)."""

    status = forms.ChoiceField(label=_("status"), required=False)

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "response_deadline": DateTimeLocalInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "starts_at", BaseTemporalField).input_formats = [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        for name in ("ends_at", "response_deadline"):
            field_of(self, name, BaseTemporalField).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
        field_of(self, "body", forms.ModelChoiceField).empty_label = None
        if self.instance.pk:
            current = self.instance.status
            allowed = {current} | Meeting.TRANSITIONS[current]
            field_of(self, "status", forms.ChoiceField).choices = [
                c for c in Meeting.Status.choices if c[0] in allowed
            ]
            self.fields["status"].initial = current
            self.fields["status"].required = True
        else:
            del self.fields["status"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return data
