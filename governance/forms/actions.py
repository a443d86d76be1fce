"""Forms of actions, progress notes and programme tracks."""

from __future__ import annotations

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.access import meeting_scope, proposal_scope
from governance.models import Action, ActionNote, Track, User
from governance.services.actions import MODEL_FIELDS
from governance.services.programme import TRACK_FIELDS
from hecht import fields as hecht_fields
from hecht.fields import field_of


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MeetingChoiceField(hecht_fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_title


def _people():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class ActionForm(forms.ModelForm):
    """Record or change an action. The meeting and proposal choices are limited to
    what ``user`` may see; on edit the status and an explanation are offered too."""

    origin_meeting = MeetingChoiceField(label=_("agreed at meeting"), queryset=None, required=False)
    report_meeting = MeetingChoiceField(
        label=_("report back at meeting"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the action is dropped. Kept as a progress note with today's date."
        ),
    )

    class Meta:
        model = Action
        fields = list(MODEL_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
        }
        help_texts = {
            "actor_body": _("Only when a body is the actor."),
            "owner": _("The person who reports progress; required when a person is the actor."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = meeting_scope(user).order_by("starts_at", "body__order")
        field_of(self, "origin_meeting", forms.ModelChoiceField).queryset = meetings
        field_of(self, "report_meeting", forms.ModelChoiceField).queryset = meetings
        field_of(self, "origin_proposal", forms.ModelChoiceField).queryset = proposal_scope(
            user
        ).order_by("reference")
        field_of(self, "owner", forms.ModelChoiceField).queryset = _people()
        field_of(self, "track", forms.ModelChoiceField).queryset = Track.objects.select_related(
            "programme"
        ).order_by("-programme__start_date", "number")
        field_of(self, "due_date", BaseTemporalField).input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        if self.instance.pk is None:
            del self.fields["status"]
            del self.fields["note"]

    def _get_validation_exclusions(self) -> set[str]:
        # The model's check constraints on actor/acting body/owner would only report
        # "constraint … is violated"; the service checks the same rules with a message
        # on the field concerned, which the view puts on this form.
        # A private method of BaseModelForm, not in django-stubs.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclusions | {"actor", "actor_body", "owner"}

    def service_kwargs(self) -> dict:
        """The cleaned data in the services' terms (``actor`` is the acting user there)."""
        data = dict(self.cleaned_data)
        data["actor_kind"] = data.pop("actor")
        data.pop("note", None)
        return data


class ActionNoteForm(forms.ModelForm):
    """Report progress on an action."""

    class Meta:
        model = ActionNote
        fields = ["date", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field_of(self, "date", BaseTemporalField).input_formats = ["%Y-%m-%d", "%d-%m-%Y"]


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = list(TRACK_FIELDS)
        widgets = {
            "status_note": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"status_note": _("Required when the track is at risk or delayed.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "owner", forms.ModelChoiceField).queryset = _people()
