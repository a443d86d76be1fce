import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Body, Meeting
from governance.models.meetings import MeetingQuerySet
from hecht import fields as hecht_fields


class MeetingFilter(django_filters.FilterSet):
    body = hecht_fields.ModelMultipleChoiceFilter(
        label=_("Body"),
        queryset=Body.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All kinds")
    )
    # "status" in the address, the phase in the filter: what the badges show.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Meeting.Phase.choices,
        empty_label=_("All statuses"),
        method="filter_phase",
    )

    class Meta:
        model = Meeting
        fields = ["body", "kind", "status"]

    def filter_phase(self, queryset: MeetingQuerySet, name: str, value: str) -> MeetingQuerySet:
        return queryset.in_phase(value) if value else queryset
