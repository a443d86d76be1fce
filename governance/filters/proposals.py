"""The filter panel of the proposal list."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from governance.models import Body, Proposal, RouteStep, Track
from hecht import fields as hecht_fields


class ProposalFilter(django_filters.FilterSet):
    """Filters the proposals the user may see (pass ``access.proposal_scope(user)``)."""

    q = django_filters.CharFilter(label=_("Search title or reference"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Proposal.Status.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Proposal.Kind.choices, empty_label=_("All kinds")
    )
    body = hecht_fields.ModelChoiceFilter(
        label=_("Body on the route"),
        queryset=Body.objects.all(),
        method="filter_body",
        empty_label=_("All bodies"),
    )
    track = hecht_fields.ModelChoiceFilter(
        label=_("Programme track"),
        queryset=Track.objects.select_related("programme").order_by(
            "-programme__start_date", "number"
        ),
        empty_label=_("All tracks"),
    )

    class Meta:
        model = Proposal
        fields = ["q", "status", "kind", "body", "track"]

    def filter_text(self, queryset: QuerySet[Proposal], name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def filter_body(self, queryset: QuerySet[Proposal], name: str, value):
        if value is None:
            return queryset
        # A subquery, not a join: a proposal passing a body twice is listed once.
        return queryset.filter(pk__in=RouteStep.objects.filter(body=value).values("proposal_id"))
