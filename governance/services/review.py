"""Co-reading: open and close a review round, write comments and suggestions, finish
the round for a municipality, answer the comments (adopting a suggestion changes the
cover note), attach the response note, and log views of confidential documents.

Readers write through ``governance.access.may_comment`` (their municipality, an open
round, not finished yet); the authors (secretariat, directie) open, close and answer
with the ``governance.*_reviewround`` and ``governance.answer_reviewcomment``
permissions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import deadlines
from governance.access import (
    may_comment,
    reader_invitation,
    require,
)
from governance.models import (
    CoverNote,
    CoverNoteSection,
    Document,
    DocumentVersion,
    DocumentView,
    Municipality,
    Proposal,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    RouteStep,
    User,
)
from governance.queries.days_off import organisation_days_off

from ._common import save_with_history
from .cover_notes import write_cover_note
from .documents import document_upload, document_version_upload

ANSWERS_NEEDING_REASON = frozenset({ReviewComment.Answer.PARTLY, ReviewComment.Answer.NOT_ADOPTED})


def review_deadline(opened_on: dt.date, working_days: int) -> dt.date:
    """The deadline ``working_days`` working days after ``opened_on`` (weekends and the
    organisation's days off skipped)."""
    return deadlines.working_days_after(opened_on, working_days, days_off=organisation_days_off())


@transaction.atomic(durable=True)
def review_round_open(
    *,
    actor: User,
    proposal: Proposal,
    working_days: int,
    municipalities: Iterable[Municipality] | None = None,
    includes_cover_note: bool = True,
    versions: Sequence[DocumentVersion] = (),
    includes_bao: bool = False,
    visibility: str = ReviewRound.Visibility.CLOSED,
    question: str = "",
    before_step: RouteStep | None = None,
) -> ReviewRound:
    """Open round n+1 on ``proposal`` for ``municipalities`` (None: all), due
    ``working_days`` working days from today (``governance.add_reviewround``). The
    readers are reminded through the ``review`` deadline source."""
    require(actor, "governance.add_reviewround")
    errors: dict[str, list[str]] = {}
    if proposal.is_closed:
        raise ValidationError(_("This proposal is closed; it cannot be read along any more."))
    if not 1 <= working_days <= ReviewRound.MAX_WORKING_DAYS:
        errors.setdefault("working_days", []).append(
            _("Give a period of 1 to %(max)s working days.") % {"max": ReviewRound.MAX_WORKING_DAYS}
        )
    versions = list(versions)
    if any(version.document.proposal_id != proposal.pk for version in versions):
        errors.setdefault("versions", []).append(
            _("Only documents of this proposal can be read in its round.")
        )
    if includes_cover_note and not CoverNote.objects.filter(proposal=proposal).exists():
        errors.setdefault("includes_cover_note", []).append(
            _("This proposal has no cover note yet.")
        )
    if not includes_cover_note and not versions:
        errors.setdefault("versions", []).append(
            _("Choose what is read: the cover note, one or more documents, or both.")
        )
    if visibility not in ReviewRound.Visibility.values:
        errors.setdefault("visibility", []).append(_("Choose who sees the comments."))
    if before_step is not None and before_step.proposal_id != proposal.pk:
        errors.setdefault("before_step", []).append(_("That step is on another route."))
    chosen = list(Municipality.objects.all() if municipalities is None else municipalities)
    if not chosen:
        errors.setdefault("municipalities", []).append(_("Choose at least one municipality."))
    if errors:
        raise ValidationError(errors)
    Proposal.objects.select_for_update().get(pk=proposal.pk)  # serialise round numbers
    last = ReviewRound.objects.filter(proposal=proposal).aggregate(last=Max("number"))["last"]
    now = timezone.now()
    review_round = ReviewRound(
        proposal=proposal,
        number=(last or 0) + 1,
        question=question.strip(),
        includes_cover_note=includes_cover_note,
        includes_bao=includes_bao,
        visibility=visibility,
        deadline=review_deadline(timezone.localdate(now), working_days),
        before_step=before_step,
        opened_by=actor,
        opened_at=now,
    )
    save_with_history(review_round, actor=actor, reason=_("Review round opened"))
    review_round.versions.set(versions)
    for municipality in sorted({m.pk: m for m in chosen}.values(), key=lambda m: m.name):
        save_with_history(
            ReviewInvitation(round=review_round, municipality=municipality),
            actor=actor,
            reason=_("Invited to read along"),
        )
    return review_round


@transaction.atomic(durable=True)
def review_round_close(*, actor: User, review_round: ReviewRound) -> ReviewRound:
    """Close the round (``governance.change_reviewround``): no more comments; the
    municipalities that did not finish stay "late" or "outstanding" in its record."""
    require(actor, "governance.change_reviewround")
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if locked.closed_at is None:
        locked.closed_at = timezone.now()
        save_with_history(locked, actor=actor, reason=_("Review round closed"))
    return locked


def _locked(review_round: ReviewRound) -> ReviewRound:
    """The round as it is now, locked against a concurrent close (a comment written
    while the round closes either lands before the close or is refused)."""
    return ReviewRound.objects.select_for_update().get(pk=review_round.pk)


def _reader_municipality(actor: User, review_round: ReviewRound) -> int:
    invitation = reader_invitation(actor, review_round)
    if invitation is None or not may_comment(actor, review_round, invitation.municipality_id):
        raise PermissionDenied
    return invitation.municipality_id


def _clean_anchor(
    review_round: ReviewRound,
    *,
    anchor: str,
    section: str,
    version: DocumentVersion | None,
    page: int | None,
    quote: str,
    suggestion: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if anchor == ReviewComment.Anchor.SECTION:
        if not review_round.includes_cover_note:
            errors["section"] = [_("The cover note is not read in this round.")]
        elif section not in CoverNoteSection.values:
            errors["section"] = [_("Choose the section of the cover note.")]
    elif anchor == ReviewComment.Anchor.PAGE:
        if version is None or not review_round.versions.filter(pk=version.pk).exists():
            errors["version"] = [_("Choose a document that is read in this round.")]
        elif page is None or page < 1 or (version.page_count and page > version.page_count):
            errors["page"] = [
                _("Give a page number from 1 to %(count)s.") % {"count": version.page_count or 1}
            ]
    elif anchor != ReviewComment.Anchor.GENERAL:
        errors["anchor"] = [_("Choose what the comment is about.")]
    if suggestion.strip() and anchor != ReviewComment.Anchor.SECTION:
        errors["suggestion"] = [_("A suggested text replaces a section of the cover note.")]
    return errors


@transaction.atomic(durable=True)
def review_comment_add(
    *,
    actor: User,
    review_round: ReviewRound,
    text: str,
    anchor: str = ReviewComment.Anchor.GENERAL,
    section: str = "",
    version: DocumentVersion | None = None,
    page: int | None = None,
    quote: str = "",
    suggestion: str = "",
) -> ReviewComment:
    """A draft comment of the actor's municipality, anchored to a cover-note section
    (with an optional suggestion), a page of a document version (with the quoted text),
    or general. It reaches the authors when the municipality finishes the round."""
    review_round = _locked(review_round)
    municipality_id = _reader_municipality(actor, review_round)
    errors = _clean_anchor(
        review_round,
        anchor=anchor,
        section=section,
        version=version,
        page=page,
        quote=quote,
        suggestion=suggestion,
    )
    if not text.strip() and not suggestion.strip():
        errors.setdefault("text", []).append(_("Write your comment."))
    if errors:
        raise ValidationError(errors)
    is_section = anchor == ReviewComment.Anchor.SECTION
    is_page = anchor == ReviewComment.Anchor.PAGE
    comment = ReviewComment(
        round=review_round,
        municipality_id=municipality_id,
        author=actor,
        anchor=anchor,
        section=section if is_section else "",
        version=version if is_page else None,
        page=page if is_page else None,
        quote=" ".join(quote.split()) if is_page else "",
        text=text.strip(),
        suggestion=suggestion.strip() if is_section else "",
        created_at=timezone.now(),
    )
    save_with_history(comment, actor=actor, reason=_("Comment written"))
    return comment


@transaction.atomic(durable=True)
def review_comment_update(
    *, actor: User, comment: ReviewComment, text: str, suggestion: str = ""
) -> ReviewComment:
    """Change a draft comment: any reader of its municipality may (colleagues continue
    each other's draft), until the municipality finishes the round."""
    locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if not may_comment(actor, _locked(locked.round), locked.municipality_id) or locked.is_withdrawn:
        raise PermissionDenied
    if suggestion.strip() and locked.anchor != ReviewComment.Anchor.SECTION:
        raise ValidationError(
            {"suggestion": _("A suggested text replaces a section of the cover note.")}
        )
    if not text.strip() and not suggestion.strip():
        raise ValidationError({"text": _("Write your comment.")})
    locked.text = text.strip()
    locked.suggestion = suggestion.strip()
    save_with_history(locked, actor=actor, reason=_("Comment changed"))
    return locked


@transaction.atomic(durable=True)
def review_comment_withdraw(*, actor: User, comment: ReviewComment) -> ReviewComment:
    """Withdraw a draft comment; it stays in the history (and on the municipality's own
    list, marked withdrawn) but never reaches the authors."""
    locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if not may_comment(actor, _locked(locked.round), locked.municipality_id):
        raise PermissionDenied
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        save_with_history(locked, actor=actor, reason=_("Comment withdrawn"))
    return locked


@transaction.atomic(durable=True)
def review_finish(*, actor: User, review_round: ReviewRound, outcome: str) -> ReviewInvitation:
    """Finish the round for the actor's municipality: "no remarks" (refused while it has
    comments that are not withdrawn) or "remarks submitted" (refused without any). Its
    comments then reach the authors (and, in an open round, the other municipalities);
    they no longer change."""
    review_round = _locked(review_round)
    municipality_id = _reader_municipality(actor, review_round)
    invitation = ReviewInvitation.objects.select_for_update().get(
        round=review_round, municipality_id=municipality_id
    )
    if invitation.is_finished:
        raise ValidationError(_("Your municipality has already finished this round."))
    live = ReviewComment.objects.filter(
        round=review_round, municipality_id=municipality_id, withdrawn_at__isnull=True
    ).count()
    if outcome == ReviewInvitation.Outcome.NO_REMARKS and live:
        raise ValidationError(
            _(
                "Your municipality has %(count)s comment(s) in this round. Submit them, or "
                "withdraw them first to finish without remarks."
            )
            % {"count": live}
        )
    if outcome == ReviewInvitation.Outcome.REMARKS and not live:
        raise ValidationError(
            _("There are no comments to submit. Write one, or finish without remarks.")
        )
    if outcome not in (ReviewInvitation.Outcome.NO_REMARKS, ReviewInvitation.Outcome.REMARKS):
        raise ValidationError(_("Choose how your municipality finishes the round."))
    invitation.outcome = outcome
    invitation.finished_at = timezone.now()
    invitation.finished_by = actor
    save_with_history(
        invitation,
        actor=actor,
        reason=_("Finished: %(outcome)s") % {"outcome": invitation.get_outcome_display()},
    )
    return invitation


@transaction.atomic(durable=True)
def review_comment_answer(
    *,
    actor: User,
    comment: ReviewComment,
    answer: str,
    reason: str = "",
    adopt_suggestion: bool = False,
) -> ReviewComment:
    """Answer a submitted comment (``governance.answer_reviewcomment``): adopted, partly
    adopted or not adopted; the last two need a reason. ``adopt_suggestion`` writes the
    comment's suggested text into its cover-note section through the cover note service
    (history: "suggestion of Gemeente X adopted")."""
    require(actor, "governance.answer_reviewcomment")
    locked = (
        ReviewComment.objects.select_for_update()
        .select_related("round__proposal", "municipality")
        .get(pk=comment.pk)
    )
    submitted = ReviewInvitation.objects.filter(
        round_id=locked.round_id,
        municipality_id=locked.municipality_id,
        outcome=ReviewInvitation.Outcome.REMARKS,
    ).exists()
    if not submitted or locked.is_withdrawn:
        raise ValidationError(_("Only submitted comments are answered."))
    errors: dict[str, list[str]] = {}
    if answer not in (
        ReviewComment.Answer.ADOPTED,
        ReviewComment.Answer.PARTLY,
        ReviewComment.Answer.NOT_ADOPTED,
    ):
        errors["answer"] = [_("Choose the answer: adopted, partly adopted or not adopted.")]
    if answer in ANSWERS_NEEDING_REASON and not reason.strip():
        errors["answer_reason"] = [_("Give the reason for not (fully) adopting it.")]
    if adopt_suggestion and not locked.suggestion:
        errors["adopt_suggestion"] = [_("This comment has no suggested text.")]
    if adopt_suggestion and answer == ReviewComment.Answer.NOT_ADOPTED:
        errors["adopt_suggestion"] = [_("A suggestion that is not adopted is not written in.")]
    if errors:
        raise ValidationError(errors)
    if adopt_suggestion:
        write_cover_note(
            actor=actor,
            proposal=locked.round.proposal,
            fields={CoverNoteSection(locked.section).suggestion_field: locked.suggestion},
            reason=_("Suggestion of %(municipality)s adopted (round %(number)s)")
            % {"municipality": locked.municipality.name, "number": locked.round.number},
        )
    locked.answer = answer
    locked.answer_reason = reason.strip()
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    save_with_history(locked, actor=actor, reason=_("Comment answered"))
    return locked


def response_note_refusal(review_round: ReviewRound) -> str:
    """Why the response note of ``review_round`` cannot be attached yet ("" when it can):
    the round must be closed and every submitted comment answered."""
    if review_round.is_open:
        return _("Close the round first: municipalities can still add comments.")
    unanswered = ReviewComment.objects.filter(
        round=review_round,
        withdrawn_at__isnull=True,
        answer="",
        municipality_id__in=ReviewInvitation.objects.filter(
            round=review_round, outcome=ReviewInvitation.Outcome.REMARKS
        ).values("municipality_id"),
    ).count()
    if unanswered:
        return _("%(count)s comment(s) have not been answered yet.") % {"count": unanswered}
    return ""


def response_note_of(review_round: ReviewRound) -> Document | None:
    """The response note of ``review_round``: the proposal's response-note document whose
    versions answer that round."""
    return review_round.response_notes().first()


def response_note_is_confidential(review_round: ReviewRound) -> bool:
    """The response note of a closed round holds every municipality's comments, which no
    other municipality may read: it travels as a confidential document (to the bodies on
    the route, the secretariat and the directie). That of an open round is as public as
    its proposal."""
    return review_round.proposal.is_confidential or not review_round.is_open_visibility


def response_note_document_title(review_round: ReviewRound) -> str:
    """The title of the response note as a document of the proposal."""
    return _("Response note to review round %(number)s") % {"number": review_round.number}


def response_note_attach(*, actor: User, review_round: ReviewRound, pdf: bytes) -> Document:
    """Attach the response note ``pdf`` (rendered by ``governance.queries.review``) to
    the round's proposal, as a document whose versions answer the round
    (confidential unless the round was open: ``response_note_is_confidential``): it
    travels the route into the agenda packs. Attaching again adds a version. Requires
    ``governance.answer_reviewcomment`` and ``governance.add_document``."""
    require(actor, "governance.answer_reviewcomment", "governance.add_document")
    refusal = response_note_refusal(review_round)
    if refusal:
        raise ValidationError(refusal)
    proposal = review_round.proposal
    file = ContentFile(
        pdf, name=f"reactienota-{proposal.reference}-ronde-{review_round.number}.pdf"
    )
    document = response_note_of(review_round)
    note = _("Response note to the comments of round %(number)s") % {"number": review_round.number}
    if document is not None:
        document_version_upload(
            actor=actor, document=document, file=file, note=note, answers_round=review_round
        )
        return document
    return document_upload(
        actor=actor,
        proposal=proposal,
        kind=Document.Kind.RESPONSE_NOTE,
        title=response_note_document_title(review_round),
        is_confidential=response_note_is_confidential(review_round),
        file=file,
        note=note,
        answers_round=review_round,
    )


def confidential_in_round(version: DocumentVersion) -> bool:
    """Whether views of ``version`` are logged: its document is confidential (or its
    proposal is) and the document is read in a review round."""
    document = version.document
    confidential = document.is_confidential or (
        document.proposal is not None and document.proposal.is_confidential
    )
    return confidential and ReviewRound.objects.filter(versions__document=document).exists()


def log_document_view(*, user: User, version: DocumentVersion, kind: str) -> None:
    """Record that ``user`` read or downloaded ``version`` when it is a confidential
    document read in a round (who, when, which version). Append-only."""
    if confidential_in_round(version):
        DocumentView.objects.create(version=version, user=user, kind=kind, at=timezone.now())
