"""Forms of the proposal pages, the route editor and the agenda builder."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from governance.deadlines import NATIONAL, DaysOff
from governance.models import (
    AgendaItem,
    Body,
    Confidentiality,
    Meeting,
    Proposal,
    RouteStep,
    RouteTemplate,
    StepPurpose,
    Track,
    User,
)
from governance.queries.agenda import document_deadline_of
from governance.roles import MANAGEMENT, SECRETARIAT
from governance.services.agenda import AGENDA_ITEM_FIELDS
from governance.services.proposals import PROPOSAL_FIELDS
from hecht import fields as hecht_fields
from hecht.fields import field_of


class ProposalForm(forms.ModelForm):
    """Register or change a proposal; the route template is offered on create only."""

    class Meta:
        model = Proposal
        fields = [*PROPOSAL_FIELDS, "route_template"]  # the template on create only
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Owners are people of Hecht (secretariat and management), not every account.
        field_of(self, "owner", forms.ModelChoiceField).queryset = User.objects.filter(
            groups__name__in=(SECRETARIAT.group_name, MANAGEMENT.group_name), is_active=True
        ).distinct()
        field_of(self, "owner", forms.ModelChoiceField).empty_label = _(
            "Management (directie) as a whole"
        )
        field_of(self, "track", forms.ModelChoiceField).queryset = Track.objects.select_related(
            "programme"
        ).order_by("-programme__start_date", "number")
        field_of(self, "track", forms.ModelChoiceField).empty_label = _("No programme track")
        if self.instance.pk:
            del self.fields["route_template"]
            if self.instance.is_confidential:
                # Lifting the confidentiality is a Woo decision with a reason of its own
                # (proposal_update refuses it without one).
                self.fields["disclosure_reason"] = forms.CharField(
                    label=_("Reason for lifting the confidentiality"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_(
                        "Only when you make the proposal public: which Woo ground no longer "
                        "applies, and who decided so. Kept in the proposal's history."
                    ),
                )
        else:
            field_of(
                self, "route_template", forms.ModelChoiceField
            ).queryset = RouteTemplate.objects.filter(is_active=True)
            field_of(self, "route_template", forms.ModelChoiceField).empty_label = _(
                "No template: build the route later"
            )
            self.fields["route_template"].help_text = _(
                "The route's steps are copied from the template; you can adjust them after."
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        confidential = data.get("confidentiality") == Confidentiality.CONFIDENTIAL
        if confidential and not data.get("woo_ground"):
            self.add_error("woo_ground", _("Name the Woo ground for keeping this confidential."))
        if not confidential and data.get("woo_ground"):
            self.add_error("woo_ground", _("A public record has no Woo ground."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            data.pop("route_template", None)
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the proposal withdrawn?"), widget=forms.Textarea(attrs={"rows": 3})
    )


# --- route editor ---------------------------------------------------------------------


def meeting_label(meeting: Meeting, *, days_off: DaysOff) -> str:
    deadline = document_deadline_of(meeting, days_off=days_off)
    return str(
        _("%(meeting)s – documents due %(deadline)s")
        % {
            "meeting": meeting.display_title,
            "deadline": date_format(timezone.localtime(deadline), "j F Y H:i"),
        }
    )


class MeetingChoiceField(hecht_fields.ModelChoiceField):
    # The organisation's days off, set by the form (loaded once by the view).
    days_off: DaysOff = NATIONAL

    def label_from_instance(self, obj: Meeting) -> str:
        return meeting_label(obj, days_off=self.days_off)


class StepAddForm(forms.Form):
    body = hecht_fields.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), empty_label=None
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=StepPurpose.choices)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to add the step at the end of the route."),
    )


class StepScheduleForm(forms.Form):
    """Pick a meeting for one step: that body's upcoming meetings, with their deadline.
    The queryset is set per step; an empty choice unschedules."""

    meeting = MeetingChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, step: RouteStep, meetings, days_off: DaysOff, **kwargs):
        kwargs.setdefault("prefix", f"step-{step.pk}")
        super().__init__(*args, **kwargs)
        self.step = step
        field = field_of(self, "meeting", MeetingChoiceField)
        field.days_off = days_off
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
            "body"
        )
        # Render from the list already loaded (no query per step).
        choices = [("", _("Not scheduled"))] + [
            (meeting.pk, meeting_label(meeting, days_off=days_off)) for meeting in meetings
        ]
        # (No meeting id: no query for step.meeting.)
        if step.meeting_id not in {m.pk for m in meetings} and step.meeting is not None:
            choices.append((step.meeting.pk, meeting_label(step.meeting, days_off=days_off)))
            field.queryset = Meeting.objects.filter(
                pk__in=[m.pk for m in meetings] + [step.meeting.pk]
            )
        field.choices = choices
        field.initial = step.meeting_id
        field.label = _("Meeting for step %(position)s (%(body)s)") % {
            "position": step.position,
            "body": step.body.code,
        }


class PlanForm(forms.Form):
    target = MeetingChoiceField(label=_("Target meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, meetings, days_off: DaysOff, **kwargs):
        super().__init__(*args, **kwargs)
        field = field_of(self, "target", MeetingChoiceField)
        field.days_off = days_off
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
            "body"
        )
        field.choices = [("", _("Choose the meeting that decides"))] + [
            (meeting.pk, meeting_label(meeting, days_off=days_off)) for meeting in meetings
        ]


# --- agenda --------------------------------------------------------------------------------


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = list(AGENDA_ITEM_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("kind", AgendaItem.Kind.FORMAL)
            self.initial.setdefault("requires_documents", False)

    def _post_clean(self):
        # The service validates the item (with the meeting lock); the model's own
        # full_clean here would demand a meeting and an order the form does not have.
        pass


def add_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names when the
    form has that field, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
