"""The P&C cycle's deadline source for the governance reminders registry, registered in
``PcycleConfig.ready``: a council whose view on a document is still missing owes it by
the end of the view window's last day (``pcycle.queries.schedule.view_window``); its
active contact officials are reminded, the management is told once it is late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.deadlines import AMSTERDAM
from governance.models import Municipality, Proposal, User
from governance.reminders.registry import Deadline, Window, register
from governance.reminders.sources import END_OF_DAY, url_maker
from governance.roles import CONTACT_OFFICIAL
from pcycle.models import CouncilView, PcDocument
from pcycle.queries.schedule import view_windows

KIND = "council_view"
# One deadline per (document, municipality): both ids in the ledger's one object id.
_SHIFT = 32


def deadline_object_id(document_id: int, municipality_id: int) -> int:
    return (document_id << _SHIFT) | municipality_id


def council_view_deadlines(window: Window) -> Iterator[Deadline]:
    """Per document with a views procedure (its proposal not closed) and per
    municipality without a registered view: a deadline at the end of the window's last
    day, owed by that municipality's active contact officials. Six queries."""
    documents = list(
        PcDocument.objects.filter(kind__in=PcDocument.VIEW_KINDS, exempt_category__isnull=True)
        .exclude(proposal__status__in=Proposal.CLOSED_STATUSES)
        .select_related("proposal")
        .order_by("pk")
    )
    windows = view_windows(documents)  # two queries
    due: list[tuple[PcDocument, dt.datetime]] = []
    for document in documents:
        view_window = windows.get(document.pk)
        if view_window is None:
            continue
        due_at = dt.datetime.combine(view_window.closes, END_OF_DAY, tzinfo=AMSTERDAM)
        if window.due_from is not None and due_at < window.due_from:
            continue
        if window.due_until is not None and due_at > window.due_until:
            continue
        due.append((document, due_at))
    if not due:
        return
    received = set(
        CouncilView.objects.filter(document__in=[d.pk for d, _at in due]).values_list(
            "document_id", "municipality_id"
        )
    )
    officials = User.objects.filter(is_active=True, groups__name=CONTACT_OFFICIAL.group_name)
    if window.user_ids is not None:
        officials = officials.filter(pk__in=window.user_ids)
    owing: dict[int, set[int]] = {}
    for pk, municipality_id in officials.exclude(municipality__isnull=True).values_list(
        "pk", "municipality_id"
    ):
        owing.setdefault(municipality_id, set()).add(pk)
    if not owing:
        return
    municipalities = list(Municipality.objects.filter(pk__in=owing).order_by("name"))
    views_url = url_maker("pcycle:views")
    for document, due_at in due:
        for municipality in municipalities:
            if (document.pk, municipality.pk) in received:
                continue
            yield Deadline(
                kind=KIND,
                object_id=deadline_object_id(document.pk, municipality.pk),
                due_at=due_at,
                title=_("Register the view of the council on the %(document)s")
                % {"document": document.label.lower()},
                url=views_url(document.pk),
                recipient_ids=tuple(sorted(owing[municipality.pk])),
                context=_("For %(municipality)s") % {"municipality": municipality.name},
                owner=municipality.name,
                all_day=True,
                confidential=document.proposal.is_confidential,
                neutral_title=_("Register the view of the council (confidential)"),
            )


def register_sources() -> None:
    """Called from ``PcycleConfig.ready``. Stages are working days relative to the last
    day of the window: ten and two days ahead, on the day, and the management two
    working days after. Mandatory, like the review rounds: a statutory view is not
    something a contact official opts out of."""
    register(
        KIND,
        council_view_deadlines,
        mandatory=True,
        label=gettext_lazy("Councils' views"),
        stages=[(-10,), (-2,), (0, "urgent"), (2, "escalate")],
    )
