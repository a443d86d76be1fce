"""The filter panel of the action list."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Action, Body, Track, User
from governance.models.actions import ActionQuerySet
from hecht import fields as hecht_fields


class ActionFilter(django_filters.FilterSet):
    """Filters the actions the user may see (pass ``access.action_scope(user)`` as the
    queryset and the ``request``, for "mine").

    Without any filter in the query string (the first visit, or ``?page=2`` of it) the
    list shows the open and in-progress actions; once the form is submitted, what it
    says counts, so unticking every status shows all of them.
    """

    DEFAULT_STATUSES = tuple(str(status) for status in Action.OPEN_STATUSES)

    actor = django_filters.ChoiceFilter(
        label=_("Actor"), choices=Action.Actor.choices, empty_label=_("All actors")
    )
    actor_body = hecht_fields.ModelChoiceFilter(
        label=_("Acting body"), queryset=Body.objects.all(), empty_label=_("All bodies")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Action.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    body = hecht_fields.ModelChoiceFilter(
        label=_("Body (acting or reported to)"),
        queryset=Body.objects.all(),
        method="filter_body",
        empty_label=_("All bodies"),
    )
    owner = hecht_fields.ModelChoiceFilter(
        label=_("Owner"), queryset=User.objects.none(), empty_label=_("Anyone")
    )
    mine = django_filters.BooleanFilter(
        label=_("Only my actions"), method="filter_mine", widget=forms.CheckboxInput
    )
    track = hecht_fields.ModelChoiceFilter(
        label=_("Programme track"),
        queryset=Track.objects.select_related("programme").order_by(
            "-programme__start_date", "number"
        ),
        empty_label=_("All tracks"),
    )

    class Meta:
        model = Action
        fields = ["actor", "actor_body", "status", "overdue", "body", "owner", "mine", "track"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not any(name in data for name in self.base_filters):
            data.setlist("status", list(self.DEFAULT_STATUSES))
        super().__init__(data, queryset=queryset, request=request, **kwargs)
        # Only people who own an action the user may see: the select does not list
        # everyone in the system.
        self.filters["owner"].queryset = User.objects.filter(
            pk__in=self.queryset.values("owner_id")
        ).order_by("last_name", "first_name", "username")

    def filter_overdue(self, queryset: ActionQuerySet, name: str, value) -> QuerySet[Action]:
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_body(self, queryset: QuerySet[Action], name: str, value) -> QuerySet[Action]:
        if value is None:
            return queryset
        return queryset.filter(Q(actor_body=value) | Q(report_meeting__body=value))

    def filter_mine(self, queryset: QuerySet[Action], name: str, value) -> QuerySet[Action]:
        if not value or self.request is None:
            return queryset
        return queryset.filter(owner=self.request.user)

    def qs_without_status(self) -> QuerySet[Action]:
        """The filtered actions before the status filter: the base of the counts per
        status shown next to the status boxes."""
        queryset = self.queryset.all()
        if self.is_valid():
            for name, value in self.form.cleaned_data.items():
                if name != "status":
                    queryset = self.filters[name].filter(queryset, value)
        return queryset
