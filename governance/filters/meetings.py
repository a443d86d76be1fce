import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import Body, Meeting
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
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Meeting.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Meeting
        fields = ["body", "kind", "status"]
