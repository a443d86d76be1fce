"""Co-reading (meelezen): review rounds on a proposal's cover note and documents.

Readers are the contact officials (and, when asked, the BAO members) of the invited
municipalities; the authors are the secretariat and the directie. Who sees a round or a
comment is ``governance.access`` 's; writes go through ``governance.services.review``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import deadlines
from governance.access import (
    access_document_version,
    access_proposal,
    access_review_comment,
    access_review_round,
    may_read_response_note,
    reader_invitation,
    require,
    response_note_municipality,
    review_round_scope,
)
from governance.forms.review import (
    CommentEditForm,
    CommentForm,
    FinishForm,
    PageCommentForm,
    ReviewAnswerForm,
    ReviewRoundOpenForm,
    SectionCommentForm,
    comment_form_class,
)
from governance.models import (
    CoverNote,
    CoverNoteSection,
    DocumentVersion,
    DocumentView,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from governance.queries import documents as document_queries
from governance.queries import review as queries
from governance.queries.days_off import organisation_days_off
from governance.services import review as services
from governance.views._http import AuthenticatedRequest, add_service_errors

# --- The reader's side


def _author_page(review_round: ReviewRound) -> str:
    """Where an author reading a round is sent: its consolidated comments."""
    return reverse("governance:review-comments", args=[review_round.pk])


def _invitation_or_403(request: AuthenticatedRequest, review_round: ReviewRound):
    invitation = reader_invitation(request.user, review_round)
    if invitation is None:  # an author: they answer, they do not comment
        raise PermissionDenied
    return invitation


@dataclass(frozen=True)
class TodoRow:
    """A line of "Te lezen": the round, my municipality's state and the working days
    left until the deadline (negative: late)."""

    item: queries.ReaderRound
    days_left: int

    @property
    def round(self) -> ReviewRound:
        return self.item.round


@login_required
@require_GET
def review_todo(request: AuthenticatedRequest) -> HttpResponse:
    """ "Te lezen": the rounds open for my municipality, nearest deadline first, and the
    ones it finished or that were closed. Authors see the empty state (they follow the
    rounds on the proposals)."""
    today = timezone.localdate()
    items = queries.reader_rounds(request.user, include_closed=True)
    days_off = organisation_days_off() if items else None
    to_read: list[TodoRow] = []
    done: list[TodoRow] = []
    for item in items:
        pending = item.round.is_open and not item.invitation.is_finished
        days_left = (
            deadlines.working_days_between(today, item.round.deadline, days_off=days_off)
            if days_off is not None and pending
            else 0
        )
        (to_read if pending else done).append(TodoRow(item=item, days_left=days_left))
    done.sort(key=lambda row: (row.round.deadline, row.round.pk), reverse=True)
    return render(
        request,
        "governance/review_todo.html",
        {"to_read": to_read, "done": done[:20]},
    )


@dataclass
class SectionView:
    """A section of the cover note on the reader's page: my municipality's comments on
    it, the others' (open rounds only) and the form for a new one."""

    value: str
    label: str
    mine: list[ReviewComment] = field(default_factory=list)
    others: list[ReviewComment] = field(default_factory=list)
    form: CommentForm | None = None


@dataclass
class RoundComments:
    """The visible comments of a round, split by place: general, per section, per page
    of a document version; each split into my municipality's and the others'."""

    general_mine: list[ReviewComment] = field(default_factory=list)
    general_others: list[ReviewComment] = field(default_factory=list)
    sections: dict[str, SectionView] = field(default_factory=dict)
    pages_mine: dict[int, list[ReviewComment]] = field(default_factory=lambda: defaultdict(list))
    pages_others: dict[int, list[ReviewComment]] = field(default_factory=lambda: defaultdict(list))

    def live_mine(self) -> list[ReviewComment]:
        mine = [*self.general_mine]
        for section in self.sections.values():
            mine += section.mine
        for comments in self.pages_mine.values():
            mine += comments
        return [comment for comment in mine if not comment.is_withdrawn]


