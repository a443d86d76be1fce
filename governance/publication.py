"""What is public: the one place that decides what the public may read — on the public
portal, in the public agenda pack, the open data API, the search and the sitemap, and on
the internal pages for everyone who is not an insider of the meeting (``access``).

Publication is an explicit act of the secretariat (``services.publication``): an agenda
is public from ``Meeting.agenda_published_at``, a decision list from
``Meeting.decisions_published_at``. Under the Woo this also holds for closed meetings (the
DB): their agenda and decision list are published, the meeting itself stays closed.

Within a published agenda an item is public only when it and its proposal are public (an
item is never more public than its proposal: the services keep the item's own flag in
step, and this rule checks both anyway); a document only when it is not confidential and
belongs to such an item (or to its proposal); a decision only when its decision list is
published and its item is public. Confidential items are listed as a placeholder (number
and Woo ground, no title) so the public sees that something was withheld and why.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.cache import patch_cache_control

from governance.models import (
    AgendaItem,
    Confidentiality,
    Decision,
    Document,
    Meeting,
)
from governance.models.meetings import MeetingQuerySet

PUBLIC = Confidentiality.PUBLIC

# Public pages, files and API responses may be cached by anyone this long: a withdrawn
# publication can stay visible in a shared cache for at most these seconds.
PUBLIC_CACHE_SECONDS = 300


def cache_publicly(response):
    """Mark a response of the public portal, its files or the open data API as cacheable."""
    patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
    return response


def public_item_q(prefix: str = "") -> Q:
    """Items that are public themselves and whose proposal (if any) is public."""
    return Q(**{f"{prefix}confidentiality": PUBLIC}) & (
        Q(**{f"{prefix}route_step__isnull": True})
        | Q(**{f"{prefix}route_step__proposal__confidentiality": PUBLIC})
    )


def public_agenda_item_q(prefix: str = "") -> Q:
    """Items the public may read: public items (``public_item_q``) of a published agenda.
    ``access.agenda_item_scope`` gives outsiders exactly these on the internal pages."""
    return Q(**{f"{prefix}meeting__agenda_published_at__isnull": False}) & public_item_q(prefix)


def public_decision_q(prefix: str = "") -> Q:
    """Decisions the public may read: those of public items on a published decision list.
    ``access.decision_scope`` gives outsiders exactly these on the internal pages."""
    item = f"{prefix}agenda_item__"
    return Q(**{f"{item}meeting__decisions_published_at__isnull": False}) & public_item_q(item)


def is_public_item(item: AgendaItem) -> bool:
    """Python twin of ``public_item_q`` for an item with ``route_step__proposal`` loaded."""
    if item.confidentiality != PUBLIC:
        return False
    return item.route_step is None or item.route_step.proposal.confidentiality == PUBLIC


def portal_meetings() -> MeetingQuerySet:
    """Meetings on the public portal: public meetings and every meeting with a
    published agenda or decision list."""
    return Meeting.objects.on_public_portal().select_related("body")


def published_items() -> QuerySet[AgendaItem]:
    """All items of published agendas, confidential ones included (shown as placeholders)."""
    return AgendaItem.objects.filter(meeting__agenda_published_at__isnull=False)


def public_items() -> QuerySet[AgendaItem]:
    """Items of published agendas that are public."""
    return AgendaItem.objects.filter(public_agenda_item_q())


def public_documents() -> QuerySet[Document]:
    """Non-confidential documents with a stored version, of public items on published
    agendas or of the (public) proposals of such items."""
    items = public_items()
    proposals_of_items = items.values("route_step__proposal_id")
    return Document.objects.filter(is_confidential=False, current_version__isnull=False).filter(
        Q(agenda_item__in=items)
        | Q(proposal__confidentiality=PUBLIC, proposal_id__in=proposals_of_items)
    )


def published_decisions() -> QuerySet[Decision]:
    """All decisions of published decision lists, confidential ones included (shown as
    placeholders)."""
    return Decision.objects.filter(agenda_item__meeting__decisions_published_at__isnull=False)


def public_decisions() -> QuerySet[Decision]:
    """Decisions on public items of meetings whose decision list is published."""
    return Decision.objects.filter(public_decision_q())
