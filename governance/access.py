"""Permission-checked fetchers. No other code fetches a meeting for a user.

Visibility of meetings:
- the secretariat and management (``governance.view_all_meetings``) see every meeting;
- a person with a membership of a body that is active today sees all that body's
  meetings (a new member may read back the body's history);
- everyone, also without logging in, sees public meetings.

Confidential work (agenda items, proposals, documents marked confidential) reaches
only the secretariat and management and the members of the bodies concerned: the
meeting's body for an agenda item, any body on the route for a proposal. Of a meeting
they may see, everyone else reads what the public portal shows (``publication``): the
public items of a published agenda and the public decisions of a published decision
list — never a draft or withdrawn one. Proposals,
documents and actions need a login; the public portal publishes explicitly.

Every function returns 404 for what the user may not see (existence is not
disclosed) and raises ``PermissionDenied`` (403) for what they see but may not change.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from governance import publication
from governance.models import (
    Action,
    AgendaItem,
    AgendaPack,
    ClosingDay,
    Confidentiality,
    Decision,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    PrivateNote,
    Proposal,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    RouteStep,
    Track,
    User,
)
from governance.models.actions import ActionQuerySet
from governance.models.meetings import MeetingQuerySet

# Whoever reaches a page: the read paths serve anonymous visitors too.
Viewer: TypeAlias = User | AnonymousUser

_M = TypeVar("_M", bound=Model)


def member_body_ids(user: User) -> QuerySet[Membership, Any]:
    """Subquery of the ids of the bodies ``user`` is an active member of today."""
    return Membership.objects.active().filter(user=user).values("body_id")


def _sees_all(user: Viewer, perm: str = "governance.view_all_meetings") -> bool:
    return user.is_authenticated and user.has_perm(perm)


def _get(queryset: QuerySet[_M], pk: int) -> _M:
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:  # the model's DoesNotExist (not on the generic Model type)
        raise Http404 from None


def require(user: Viewer, *perms: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is logged in and holds every one of
    ``perms``. The one permission gate: services call it before they write, and views
    (through the fetchers below, or directly for pages without an object) ask for the
    same permission as the service they call."""
    if not user.is_authenticated or not all(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def meeting_scope(user: Viewer) -> MeetingQuerySet:
    """All meetings ``user`` may see (anonymous users included)."""
    meetings = Meeting.objects.select_related("body")
    if user.is_authenticated and user.has_perm("governance.view_all_meetings"):
        return meetings
    if not user.is_authenticated:
        return meetings.filter(is_public=True)
    return meetings.filter(Q(is_public=True) | Q(body_id__in=member_body_ids(user)))


def access_meeting(
    user: Viewer,
    pk: int,
    *,
    write: bool = False,
    history: bool = False,
    publish: bool = False,
    build_agenda: bool = False,
    close_written: bool = False,
    packs_status: bool = False,
) -> Meeting:
    """Return the meeting ``pk`` if ``user`` may see it.

    Raises ``Http404`` when the meeting does not exist or is not visible to the
    user (so its existence is not disclosed), and ``PermissionDenied`` when it is
    visible but the user may not change it (``write``), read its change history
    (``history``), publish its agenda and decision list (``publish``), edit its agenda
    (``build_agenda``: ``services.agenda``), close it as a written procedure
    (``close_written``: ``services.written.written_close``) or follow the build of its
    packs (``packs_status``).
    """
    try:
        meeting = meeting_scope(user).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if write and not user.has_perm("governance.change_meeting"):
        raise PermissionDenied
    if history and not user.has_perm("governance.view_historicalmeeting"):
        raise PermissionDenied
    if publish:
        require(user, "governance.publish_meeting")
    if build_agenda:
        require(user, "governance.change_agendaitem")
    if close_written:
        require(user, *CLOSE_WRITTEN)
    if packs_status:
        require(user, "governance.view_agendapack")
    return meeting


# --- Agenda items and decisions -----------------------------------------------------
#
# The *insiders* of a meeting are the secretariat and management and the active members
# of its body: they read its draft agenda, its confidential items and its decisions before
# the decision list is published. Everyone else — anonymous, a contact official of another
# municipality, a member of another body — reads on the internal pages exactly what the
# public portal shows: ``publication.public_agenda_item_q`` and
# ``publication.public_decision_q``, the one rule for what is public.


def _insider_q(user: Viewer, prefix: str = "") -> Q:
    """Rows of meetings whose body ``user`` is an active member of (nothing when anonymous)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{prefix}meeting__body_id__in": member_body_ids(user)})


def agenda_item_scope(user: Viewer) -> QuerySet[AgendaItem]:
    """Agenda items ``user`` may see: every item for the insiders of its meeting; for
    anyone else the public items of a published agenda of a meeting they may see."""
    items = AgendaItem.objects.all()
    if _sees_all(user):
        return items
    public = publication.public_agenda_item_q() & Q(meeting__in=meeting_scope(user))
    return items.filter(_insider_q(user) | public)


def decision_scope(user: Viewer) -> QuerySet[Decision]:
    """Decisions ``user`` may see: every decision for the insiders of its meeting; for
    anyone else the public decisions of a published decision list of a meeting they may
    see (a draft, withdrawn or unpublished list shows nothing)."""
    decisions = Decision.objects.all()
    if _sees_all(user):
        return decisions
    public = publication.public_decision_q() & Q(agenda_item__meeting__in=meeting_scope(user))
    return decisions.filter(_insider_q(user, "agenda_item__") | public)


def is_insider_of(user: Viewer, meeting: Meeting) -> bool:
    """Whether ``user`` is an insider of ``meeting`` (the rule of ``agenda_item_scope``):
    the secretariat and management, and the active members of the meeting's body. They
    get the members' agenda pack; everyone else the public one."""
    if _sees_all(user):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.active().filter(user=user, body_id=meeting.body_id).exists()


# Recording a decision creates or corrects it (``services.decisions.decision_record``);
# closing a written procedure records its decisions and closes the meeting.
RECORD_DECISION = ("governance.add_decision", "governance.change_decision")
CLOSE_WRITTEN = ("governance.add_decision", "governance.change_meeting")


def may_record_decisions(user: Viewer) -> bool:
    """Whether ``user`` may record and correct decisions (``services.decisions``)."""
    return user.is_authenticated and all(user.has_perm(perm) for perm in RECORD_DECISION)


def may_close_written(user: Viewer) -> bool:
    """Whether ``user`` may close a written procedure (``services.written``)."""
    return user.is_authenticated and all(user.has_perm(perm) for perm in CLOSE_WRITTEN)


def may_see_written_responses(user: Viewer, meeting: Meeting) -> bool:
    """The responses in a written procedure reach the secretariat and management and the
    members of the meeting's body."""
    if not user.is_authenticated:
        return False
    return user.has_perm("governance.view_writtenresponse") or (
        member_body_ids(user).filter(body_id=meeting.body_id).exists()
    )


def access_agenda_item(
    user: Viewer,
    pk: int,
    *,
    write: bool = False,
    delete: bool = False,
    decide: bool = False,
) -> AgendaItem:
    """The agenda item ``pk`` (with its meeting and body) if ``user`` may see it;
    ``write`` requires ``governance.change_agendaitem``, ``delete``
    ``governance.delete_agendaitem`` and ``decide`` the permissions to record its
    decision."""
    item = _get(agenda_item_scope(user).select_related("meeting__body", "route_step"), pk)
    if write:
        require(user, "governance.change_agendaitem")
    if delete:
        require(user, "governance.delete_agendaitem")
    if decide:
        require(user, *RECORD_DECISION)
    return item


# --- Proposals ----------------------------------------------------------------------


def proposal_scope(user: Viewer) -> QuerySet[Proposal]:
    """Proposals ``user`` may see: all for the secretariat and management; for others
    those routed through a body they sit on, their own, and those of agenda items they
    may see (``agenda_item_scope``: for outsiders public items of published agendas).
    Nothing without a login."""
    proposals = Proposal.objects.all()
    if _sees_all(user, "governance.view_all_proposals"):
        return proposals
    if not user.is_authenticated:
        return proposals.none()
    on_my_bodies = Proposal.objects.filter(steps__body_id__in=member_body_ids(user))
    # A proposal reaches an outsider only through an agenda item they may read: a public
    # item of a published agenda, whose proposal is public by the same rule.
    on_visible_items = agenda_item_scope(user).filter(route_step__isnull=False)
    return proposals.filter(
        Q(pk__in=on_my_bodies.values("pk"))
        | Q(pk__in=on_visible_items.values("route_step__proposal_id"))
        | Q(owner=user)
        | Q(pk__in=review_round_scope(user).values("proposal_id"))
    )


def may_see_confidential_of(user: Viewer, proposal: Proposal) -> bool:
    """Whether ``user`` may read the confidential parts of ``proposal``."""
    if _sees_all(user, "governance.view_all_proposals"):
        return True
    if not user.is_authenticated:
        return False
    if proposal.owner_id == user.pk:
        return True
    if review_round_scope(user).filter(proposal=proposal, includes_cover_note=True).exists():
        return True  # a reader of a round on its cover note reads the cover note
    return proposal.steps.filter(body_id__in=member_body_ids(user)).exists()


def access_proposal(
    user: Viewer, pk: int, *, write: bool = False, history: bool = False, route: bool = False
) -> Proposal:
    """The proposal ``pk`` if visible; ``write`` requires ``governance.change_proposal``,
    ``history`` requires ``governance.view_historicalproposal``, ``route`` (the route
    editor) ``governance.change_routestep``."""
    proposal = _get(proposal_scope(user).select_related("owner", "track", "route_template"), pk)
    if write:
        require(user, "governance.change_proposal")
    if history:
        require(user, "governance.view_historicalproposal")
    if route:
        require(user, "governance.change_routestep")
    return proposal


def access_route_step(user: Viewer, pk: int) -> RouteStep:
    """A step of a proposal's route, for the route editor: visible with its proposal,
    changed only with ``governance.change_routestep``."""
    step = _get(
        RouteStep.objects.filter(proposal__in=proposal_scope(user)).select_related(
            "proposal", "body", "meeting"
        ),
        pk,
    )
    require(user, "governance.change_routestep")
    return step


# --- Documents ----------------------------------------------------------------------


def document_scope(user: Viewer) -> QuerySet[Document]:
    """Documents ``user`` may see: those of visible proposals and agenda items, the
    confidential ones (or all of a confidential proposal) only for those entitled."""
    if not user.is_authenticated:
        return Document.objects.none()
    documents = Document.objects.all()
    if _sees_all(user, "governance.view_all_proposals") and _sees_all(user):
        return documents
    mine = member_body_ids(user)
    proposal_entitled = Proposal.objects.filter(Q(steps__body_id__in=mine) | Q(owner=user))
    of_proposal = Q(proposal__in=proposal_scope(user)) & (
        Q(is_confidential=False, proposal__confidentiality=Confidentiality.PUBLIC)
        | Q(proposal__in=proposal_entitled.values("pk"))
    )
    of_item = Q(agenda_item__in=agenda_item_scope(user)) & (
        Q(is_confidential=False) | Q(agenda_item__meeting__body_id__in=mine)
    )
    # A reader of a round sees the documents placed in it, confidential or not.
    in_my_rounds = Q(versions__review_rounds__in=review_round_scope(user))
    in_rounds = Q(pk__in=Document.objects.filter(in_my_rounds).values("pk"))
    return documents.filter(of_proposal | of_item | in_rounds)


def access_document(user: Viewer, pk: int, *, write: bool = False) -> Document:
    """The document ``pk`` if visible; ``write`` (a new version) requires
    ``governance.add_documentversion``."""
    document = _get(
        document_scope(user).select_related("proposal", "agenda_item__meeting__body"), pk
    )
    if write:
        require(user, "governance.add_documentversion")
    return document


def access_document_version(user: Viewer, pk: int) -> DocumentVersion:
    """A stored file version, only if its document is visible (used for downloads)."""
    return _get(
        DocumentVersion.objects.filter(document__in=document_scope(user)).select_related(
            "document"
        ),
        pk,
    )


# --- Actions and the development programme ------------------------------------------


def action_scope(user: Viewer) -> ActionQuerySet:
    """Actions ``user`` may see: all for holders of ``governance.view_action``
    (secretariat, management); for others the ones they own and those of their bodies
    (acting body, or reported back at a meeting of their body)."""
    actions = Action.objects.all()
    if _sees_all(user, "governance.view_action"):
        return actions
    if not user.is_authenticated:
        return actions.none()
    mine = member_body_ids(user)
    return actions.filter(
        Q(owner=user) | Q(actor_body_id__in=mine) | Q(report_meeting__body_id__in=mine)
    )


def access_action(
    user: Viewer, pk: int, *, write: bool = False, history: bool = False, add_note: bool = False
) -> Action:
    """The action ``pk`` if visible; ``write`` requires ``governance.change_action``,
    ``history`` ``governance.view_historicalaction``, ``add_note`` that the user may
    report progress on it (``may_add_progress``)."""
    action = _get(action_scope(user).select_related("owner", "actor_body"), pk)
    if write:
        require(user, "governance.change_action")
    if history:
        require(user, "governance.view_historicalaction")
    if add_note and not may_add_progress(user, action):
        raise PermissionDenied
    return action


def may_add_progress(user: Viewer, action: Action) -> bool:
    """The owner of an action reports progress on it, as do the secretariat and
    management (``governance.add_actionnote``)."""
    return user.is_authenticated and (
        action.owner_id == user.pk or user.has_perm("governance.add_actionnote")
    )


def access_track(user: Viewer, pk: int, *, write: bool = False) -> Track:
    """A programme track: any logged-in user may read the development programme;
    ``write`` requires ``governance.change_track``."""
    if not user.is_authenticated:
        raise Http404
    track = _get(Track.objects.select_related("programme", "owner"), pk)
    if write:
        require(user, "governance.change_track")
    return track


# --- Accounts -------------------------------------------------------------------------


def account_scope(user: Viewer) -> QuerySet[User]:
    """The accounts ``user`` may look up: all for whoever may view users (the
    secretariat), none for anyone else."""
    if not _sees_all(user, "governance.view_user"):
        return User.objects.none()
    return User.objects.filter(is_active=True)


def access_account(user: Viewer, pk: int, *, reset_second_factor: bool = False) -> User:
    """The account ``pk`` if ``user`` may look it up (404 otherwise, so others cannot
    probe which accounts exist); ``reset_second_factor`` requires that permission."""
    account = _get(account_scope(user), pk)
    if reset_second_factor:
        require(user, "governance.reset_second_factor")
    return account


# --- The organisation's days off ------------------------------------------------------
#
# Everyone reads them (a public body publishes when it is closed); only the secretariat
# changes them and reads their change history.


def may_manage_days_off(user: Viewer) -> bool:
    return user.is_authenticated and user.has_perm("governance.manage_days_off")


def access_closing_day(user: Viewer, pk: int) -> ClosingDay:
    """The closing day ``pk`` for a change by ``user``: 404 when it does not exist,
    ``PermissionDenied`` when ``user`` may not change the days off (the days themselves
    are public, so their existence is no secret)."""
    closing_day = _get(ClosingDay.objects.all(), pk)
    if not may_manage_days_off(user):
        raise PermissionDenied
    return closing_day


# --- Co-reading (review rounds) ----------------------------------------------------------
#
# The *readers* of a round are the contact officials of the municipalities it invites
# (``governance.add_reviewcomment`` and ``User.municipality``) and, when the round
# includes the BAO, the active BAO members for those municipalities. The *authors* — the
# secretariat and the directie (``governance.view_reviewround``) — see every round and
# every submitted comment. A reader sees the comments of their own municipality (drafts
# included: colleagues continue each other's draft) and, only in a round opened as
# "open", the submitted comments of the other municipalities. Nobody sees another
# municipality's draft.

REVIEW_AUTHOR = "governance.view_reviewround"


def is_review_author(user: Viewer) -> bool:
    """The secretariat and the directie: they open rounds and see every submitted comment."""
    return _sees_all(user, REVIEW_AUTHOR)


def _bao_member_municipalities(user: User) -> QuerySet[Membership, Any]:
    return (
        Membership.objects.active()
        .filter(user=user, body__code="BAO", municipality__isnull=False)
        .values("municipality_id")
    )


def reader_invitation_q(user: Viewer, prefix: str = "") -> Q:
    """Invitations (rows reached through ``prefix``) whose round ``user`` reads: for their
    own municipality as a contact official, or for the municipality of their BAO seat
    when the round includes the BAO. Nothing for an anonymous user."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    as_official = (
        Q(**{f"{prefix}municipality_id": user.municipality_id})
        if user.municipality_id is not None and user.has_perm("governance.add_reviewcomment")
        else Q(pk__in=[])
    )
    as_bao = Q(
        **{
            f"{prefix}round__includes_bao": True,
            f"{prefix}municipality_id__in": _bao_member_municipalities(user),
        }
    )
    return as_official | as_bao


def my_invitations(user: Viewer) -> QuerySet[ReviewInvitation]:
    """The invitations ``user`` reads for (one per round and municipality)."""
    return ReviewInvitation.objects.filter(reader_invitation_q(user))


def review_round_scope(user: Viewer) -> QuerySet[ReviewRound]:
    """Rounds ``user`` may see: all for the authors; the rounds inviting their
    municipality for the readers; none for anyone else."""
    rounds = ReviewRound.objects.all()
    if is_review_author(user):
        return rounds
    if not user.is_authenticated:
        return rounds.none()
    return rounds.filter(pk__in=my_invitations(user).values("round_id"))


def access_review_round(
    user: Viewer, pk: int, *, write: bool = False, answer: bool = False
) -> ReviewRound:
    """The round ``pk`` if visible (404 otherwise); ``write`` (change, close) requires
    ``governance.change_reviewround``, ``answer`` ``governance.answer_reviewcomment``."""
    review_round = _get(review_round_scope(user).select_related("proposal", "opened_by"), pk)
    if write:
        require(user, "governance.change_reviewround")
    if answer:
        require(user, "governance.answer_reviewcomment")
    return review_round


def reader_invitation(user: Viewer, review_round: ReviewRound) -> ReviewInvitation | None:
    """The invitation ``user`` reads ``review_round`` for, or None (an author, or not
    invited). A person reads for one municipality: their own."""
    return (
        my_invitations(user)
        .filter(round=review_round)
        .select_related("municipality")
        .order_by("municipality__name")
        .first()
    )


def review_comment_scope(user: Viewer) -> QuerySet[ReviewComment]:
    """Comments ``user`` may read, in every round: the authors read every comment their
    municipality submitted (not drafts); a reader reads all of their own municipality's
    comments and, in open rounds, the submitted comments of the others."""
    comments = ReviewComment.objects.all()
    submitted = Q(
        Exists(
            ReviewInvitation.objects.filter(
                round_id=OuterRef("round_id"),
                municipality_id=OuterRef("municipality_id"),
                outcome=ReviewInvitation.Outcome.REMARKS,
            )
        )
    )
    if is_review_author(user):
        return comments.filter(submitted)
    if not user.is_authenticated:
        return comments.none()
    mine = my_invitations(user)
    own = Q(
        Exists(
            mine.filter(round_id=OuterRef("round_id"), municipality_id=OuterRef("municipality_id"))
        )
    )
    others_in_open = (
        submitted
        & Q(round__visibility=ReviewRound.Visibility.OPEN)
        & Q(round_id__in=mine.values("round_id"))
    )
    return comments.filter(own | others_in_open)


def access_review_comment(
    user: Viewer, pk: int, *, edit: bool = False, answer: bool = False
) -> ReviewComment:
    """The comment ``pk`` if ``user`` may read it (404 otherwise). ``edit`` (change or
    withdraw a draft) requires that ``user`` reads for the comment's municipality and
    that it has not finished the round; ``answer`` requires
    ``governance.answer_reviewcomment``."""
    comment = _get(
        review_comment_scope(user).select_related("round__proposal", "municipality", "version"),
        pk,
    )
    if edit and not may_comment(user, comment.round, comment.municipality_id):
        raise PermissionDenied
    if answer:
        require(user, "governance.answer_reviewcomment")
    return comment


def may_comment(user: Viewer, review_round: ReviewRound, municipality_id: int) -> bool:
    """Whether ``user`` may write (or change a draft) for ``municipality_id`` in
    ``review_round``: they read for it, the round is open and the municipality has not
    finished it."""
    if not review_round.is_open:
        return False
    return (
        my_invitations(user)
        .filter(round=review_round, municipality_id=municipality_id, outcome="")
        .exists()
    )


def may_read_response_note(user: Viewer, review_round: ReviewRound) -> bool:
    """Whether ``user`` may read the response note of ``review_round`` (a round they
    see, fetched through ``access_review_round``): the authors always, while they write
    it; the round's readers once it is attached to the proposal as a document."""
    if is_review_author(user):
        return True
    if reader_invitation(user, review_round) is None:
        return False
    return review_round.response_notes().exists()


def response_note_municipality(user: Viewer, review_round: ReviewRound) -> int | None:
    """Whose part of the response note ``user`` reads (one who ``may_read_response_note``):
    None for the whole note — the authors, and the readers of an open round; the id of
    their own municipality for a reader of a closed round, who never reads another
    municipality's comments. (The attached note of a closed round is a confidential
    document: ``services.review.response_note_attach``.)"""
    if is_review_author(user) or review_round.is_open_visibility:
        return None
    invitation = reader_invitation(user, review_round)
    if invitation is None:  # not a reader: the caller checked may_read_response_note
        raise PermissionDenied
    return invitation.municipality_id


# --- Agenda packs and private notes ---------------------------------------------------
#
# A pack is read by the people who may download it (``views.packs.pack_download``): the
# insiders of its meeting get the members' pack, everyone else who sees the meeting the
# public pack — both once the agenda is published and the pack is built. A private note
# is read, changed and deleted by its owner only: nobody else, the secretariat included,
# reaches it (no permission opens it; the admin does not register it).


def pack_scope(user: Viewer) -> QuerySet[AgendaPack]:
    """The ready packs ``user`` may read (the rule of ``views.packs.pack_download``);
    none without a login (the public read the public pack on the portal)."""
    if not user.is_authenticated:
        return AgendaPack.objects.none()
    packs = AgendaPack.objects.filter(
        meeting__in=meeting_scope(user),
        meeting__agenda_published_at__isnull=False,
        status=AgendaPack.Status.READY,
    ).exclude(file_name="")
    members = Q(variant=AgendaPack.Variant.MEMBERS)
    if _sees_all(user):
        return packs.filter(members)
    insider = Q(meeting__body_id__in=member_body_ids(user))
    return packs.filter((insider & members) | (~insider & Q(variant=AgendaPack.Variant.PUBLIC)))


def private_note_scope(user: Viewer) -> QuerySet[PrivateNote]:
    """The private notes ``user`` owns whose document or pack they may still read (a note
    quotes its target, so it goes where the target goes)."""
    if not user.is_authenticated:
        return PrivateNote.objects.none()
    return PrivateNote.objects.filter(owner=user).filter(
        Q(version__document__in=document_scope(user)) | Q(pack__in=pack_scope(user))
    )


def access_private_note(user: Viewer, pk: int) -> PrivateNote:
    """The note ``pk`` for its owner, to read, change or delete; 404 for everyone else."""
    return _get(private_note_scope(user).select_related("version__document", "pack"), pk)