def _round_comments(
    request: AuthenticatedRequest,
    review_round: ReviewRound,
    invitation: ReviewInvitation | None,
) -> RoundComments:
    """The comments ``request.user`` may read in ``review_round`` (one query). Another
    municipality's comment counts only when submitted and not withdrawn; the reader's
    own municipality's withdrawn ones stay on its list, marked."""
    own = invitation.municipality_id if invitation else None
    result = RoundComments(
        sections={
            value: SectionView(value, str(label)) for value, label in CoverNoteSection.choices
        }
    )
    for comment in queries.visible_comments(request.user, review_round):
        is_mine = comment.municipality_id == own
        if not is_mine and comment.is_withdrawn:
            continue
        if comment.anchor == ReviewComment.Anchor.SECTION and comment.section in result.sections:
            section = result.sections[comment.section]
            (section.mine if is_mine else section.others).append(comment)
        elif comment.anchor == ReviewComment.Anchor.PAGE and comment.version_id is not None:
            pages = result.pages_mine if is_mine else result.pages_others
            pages[comment.version_id].append(comment)
        else:
            (result.general_mine if is_mine else result.general_others).append(comment)
    return result


def _may_write(review_round: ReviewRound, invitation: ReviewInvitation | None) -> bool:
    """What ``governance.access.may_comment`` decides, from the invitation at hand (it
    came from ``my_invitations``): the round is open and the municipality not finished."""
    return invitation is not None and review_round.is_open and not invitation.is_finished


def _state(review_round: ReviewRound, invitation: ReviewInvitation) -> tuple[str, Any]:
    state = queries.invitation_state(
        invitation.outcome, review_round.deadline, timezone.localdate()
    )
    return state, queries.STATE_LABELS[state]


def _versions(review_round: ReviewRound) -> list[DocumentVersion]:
    return list(
        review_round.versions.select_related("document").order_by("document__title", "number")
    )


def _read_page(
    request: AuthenticatedRequest,
    review_round: ReviewRound,
    invitation: ReviewInvitation,
    *,
    failed: CommentForm | None = None,
) -> HttpResponse:
    """The round as its reader reads it; ``failed`` is a rejected comment form, shown
    again in its place with its errors."""
    comments = _round_comments(request, review_round, invitation)
    may_write = _may_write(review_round, invitation)
    cover_note = (
        document_queries.cover_note_of(review_round.proposal)
        if review_round.includes_cover_note
        else None
    )
    general_form = None
    if may_write:
        general_form = CommentForm()
        for section in comments.sections.values():
            section.form = SectionCommentForm(key=section.value, initial={"section": section.value})
        if isinstance(failed, SectionCommentForm):
            section_value = failed.data.get("section", "")
            if section_value in comments.sections:
                comments.sections[section_value].form = failed
        elif failed is not None:
            general_form = failed
    versions = _versions(review_round)
    mine_per_version = {v.pk: len(comments.pages_mine.get(v.pk, [])) for v in versions}
    state, state_label = _state(review_round, invitation)
    return render(
        request,
        "governance/review_read.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "invitation": invitation,
            "state": state,
            "state_label": state_label,
            "may_write": may_write,
            "cover_note": cover_note,
            "body_name": (
                document_queries.last_route_body_name(review_round.proposal) if cover_note else None
            ),
            "distribution": document_queries.distribution_rows(cover_note) if cover_note else None,
            "comments": comments,
            "sections": list(comments.sections.values()),
            "general_form": general_form,
            "versions": [(v, mine_per_version[v.pk]) for v in versions],
            "live_count": len(comments.live_mine()),
            # Only a closed round has a response note (``services.response_note_refusal``).
            "response_note": (
                None if review_round.is_open else services.response_note_of(review_round)
            ),
        },
    )


@login_required
@require_GET
def review_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The round for its reader: the request, the deadline, the cover note section by
    section with the comments and a form under each, the documents read, and finishing.
    Authors are sent to the round's comments."""
    review_round = access_review_round(request.user, pk)
    invitation = reader_invitation(request.user, review_round)
    if invitation is None:
        return HttpResponseRedirect(_author_page(review_round))
    return _read_page(request, review_round, invitation)


