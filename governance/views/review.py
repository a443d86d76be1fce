"""Co-reading (meelezen): the pages of review rounds."""

from __future__ import annotations

# --- The author's side: imports ---------------------------------------------------------
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.access import (
    access_proposal,
    access_review_comment,
    access_review_round,
    may_read_response_note,
    require,
    review_round_scope,
)
from governance.forms.proposals import add_service_error
from governance.forms.review import ReviewAnswerForm, ReviewRoundOpenForm
from governance.models import CoverNote, CoverNoteSection, ReviewRound
from governance.queries import review as review_queries
from governance.services import review as review_services
from governance.views._http import AuthenticatedRequest

# --- The author's side ------------------------------------------------------------------
#
# The secretariat and the directie open a round, follow the municipalities' status,
# answer the comments, close the round and attach the response note (reactienota).

# The GET parameter of the "only unanswered" filter of the consolidated page.
UNANSWERED_PARAM = "onbeantwoord"


@login_required
@require_http_methods(["GET", "POST"])
def review_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Open a review round on a proposal (``governance.add_reviewround``)."""
    proposal = access_proposal(request.user, pk)
    require(request.user, "governance.add_reviewround")
    form = ReviewRoundOpenForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            review_round = review_services.review_round_open(
                actor=request.user, proposal=proposal, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Review round %(number)s has been opened; the deadline is %(date)s.")
                % {
                    "number": review_round.number,
                    "date": date_format(review_round.deadline, "l j F Y"),
                },
            )
            return redirect(reverse("governance:proposal-detail", args=[proposal.pk]) + "#review")
    return render(request, "governance/review_open.html", {"form": form, "proposal": proposal})


@login_required
@require_GET
def review_overview(request: AuthenticatedRequest) -> HttpResponse:
    """All open rounds with the municipalities' status at a glance (secretariat and
    directie). Two queries whatever the number of rounds and municipalities."""
    require(request.user, "governance.view_reviewround")
    rounds = review_queries.open_rounds(review_round_scope(request.user))
    glances = review_queries.glances(rounds)
    return render(
        request,
        "governance/review_overview.html",
        {"rows": [(review_round, glances[review_round.pk]) for review_round in rounds]},
    )


@login_required
@require_GET
def review_comments(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The author's consolidated page of a round: the municipalities' status, then every
    submitted comment by place and municipality, with its answer."""
    user = request.user
    review_round = access_review_round(user, pk, answer=True)
    only_unanswered = request.GET.get(UNANSWERED_PARAM) == "1"
    comments = review_queries.visible_comments(user, review_round)
    if only_unanswered:
        comments = comments.filter(answer="")
    glance = review_queries.glances([review_round])[review_round.pk]
    return render(
        request,
        "governance/review_author_comments.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "glance": glance,
            "states": review_queries.municipality_states(glance),
            "groups": review_queries.grouped_by_place(comments),
            "only_unanswered": only_unanswered,
            "unanswered_param": UNANSWERED_PARAM,
            "can_close": review_round.is_open and user.has_perm("governance.change_reviewround"),
            "response_note": review_services.response_note_of(review_round),
            "refusal": review_services.response_note_refusal(review_round),
        },
    )


def _section_text(comment) -> str:
    """The current text of the cover-note section a suggestion would replace."""
    if not comment.suggestion or comment.section not in CoverNoteSection.values:
        return ""
    field = review_services.SUGGESTION_FIELD[CoverNoteSection(comment.section)]
    values = CoverNote.objects.filter(proposal_id=comment.round.proposal_id).values_list(
        field, flat=True
    )
    return next(iter(values), "") or ""


@login_required
@require_http_methods(["GET", "POST"])
def review_comment_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Answer a submitted comment: adopted, partly or not adopted with a reason, and
    adopt its suggested text into the cover note."""
    comment = access_review_comment(request.user, pk, answer=True)
    form = ReviewAnswerForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.review_comment_answer(
                actor=request.user, comment=comment, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The comment of %(municipality)s has been answered.")
                % {"municipality": comment.municipality.name},
            )
            url = reverse("governance:review-comments", args=[comment.round_id])
            return redirect(f"{url}#comment-{comment.pk}")
    return render(
        request,
        "governance/review_author_answer.html",
        {
            "comment": comment,
            "round": comment.round,
            "proposal": comment.round.proposal,
            "form": form,
            "section_text": _section_text(comment),
        },
    )


@login_required
@require_POST
def review_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Close the round: no more comments; answering goes on."""
    review_round = access_review_round(request.user, pk, write=True)
    review_services.review_round_close(actor=request.user, review_round=review_round)
    messages.success(
        request, _("Review round %(number)s has been closed.") % {"number": review_round.number}
    )
    return redirect("governance:review-comments", pk=review_round.pk)


def _readable_round(request: AuthenticatedRequest, pk: int) -> ReviewRound:
    review_round = access_review_round(request.user, pk)
    if not may_read_response_note(request.user, review_round):
        raise PermissionDenied
    return review_round


@login_required
@require_GET
def review_response_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The response note in the browser: per municipality, per comment its answer."""
    review_round = _readable_round(request, pk)
    user = request.user
    return render(
        request,
        "governance/review_response_note.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "rows": review_queries.response_note_rows(review_round),
            "title": review_queries.response_note_title(review_round),
            "can_attach": user.has_perm("governance.answer_reviewcomment")
            and user.has_perm("governance.add_document"),
            "response_note": review_services.response_note_of(review_round),
            "refusal": review_services.response_note_refusal(review_round),
        },
    )


@login_required
@require_GET
def review_response_note_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The response note as a PDF download."""
    review_round = _readable_round(request, pk)
    response = HttpResponse(
        review_queries.response_note_pdf(review_round), content_type="application/pdf"
    )
    name = f"reactienota-{review_round.proposal.reference}-ronde-{review_round.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def review_response_note_attach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Attach the response note to the proposal as a document: it then travels into
    the agenda packs of the next bodies on the route."""
    review_round = access_review_round(request.user, pk, answer=True)
    require(request.user, "governance.add_document")
    refusal = review_services.response_note_refusal(review_round)
    if refusal:
        messages.error(request, refusal)
        return redirect("governance:review-response-note", pk=review_round.pk)
    try:
        document = review_services.response_note_attach(
            actor=request.user,
            review_round=review_round,
            pdf=review_queries.response_note_pdf(review_round),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("governance:review-response-note", pk=review_round.pk)
    messages.success(
        request,
        _("The response note has been attached to the proposal as “%(title)s”.")
        % {"title": document.title},
    )
    return redirect("governance:document-detail", pk=document.pk)
