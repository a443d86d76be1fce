"""The publication log of a meeting, read from its history, and what the secretariat
should know before it publishes an agenda or a decision list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from governance.models import AgendaItem, Decision, Document, Meeting
from governance.publication import is_public_item
from governance.queries.agenda import item_document_status


@dataclass(frozen=True)
class PublicationEvent:
    at: dt.datetime
    user: str
    label: str  # what changed; a withdrawal's history reason (it names why) instead


def _label(label: str, row, *, published) -> str:
    """What a history row did: the withdrawal's reason (it names why), else the act
    itself (a publication's own reason, e.g. the demo loader's, says nothing more)."""
    if published is None and row.history_change_reason:
        return str(row.history_change_reason)
    return label


def publication_log(meeting: Meeting) -> list[PublicationEvent]:
    """Every publication act on ``meeting`` (published, withdrawn — agenda and decision
    list), newest first, read from its history: one query."""
    labels = {
        ("agenda_published_at", True): gettext("Agenda published"),
        ("agenda_published_at", False): gettext("Agenda publication withdrawn"),
        ("decisions_published_at", True): gettext("Decision list published"),
        ("decisions_published_at", False): gettext("Decision list publication withdrawn"),
    }
    events: list[PublicationEvent] = []
    previous = {"agenda_published_at": None, "decisions_published_at": None}
    rows = meeting.history.select_related("history_user").order_by("history_date", "history_id")
    for row in rows:
        for name, was in previous.items():
            now = getattr(row, name)
            if (now is None) != (was is None):
                events.append(
                    PublicationEvent(
                        at=row.history_date,
                        user=row.history_user.get_full_name() if row.history_user else "—",
                        label=_label(labels[(name, now is not None)], row, published=now),
                    )
                )
            previous[name] = now
    return events[::-1]


@dataclass(frozen=True)
class PublicationWarning:
    """Something the secretariat should know before publishing an agenda: what is wrong
    (``text``) with which item (``item``, linked on the page)."""

    item: AgendaItem
    text: str


def agenda_publication_warnings(meeting: Meeting, user) -> list[PublicationWarning]:
    """What stands out before ``meeting``'s agenda is published, in agenda order: items
    whose documents are missing, items whose proposal's cover note is not complete, and
    confidential documents of public items (kept from the public without a Woo ground:
    only a confidential item or proposal names one). Publishing is still allowed; the
    secretariat decides. Four queries whatever the number of items."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("meeting__body", "route_step__proposal__cover_note")
        .order_by("order", "pk")
    )
    if not items:
        return []
    statuses = item_document_status(items, user=user)
    public = [item for item in items if is_public_item(item)]
    proposal_items = {item.route_step.proposal_id: item for item in public if item.route_step}
    withheld: dict[int, list[str]] = defaultdict(list)
    documents = Document.objects.filter(is_confidential=True).filter(
        Q(agenda_item__in=public) | Q(proposal_id__in=list(proposal_items))
    )
    for title, item_id, proposal_id in documents.order_by("order", "pk").values_list(
        "title", "agenda_item_id", "proposal_id"
    ):
        owner = item_id if item_id is not None else proposal_items[proposal_id].pk  # type: ignore[redundant-expr]
        withheld[owner].append(title)
    warnings: list[PublicationWarning] = []
    for item in items:
        if statuses[item.pk].is_missing:
            warnings.append(PublicationWarning(item, gettext("No documents have been delivered.")))
        if item.route_step is not None and item.kind != AgendaItem.Kind.FORMAL:
            cover_note = getattr(item.route_step.proposal, "cover_note", None)
            if cover_note is None or not cover_note.is_complete:
                warnings.append(
                    PublicationWarning(item, gettext("The proposal's cover note is not complete."))
                )
        withheld_text = gettext(
            "The document “%(title)s” is confidential but the item is public: "
            "no Woo ground is recorded for keeping it from the public."
        )
        warnings.extend(
            PublicationWarning(item, withheld_text % {"title": title})
            for title in withheld.get(item.pk, [])
        )
    return warnings


def decision_publication_warnings(meeting: Meeting) -> list[PublicationWarning]:
    """What stands out before ``meeting``'s decision list is published, in agenda order:
    items for decision without a recorded decision (the list would not show them).
    Publishing is still allowed: a decision can be added later. One query."""
    undecided = (
        AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.DECISION)
        .exclude(pk__in=Decision.objects.values("agenda_item_id"))
        .order_by("order", "pk")
    )
    text = gettext("The item is for decision, but no decision has been recorded.")
    return [PublicationWarning(item, text) for item in undecided]
