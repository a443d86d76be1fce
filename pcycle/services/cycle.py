"""P&C documents of the budget-year cycle: registering one (a governance proposal with its
route and, when the AB meeting is known, its AB decision step scheduled there), planning its
dates and recording when it was sent to the councils and to Gedeputeerde Staten.

The statutory dates are never stored: they are computed from the AB meeting on the route
(``pcycle.queries.schedule``, ``pcycle.timeline``), so moving that meeting moves them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import Body, Meeting, RouteStep, RouteTemplate, StepPurpose, User
from governance.services._common import apply_changes, changed_reason, save_with_history
from governance.services.proposals import create_proposal, schedule_route_step
from pcycle.models import ExemptCategory, PcDocument
from pcycle.queries.schedule import adoptions

# The fields ``pc_document_plan`` changes (its form uses the same list).
PLAN_FIELDS = (
    "planned_to_councils_on",
    "views_requested_by",
    "planned_to_province_on",
    "exempt_category",
)
# Where a P&C document is sent (``pc_document_record_sent``).
TO_COUNCILS = "councils"
TO_PROVINCE = "province"
# How far from its year a planned date may lie: the framework letter goes out in the year
# before the budget year, the accounts in the year after theirs.
YEARS_AROUND = 2


def _check_kind_facts(document: PcDocument) -> None:
    if document.kind not in PcDocument.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of P&C document.")})
    if document.kind in PcDocument.NUMBERED_KINDS and document.number is None:
        raise ValidationError(
            {"number": _("Budget amendments and interim reports need their number.")}
        )
    if document.kind not in PcDocument.NUMBERED_KINDS and document.number is not None:
        raise ValidationError(
            {"number": _("Only budget amendments and interim reports are numbered.")}
        )
    if document.exempt_category_id is not None and document.kind != PcDocument.Kind.AMENDMENT:
        raise ValidationError(
            {"exempt_category": _("Only a budget amendment can be of an exempt category.")}
        )
    duplicates = PcDocument.objects.filter(
        kind=document.kind, year=document.year, number=document.number
    ).exclude(pk=document.pk)
    if duplicates.exists():
        raise ValidationError(
            _("%(label)s already exists.") % {"label": document.label},
            code="unique",
        )


def _check_dates(document: PcDocument, adoption_day: dt.date | None) -> None:
    """The planned dates lie around the document's year and in their natural order."""
    first = dt.date(document.year - YEARS_AROUND, 1, 1)
    last = dt.date(document.year + YEARS_AROUND, 12, 31)
    errors: dict[str, str] = {}
    for name in ("planned_to_councils_on", "views_requested_by", "planned_to_province_on"):
        value = getattr(document, name)
        if value is not None and not first <= value <= last:
            errors[name] = _("Choose a date between %(first)s and %(last)s.") % {
                "first": first.strftime("%d-%m-%Y"),
                "last": last.strftime("%d-%m-%Y"),
            }
    if errors:
        raise ValidationError(errors)
    sent = document.planned_to_councils_on
    if document.views_requested_by is not None:
        if not document.has_view_procedure:
            raise ValidationError(
                {"views_requested_by": _("The councils give no view on this document.")}
            )
        if sent is not None and document.views_requested_by <= sent:
            raise ValidationError(
                {
                    "views_requested_by": _(
                        "The councils must be asked for their view after it is sent to them."
                    )
                }
            )
    if sent is not None and not document.goes_to_councils:
        raise ValidationError(
            {"planned_to_councils_on": _("This document does not go to the councils.")}
        )
    if document.planned_to_province_on is not None and not document.goes_to_province:
        raise ValidationError(
            {"planned_to_province_on": _("This document does not go to Gedeputeerde Staten.")}
        )
    if adoption_day is None:
        return
    if sent is not None and sent >= adoption_day:
        raise ValidationError(
            {
                "planned_to_councils_on": _(
                    "It must go to the councils before the general board adopts it."
                )
            }
        )
    province = document.planned_to_province_on
    if province is not None and province < adoption_day:
        raise ValidationError(
            {
                "planned_to_province_on": _(
                    "It can go to Gedeputeerde Staten only after the general board adopted it."
                )
            }
        )


def _adoption_step(document: PcDocument) -> RouteStep:
    """The AB decision step of the document's route (the last one)."""
    step = (
        RouteStep.objects.filter(
            proposal_id=document.proposal_id,
            body__kind=Body.Kind.GENERAL_BOARD,
            purpose=StepPurpose.DECIDE,
        )
        .order_by("-position")
        .first()
    )
    if step is None:
        raise ValidationError(
            {
                "adoption_meeting": _(
                    "The route has no decision step of the general board: choose a route "
                    "template that ends with the general board's decision."
                )
            }
        )
    return step


