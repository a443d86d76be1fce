"""Requesting agenda pack builds. The build itself runs in a Celery task
(``governance.tasks.build_agenda_packs``), eager in the embedded default."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import AgendaItem, AgendaPack, Meeting, Proposal, User
from governance.tasks import build_agenda_packs
from hecht.tasks import enqueue_on_commit

from ._common import stamp_history


def packs_request(meeting: Meeting, *, actor: User | None = None) -> None:
    """Mark both packs of ``meeting`` as queued and enqueue their build after commit.

    Called from within the services that publish an agenda or change what a published
    agenda contains; the caller has already checked its own permission. Requests made
    while a build is queued coalesce: the task builds from what is committed when it runs.
    """
    now = timezone.now()
    for variant in AgendaPack.Variant.values:
        pack, _created = AgendaPack.objects.select_for_update().get_or_create(
            meeting=meeting, variant=variant, defaults={"requested_at": now}
        )
        if pack.status != AgendaPack.Status.QUEUED or _created:
            pack.status = AgendaPack.Status.QUEUED
            pack.requested_at = now
            # A new build: should it fail, the secretariat is told again.
            pack.failure_notified_at = None
            stamp_history(
                pack,
                user=actor if actor is not None and actor.is_authenticated else None,
                reason=_("Build requested"),
            )
            pack.save(update_fields=["status", "requested_at", "failure_notified_at"])
    enqueue_on_commit(build_agenda_packs, meeting.pk)


def packs_request_for_published(
    meeting_ids: Iterable[int] | QuerySet[Any, Any], *, actor: User | None = None
) -> None:
    """Request builds for those of ``meeting_ids`` (ids, or a ``values()`` subquery of
    them) whose agenda is published."""
    for meeting in Meeting.objects.filter(pk__in=meeting_ids, agenda_published_at__isnull=False):
        packs_request(meeting, actor=actor)


@transaction.atomic(durable=True)
def packs_rebuild(*, actor: User, meeting: Meeting) -> Meeting:
    """Rebuild both packs of ``meeting`` on request of the secretariat
    (``governance.publish_meeting``); only a published agenda has packs. A build that
    finds nothing changed writes nothing (see ``governance.packs.build``)."""
    require(actor, "governance.publish_meeting")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.agenda_published_at is None:
        raise ValidationError(_("Publish the agenda first; only a published agenda has packs."))
    packs_request(meeting, actor=actor)
    return meeting


def meetings_of_documents_parent(
    *, proposal: Proposal | None = None, agenda_item: AgendaItem | None = None
) -> list[int]:
    """The meetings whose agenda shows a document of ``proposal`` or ``agenda_item``."""
    if agenda_item is not None:
        return [agenda_item.meeting_id]
    if proposal is None:
        return []
    return list(
        AgendaItem.objects.filter(route_step__proposal=proposal)
        .values_list("meeting_id", flat=True)
        .distinct()
    )
