"""Fixtures shared by the governance tests."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q

from governance.models import AgendaItem, Document, DocumentVersion, Meeting, Proposal, RouteStep
from tests.factories import TZ

# The demo is loaded as if today were this Wednesday.
DEMO_TODAY = dt.datetime(2026, 11, 25, 10, tzinfo=TZ)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    with time_machine.travel(DEMO_TODAY):
        call_command("load_demo", verbosity=0)


# The proposals the demo gives its routine meetings (``story.lived_in``): "VS-2025-DB0313".
ROUTINE_REFERENCE = r"^VS-\d{4}-(AB|DB)\d{4}$"


def demo_sample() -> dict[type, list[int]]:
    """The ids of the demo worth visiting page by page: everything of the story, and of
    the many routine meetings that ``lived_in`` fills alike, one per body and kind (with
    their items, proposals, documents, versions and route steps). Models not listed are
    visited in full."""
    seeded = Meeting.objects.filter(notes__startswith="Uit het procesvoorstel")
    story_proposals = Proposal.objects.exclude(reference__regex=ROUTINE_REFERENCE)
    story = Meeting.objects.filter(
        Q(pk__in=seeded) | Q(agenda_items__route_step__proposal__in=story_proposals)
    )
    meetings = set(story.values_list("pk", flat=True))
    first_routine: dict[tuple[int, str], int] = {}
    for pk, body_id, kind in (
        Meeting.objects.filter(agenda_items__isnull=False)
        .exclude(pk__in=meetings)
        .order_by("starts_at")
        .values_list("pk", "body_id", "kind")
        .distinct()
    ):
        first_routine.setdefault((body_id, kind), pk)
    meetings |= set(first_routine.values())
    # Meetings without an agenda (still to come) render alike too: the next few.
    meetings |= set(
        Meeting.objects.filter(agenda_items__isnull=True)
        .order_by("starts_at")
        .values_list("pk", flat=True)[:5]
    )
    items = AgendaItem.objects.filter(meeting__in=meetings)
    proposals = Proposal.objects.filter(
        Q(pk__in=story_proposals) | Q(steps__agenda_items__in=items)
    ).distinct()
    documents = Document.objects.filter(Q(proposal__in=proposals) | Q(agenda_item__in=items))
    return {
        Meeting: sorted(meetings),
        AgendaItem: list(items.values_list("pk", flat=True)),
        Proposal: list(proposals.values_list("pk", flat=True)),
        RouteStep: list(
            RouteStep.objects.filter(proposal__in=proposals).values_list("pk", flat=True)
        ),
        Document: list(documents.values_list("pk", flat=True)),
        DocumentVersion: list(
            DocumentVersion.objects.filter(document__in=documents).values_list("pk", flat=True)
        ),
    }


@pytest.fixture
def english(client):
    """The test client with the English language cookie (the UI's source strings)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