def _round_version(request: AuthenticatedRequest, review_round: ReviewRound, pk: int):
    """A version read in the round and visible to the user, else 404."""
    version = access_document_version(request.user, pk)
    if not review_round.versions.filter(pk=version.pk).exists():
        raise Http404
    return version


def _document_page(
    request: AuthenticatedRequest,
    review_round: ReviewRound,
    version: DocumentVersion,
    invitation: ReviewInvitation | None,
    *,
    form: PageCommentForm | None = None,
) -> HttpResponse:
    comments = _round_comments(request, review_round, invitation)
    may_write = _may_write(review_round, invitation)
    if may_write and form is None:
        form = PageCommentForm(review_round=review_round, initial={"version": version.pk})
    by_page: dict[int, dict[str, list[ReviewComment]]] = defaultdict(
        lambda: {"mine": [], "others": []}
    )
    for key, pages in (("mine", comments.pages_mine), ("others", comments.pages_others)):
        for comment in pages.get(version.pk, []):
            by_page[comment.page or 0][key].append(comment)
    return render(
        request,
        "governance/review_document.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "invitation": invitation,
            "version": version,
            "document": version.document,
            "is_pdf": document_queries.is_pdf(version),
            "download_url": reverse("governance:document-version-download", args=[version.pk]),
            "page_numbers": range(1, (version.page_count or 0) + 1),
            "may_write": may_write,
            "form": form if may_write else None,
            "pages": sorted(by_page.items()),
        },
    )


@login_required
@require_GET
def review_document(request: AuthenticatedRequest, pk: int, version: int) -> HttpResponse:
    """A document version read in the round, in the viewer, with the comments on its
    pages and (for a reader who may still write) the form for a comment on a page. The
    view is logged when the document is confidential."""
    review_round = access_review_round(request.user, pk)
    document_version = _round_version(request, review_round, version)
    services.log_document_view(
        user=request.user, version=document_version, kind=DocumentView.Kind.READ
    )
    invitation = reader_invitation(request.user, review_round)
    return _document_page(request, review_round, document_version, invitation)


def _anchor_fragment(comment: ReviewComment) -> str:
    if comment.anchor == ReviewComment.Anchor.SECTION:
        return f"#section-{comment.section}"
    if comment.anchor == ReviewComment.Anchor.PAGE:
        return f"#page-{comment.page}"
    return "#general"


def _back_to(comment: ReviewComment) -> HttpResponseRedirect:
    """The page the comment is shown on, at its place."""
    if comment.anchor == ReviewComment.Anchor.PAGE and comment.version_id is not None:
        url = reverse("governance:review-document", args=[comment.round_id, comment.version_id])
    else:
        url = reverse("governance:review-read", args=[comment.round_id])
    return HttpResponseRedirect(url + _anchor_fragment(comment))