@transaction.atomic(durable=True)
def pc_document_create(
    *,
    actor: User,
    kind: str,
    year: int,
    number: int | None = None,
    title: str = "",
    summary: str = "",
    route_template: RouteTemplate | None = None,
    adoption_meeting: Meeting | None = None,
    exempt_category: ExemptCategory | None = None,
    planned_to_councils_on: dt.date | None = None,
    views_requested_by: dt.date | None = None,
    planned_to_province_on: dt.date | None = None,
    confidentiality: str = "public",
    woo_ground: str = "",
) -> PcDocument:
    """Register a P&C document: its governance proposal (titled with the document's label
    unless ``title`` is given) with the route of ``route_template``, the P&C facts, and,
    when ``adoption_meeting`` is given, the route's AB decision step scheduled there.
    Requires ``pcycle.add_pcdocument`` and what the core requires (``governance.add_proposal``;
    ``governance.change_routestep`` to schedule). Nothing is saved when a rule is broken."""
    require(actor, "pcycle.add_pcdocument")
    document = PcDocument(
        kind=kind,
        year=year,
        number=number,
        exempt_category=exempt_category,
        planned_to_councils_on=planned_to_councils_on,
        views_requested_by=views_requested_by,
        planned_to_province_on=planned_to_province_on,
    )
    _check_kind_facts(document)
    if adoption_meeting is not None and adoption_meeting.body.kind != Body.Kind.GENERAL_BOARD:
        raise ValidationError({"adoption_meeting": _("Choose a meeting of the general board.")})
    adoption_day = (
        timezone.localtime(adoption_meeting.starts_at).date() if adoption_meeting else None
    )
    _check_dates(document, adoption_day)
    proposal = create_proposal(
        actor=actor,
        title=title.strip() or document.label,
        summary=summary,
        confidentiality=confidentiality,
        woo_ground=woo_ground,
        route_template=route_template,
    )
    document.proposal = proposal
    save_with_history(document, actor=actor, reason=_("P&C document registered"))
    if adoption_meeting is not None:
        schedule_route_step(actor=actor, step=_adoption_step(document), meeting=adoption_meeting)
        proposal.refresh_from_db()  # scheduling put it in route
    return document


def _lock(document: PcDocument) -> PcDocument:
    return (
        PcDocument.objects.select_for_update(of=("self",))
        .select_related("proposal", "exempt_category")
        .get(pk=document.pk)
    )


@transaction.atomic(durable=True)
def pc_document_plan(*, actor: User, document: PcDocument, **changes: Any) -> PcDocument:
    """Plan the document's dates (to the councils, the date views are asked by, to
    Gedeputeerde Staten) and an amendment's exempt category. Requires
    ``pcycle.change_pcdocument``."""
    require(actor, "pcycle.change_pcdocument")
    document = _lock(document)
    changed = apply_changes(document, changes, allowed=PLAN_FIELDS)
    if not changed:
        return document
    _check_kind_facts(document)
    adoption = adoptions([document]).get(document.pk)
    _check_dates(document, adoption.day if adoption is not None else None)
    save_with_history(document, actor=actor, reason=changed_reason(document, changed))
    return document


@transaction.atomic(durable=True)
def pc_document_record_sent(
    *, actor: User, document: PcDocument, to: str, on: dt.date
) -> PcDocument:
    """Record the day the document was sent ``to`` the councils or to Gedeputeerde Staten
    (``province``): not in the future; to Gedeputeerde Staten only once the general board
    adopted it. Requires ``pcycle.change_pcdocument``."""
    require(actor, "pcycle.change_pcdocument")
    document = _lock(document)
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date of sending cannot be in the future.")})
    if to == TO_COUNCILS:
        if not document.goes_to_councils:
            raise ValidationError(_("This document does not go to the councils."))
        document.sent_to_councils_on = on
        reason = _("Sent to the councils")
    elif to == TO_PROVINCE:
        if not document.goes_to_province:
            raise ValidationError(_("This document does not go to Gedeputeerde Staten."))
        adoption = adoptions([document]).get(document.pk)
        if adoption is None or not adoption.is_adopted:
            raise ValidationError(
                _("It can go to Gedeputeerde Staten only after the general board adopted it.")
            )
        if adoption.day is not None and on < adoption.day:
            raise ValidationError(
                {"on": _("It cannot have gone to Gedeputeerde Staten before its adoption.")}
            )
        document.sent_to_province_on = on
        reason = _("Sent to Gedeputeerde Staten")
    else:
        raise ValidationError(_("Choose where the document was sent."))
    save_with_history(document, actor=actor, reason=reason)
    return document
