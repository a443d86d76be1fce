"""Cover notes (opleggers): write, mark complete, reopen.

A cover note is complete only when its decision points and its financial section are
filled in: "no financial consequences" needs a reason; "financial consequences"
needs the amount, incidental or structural, the first budget year and the budget
line (and a distribution key when the effect per municipality follows a key).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import CoverNote, Proposal, User

from ._common import save_with_history
from .packs import meetings_of_documents_parent, packs_request_for_published

# The financial section of the cover note (the form groups these under one heading).
FINANCIAL_FIELDS = (
    "financial",
    "no_financial_reason",
    "amount",
    "nature",
    "budget_year_from",
    "budget_year_to",
    "budget_line",
    "reserve_effect",
    "distribution",
    "distribution_key",
    "financial_explanation",
)
COVER_NOTE_FIELDS = (
    "decision_points",
    "introduction",
    *FINANCIAL_FIELDS,
    "risks",
    "legal_basis",
    "communication",
    "consultation",
)


def missing_for_completion(cover_note: CoverNote) -> list[str]:
    """What must still be filled in before ``cover_note`` can be complete (empty when
    nothing is missing), as translated phrases."""
    missing: list[str] = []
    if not cover_note.decision_point_list:
        missing.append(_("the decision points"))
    missing.extend(cover_note.financial_section_missing())
    return missing


def _refuse_incomplete(missing: list[str], prefix: str) -> None:
    raise ValidationError(
        _("%(prefix)s Still missing: %(missing)s.")
        % {"prefix": prefix, "missing": "; ".join(missing)},
        code="incomplete",
    )


@transaction.atomic(durable=True)
def cover_note_save(*, actor: User, proposal: Proposal, **fields: Any) -> CoverNote:
    """Create or change the cover note of ``proposal`` (``governance.add_covernote``
    or ``governance.change_covernote``). A complete cover note stays complete, so a
    change may not leave out what completion requires (reopen it first)."""
    return write_cover_note(actor=actor, proposal=proposal, fields=fields)


def write_cover_note(
    *, actor: User, proposal: Proposal, fields: dict[str, Any], reason: str = ""
) -> CoverNote:
    """The body of ``cover_note_save`` inside the caller's transaction, for services
    that change the cover note as part of their own work (adopting a suggestion of a
    review round); ``reason`` replaces the history reason of a change."""
    unknown = set(fields) - set(COVER_NOTE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cover note fields: {sorted(unknown)}")
    cover_note = CoverNote.objects.select_for_update().filter(proposal=proposal).first()
    if cover_note is None:
        require(actor, "governance.add_covernote")
        cover_note = CoverNote(proposal=proposal)
        reason = _("Cover note written")
    else:
        require(actor, "governance.change_covernote")
        reason = reason or _("Cover note changed")
    for name, value in fields.items():
        setattr(cover_note, name, "" if value is None and name in _TEXT_FIELDS else value)
    if cover_note.financial != CoverNote.Financial.SOME:
        # Amounts of an abandoned "some" answer must not linger in the rendered note.
        cover_note.amount = None
        cover_note.nature = ""
        cover_note.budget_year_from = None
        cover_note.budget_year_to = None
        cover_note.budget_line = ""
        cover_note.reserve_effect = ""
        cover_note.distribution_key = None
    if cover_note.financial != CoverNote.Financial.NONE:
        cover_note.no_financial_reason = ""
    if cover_note.distribution != CoverNote.Distribution.KEY:
        cover_note.distribution_key = None
    if (
        cover_note.budget_year_from is not None
        and cover_note.budget_year_to is not None
        and cover_note.budget_year_to < cover_note.budget_year_from
    ):
        raise ValidationError(
            {"budget_year_to": _("The last budget year cannot be before the first.")}
        )
    if cover_note.is_complete:
        missing = missing_for_completion(cover_note)
        if missing:
            _refuse_incomplete(
                missing, _("The cover note is complete; reopen it to leave this out.")
            )
    save_with_history(cover_note, actor=actor, reason=reason)
    _request_packs(cover_note, actor=actor)
    return cover_note


def _request_packs(cover_note: CoverNote, *, actor: User) -> None:
    """New packs for the published agendas that show the cover note's proposal."""
    packs_request_for_published(
        meetings_of_documents_parent(proposal=cover_note.proposal), actor=actor
    )


_TEXT_FIELDS = frozenset(
    name
    for name in COVER_NOTE_FIELDS
    if name not in {"amount", "budget_year_from", "budget_year_to", "distribution_key"}
)


@transaction.atomic(durable=True)
def cover_note_mark_complete(*, actor: User, cover_note: CoverNote) -> CoverNote:
    """Mark ``cover_note`` complete (``governance.change_covernote``); refused with a
    message naming everything still missing."""
    require(actor, "governance.change_covernote")
    locked = CoverNote.objects.select_for_update().get(pk=cover_note.pk)
    if locked.is_complete:
        return locked
    missing = missing_for_completion(locked)
    if missing:
        _refuse_incomplete(missing, _("The cover note cannot be marked complete yet."))
    locked.is_complete = True
    save_with_history(locked, actor=actor, reason=_("Cover note marked complete"))
    _request_packs(locked, actor=actor)
    return locked


@transaction.atomic(durable=True)
def cover_note_reopen(*, actor: User, cover_note: CoverNote) -> CoverNote:
    """Mark ``cover_note`` incomplete again so it can be reworked
    (``governance.change_covernote``)."""
    require(actor, "governance.change_covernote")
    locked = CoverNote.objects.select_for_update().get(pk=cover_note.pk)
    if locked.is_complete:
        locked.is_complete = False
        save_with_history(locked, actor=actor, reason=_("Cover note reopened"))
    return locked