@login_required
@require_POST
def review_comment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new draft comment of my municipality: general, on a section (with a suggested
    text) or on a page (with the quoted text). A rejected one is shown again with its
    errors on the page it came from."""
    review_round = access_review_round(request.user, pk)
    invitation = _invitation_or_403(request, review_round)
    if not _may_write(review_round, invitation):
        raise PermissionDenied
    form_class = comment_form_class(request.POST.get("anchor", ""))
    if form_class is PageCommentForm:
        form: CommentForm = PageCommentForm(request.POST, review_round=review_round)
    elif form_class is SectionCommentForm:
        form = SectionCommentForm(request.POST, key=request.POST.get("section", "section"))
    else:
        form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.review_comment_add(
                actor=request.user, review_round=review_round, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment has been saved as a draft."))
            return _back_to(comment)
    if isinstance(form, PageCommentForm):
        version = form.cleaned_data.get("version")
        if version is None:  # the hidden field names no document of this round
            raise Http404
        return _document_page(request, review_round, version, invitation, form=form)
    return _read_page(request, review_round, invitation, failed=form)


@login_required
@require_http_methods(["GET", "POST"])
def review_comment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a draft comment of my municipality (a colleague's too) until it finishes."""
    comment = access_review_comment(request.user, pk, edit=True)
    if comment.is_withdrawn:  # what the service refuses: a withdrawn comment stays as it was
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.review_comment_update(
                actor=request.user, comment=comment, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The comment has been changed."))
            return _back_to(comment)
    return render(
        request,
        "governance/review_comment_form.html",
        {
            "comment": comment,
            "round": comment.round,
            "proposal": comment.round.proposal,
            "form": form,
            "back_url": _back_to(comment).url,
        },
    )


@login_required
@require_POST
def review_comment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Withdraw a draft comment; it stays in the history, marked withdrawn."""
    comment = access_review_comment(request.user, pk, edit=True)
    comment = services.review_comment_withdraw(actor=request.user, comment=comment)
    messages.success(request, _("The comment has been withdrawn."))
    return _back_to(comment)


@login_required
@require_http_methods(["GET", "POST"])
def review_finish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Finish the round for my municipality. The GET shows what will be submitted (the
    comments per place) and both choices explained, so that the step is confirmed before
    it is final (WCAG 3.3.4)."""
    review_round = access_review_round(request.user, pk)
    invitation = _invitation_or_403(request, review_round)
    if not _may_write(review_round, invitation):
        raise PermissionDenied
    form = FinishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.review_finish(
                actor=request.user,
                review_round=review_round,
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your municipality has finished this round: %(outcome)s.")
                % {"outcome": invitation.get_outcome_display()},
            )
            return redirect("governance:review-read", pk=review_round.pk)
    live = _round_comments(request, review_round, invitation).live_mine()
    groups = queries.grouped_by_place(live)
    return render(
        request,
        "governance/review_finish.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "invitation": invitation,
            "form": form,
            "groups": [(group.label, group.count) for group in groups],
            "live_count": len(live),
        },
    )


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
            review_round = services.review_round_open(
                actor=request.user, proposal=proposal, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    rounds = queries.open_rounds(review_round_scope(request.user))
    glances = queries.glances(rounds)
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
    comments = queries.visible_comments(user, review_round)
    if only_unanswered:
        comments = comments.filter(answer="")
    glance = queries.glances([review_round])[review_round.pk]
    return render(
        request,
        "governance/review_author_comments.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "glance": glance,
            "states": queries.municipality_states(glance),
            "groups": queries.grouped_by_place(comments),
            "only_unanswered": only_unanswered,
            "unanswered_param": UNANSWERED_PARAM,
            "can_close": review_round.is_open and user.has_perm("governance.change_reviewround"),
            "response_note": services.response_note_of(review_round),
            "refusal": services.response_note_refusal(review_round),
        },
    )


def _section_text(comment) -> str:
    """The current text of the cover-note section a suggestion would replace."""
    if not comment.suggestion or comment.section not in CoverNoteSection.values:
        return ""
    name = CoverNoteSection(comment.section).suggestion_field
    values = CoverNote.objects.filter(proposal_id=comment.round.proposal_id).values_list(
        name, flat=True
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
            services.review_comment_answer(
                actor=request.user, comment=comment, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    services.review_round_close(actor=request.user, review_round=review_round)
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
    own = response_note_municipality(user, review_round)
    return render(
        request,
        "governance/review_response_note.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "rows": queries.response_note_rows(review_round, municipality_id=own),
            "partial": own is not None,
            "title": queries.response_note_title(review_round),
            "can_attach": user.has_perm("governance.answer_reviewcomment")
            and user.has_perm("governance.add_document"),
            "response_note": services.response_note_of(review_round),
            "refusal": services.response_note_refusal(review_round),
        },
    )


@login_required
@require_GET
def review_response_note_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The response note as a PDF download."""
    review_round = _readable_round(request, pk)
    own = response_note_municipality(request.user, review_round)
    response = HttpResponse(
        queries.response_note_pdf(review_round, municipality_id=own), content_type="application/pdf"
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
    refusal = services.response_note_refusal(review_round)
    if refusal:
        messages.error(request, refusal)
        return redirect("governance:review-response-note", pk=review_round.pk)
    try:
        document = services.response_note_attach(
            actor=request.user,
            review_round=review_round,
            pdf=queries.response_note_pdf(review_round),
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
