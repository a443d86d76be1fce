"""Forms of the budget-year cycle: registering a P&C document, planning its dates and
recording that it was sent (``pcycle.services.cycle``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.forms.actions import DateInput, MeetingChoiceField
from governance.models import Body, Confidentiality, Meeting, RouteTemplate, WooGround
from hecht import fields as hecht_fields
from hecht.params import MAX_YEAR, MIN_YEAR
from pcycle.models import ExemptCategory, PcDocument


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput(), help_text=help_text)


def _exempt_categories() -> Any:
    return ExemptCategory.objects.filter(is_active=True)


class DocumentCreateForm(forms.Form):
    """A new P&C document; its proposal, route and AB meeting in one go."""

    kind = forms.ChoiceField(label=_("kind"), choices=PcDocument.Kind.choices)
    year = forms.IntegerField(
        label=_("year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=PcDocument._meta.get_field("year").help_text,
    )
    number = forms.IntegerField(
        label=_("number"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=PcDocument._meta.get_field("number").help_text,
    )
    adoption_meeting = MeetingChoiceField(
        label=_("meeting of the general board that adopts it"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The statutory dates are computed from this meeting."),
    )
    route_template = hecht_fields.ModelChoiceField(
        label=_("route"), queryset=RouteTemplate.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("title"),
        max_length=300,
        required=False,
        help_text=_("Empty: the name of the document, e.g. Budget 2028."),
    )
    summary = forms.CharField(
        label=_("summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exempt_category = hecht_fields.ModelChoiceField(
        label=_("exempt category"),
        queryset=ExemptCategory.objects.none(),
        required=False,
        help_text=PcDocument._meta.get_field("exempt_category").help_text,
    )
    planned_to_councils_on = _date(_("planned to the councils on"))
    views_requested_by = _date(
        _("views requested by"), PcDocument._meta.get_field("views_requested_by").help_text
    )
    planned_to_province_on = _date(_("planned to Gedeputeerde Staten on"))
    confidentiality = forms.ChoiceField(
        label=_("confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.PUBLIC,
    )
    woo_ground = forms.ChoiceField(
        label=_("Woo ground"), choices=[("", "—"), *WooGround.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hecht_fields.field_of(self, "adoption_meeting", MeetingChoiceField).queryset = (
            Meeting.objects.still_to_come()
            .filter(body__kind=Body.Kind.GENERAL_BOARD, starts_at__gt=timezone.now())
            .select_related("body")
            .order_by("starts_at", "pk")
        )
        hecht_fields.field_of(
            self, "route_template", hecht_fields.ModelChoiceField
        ).queryset = RouteTemplate.objects.filter(is_active=True).order_by("order", "name")
        hecht_fields.field_of(
            self, "exempt_category", hecht_fields.ModelChoiceField
        ).queryset = _exempt_categories()


class DocumentPlanForm(forms.ModelForm):
    """The planned dates of a P&C document (``services.cycle.pc_document_plan``)."""

    class Meta:
        model = PcDocument
        fields = (
            "planned_to_councils_on",
            "views_requested_by",
            "planned_to_province_on",
            "exempt_category",
        )
        field_classes = {"exempt_category": hecht_fields.ModelChoiceField}
        widgets = {
            "planned_to_councils_on": DateInput(),
            "views_requested_by": DateInput(),
            "planned_to_province_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document = self.instance
        if document.kind != PcDocument.Kind.AMENDMENT:
            del self.fields["exempt_category"]
        else:
            hecht_fields.field_of(
                self, "exempt_category", hecht_fields.ModelChoiceField
            ).queryset = _exempt_categories()
        if not document.goes_to_councils:
            del self.fields["planned_to_councils_on"]
        if not document.has_view_procedure and document.kind != PcDocument.Kind.AMENDMENT:
            del self.fields["views_requested_by"]
        if not document.goes_to_province:
            del self.fields["planned_to_province_on"]


class DocumentSentForm(forms.Form):
    """The day the document was sent to the councils or to Gedeputeerde Staten."""

    to = forms.ChoiceField(
        label=_("sent to"),
        choices=[
            ("councils", _("the councils")),
            ("province", _("Gedeputeerde Staten")),
        ],
    )
    on = forms.DateField(label=_("sent on"), widget=DateInput())
