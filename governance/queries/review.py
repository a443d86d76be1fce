"""Read paths of co-reading: the status of the municipalities at a glance, the rounds a
reader has to read, the comments as the authors see them, and the response note.

Every function runs a fixed number of queries whatever the number of comments and
municipalities. The visibility rules are ``governance.access`` 's; these functions take
querysets already scoped, or rounds the caller fetched through ``access_review_round``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from governance.access import my_invitations, review_comment_scope
from governance.models import (
    CoverNoteSection,
    Municipality,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    User,
)
from hecht import pdf

# The status of a municipality in a round, in the order of the overview.
RESPONDED = "responded"
NO_REMARKS = "no_remarks"
LATE = "late"
OUTSTANDING = "outstanding"
STATES = (RESPONDED, NO_REMARKS, LATE, OUTSTANDING)
STATE_LABELS = {
    RESPONDED: _("Responded"),
    NO_REMARKS: _("No remarks"),
    LATE: _("Late"),
    OUTSTANDING: _("Outstanding"),
}


def invitation_state(outcome: str, deadline: dt.date, today: dt.date) -> str:
    """The status of one municipality: "responded" (remarks submitted), "no remarks",
    and while it has not finished: "late" after the deadline day, "outstanding" until
    the end of it. (The deadline itself was counted in working days, days off skipped,
    when the round was opened.)"""
    if outcome == ReviewInvitation.Outcome.REMARKS:
        return RESPONDED
    if outcome == ReviewInvitation.Outcome.NO_REMARKS:
        return NO_REMARKS
    return LATE if today > deadline else OUTSTANDING


@dataclass
class Glance:
    """The municipalities of one round by status (names sorted), for the round's badge
    row and the overviews."""

    deadline: dt.date
    by_state: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in STATES})

    @property
    def total(self) -> int:
        return sum(len(names) for names in self.by_state.values())

    @property
    def finished(self) -> int:
        return len(self.by_state[RESPONDED]) + len(self.by_state[NO_REMARKS])

    def add(self, outcome: str, name: str, today: dt.date) -> None:
        """Count the municipality ``name`` that finished with ``outcome`` (or not yet)."""
        self.by_state[invitation_state(outcome, self.deadline, today)].append(name)

    def counts(self) -> list[tuple[str, object, int]]:
        """(state, label, count) in the overview's order."""
        return [(state, STATE_LABELS[state], len(self.by_state[state])) for state in STATES]


def glances(rounds: Iterable[ReviewRound], *, today: dt.date | None = None) -> dict[int, Glance]:
    """The status at a glance of each of ``rounds`` (one query for all of them)."""
    today = today or timezone.localdate()
    rounds = list(rounds)
    result = {r.pk: Glance(deadline=r.deadline) for r in rounds}
    rows = (
        ReviewInvitation.objects.filter(round__in=[r.pk for r in rounds])
        .order_by("municipality__name")
        .values_list("round_id", "outcome", "municipality__name")
    )
    for round_id, outcome, name in rows:
        result[round_id].add(outcome, name, today)
    return result


def open_rounds(scope: QuerySet[ReviewRound]) -> list[ReviewRound]:
    """The open rounds of ``scope`` with their proposal, the nearest deadline first."""
    return list(
        scope.filter(closed_at__isnull=True)
        .select_related("proposal")
        .order_by("deadline", "proposal__reference", "number")
    )


@dataclass(frozen=True)
class ReaderRound:
    """A round on a reader's "Te lezen" page: for which municipality, its state, and how
    many comments the municipality has written so far."""

    round: ReviewRound
    invitation: ReviewInvitation
    state: str
    comment_count: int

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def reader_rounds(user: User, *, include_closed: bool = False) -> list[ReaderRound]:
    """The rounds ``user`` reads for their municipality, open ones first by deadline
    (three queries)."""
    today = timezone.localdate()
    scope = my_invitations(user).select_related("round__proposal", "municipality")
    if not include_closed:
        scope = scope.filter(round__closed_at__isnull=True)
    invitations = list(scope.order_by("round__deadline", "round__pk"))
    counts = Counter(
        ReviewComment.objects.filter(
            round__in={i.round_id for i in invitations},
            withdrawn_at__isnull=True,
        ).values_list("round_id", "municipality_id")
    )
    return [
        ReaderRound(
            round=invitation.round,
            invitation=invitation,
            state=invitation_state(invitation.outcome, invitation.round.deadline, today),
            comment_count=counts[invitation.round_id, invitation.municipality_id],
        )
        for invitation in invitations
    ]


def visible_comments(user: User, review_round: ReviewRound) -> QuerySet[ReviewComment]:
    """The comments of ``review_round`` that ``user`` may read, with what they are
    anchored to, in a stable order."""
    return (
        review_comment_scope(user)
        .filter(round=review_round)
        .select_related("municipality", "author", "answered_by", "version__document")
        .order_by("municipality__name", "created_at", "pk")
    )


SECTION_ORDER = {value: index for index, value in enumerate(CoverNoteSection.values)}


@dataclass
class CommentGroup:
    """Comments about one place (a cover-note section, a page of a document, or the
    whole), per municipality."""

    key: tuple
    label: str
    by_municipality: dict[str, list[ReviewComment]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(comments) for comments in self.by_municipality.values())


def _place(comment: ReviewComment) -> tuple[tuple, str]:
    if comment.anchor == ReviewComment.Anchor.SECTION:
        return (0, SECTION_ORDER.get(comment.section, 99), 0), str(comment.get_section_display())
    if comment.anchor == ReviewComment.Anchor.PAGE and comment.version is not None:
        document = comment.version.document
        label = _("%(document)s, page %(page)s") % {
            "document": document.title,
            "page": comment.page,
        }
        return (1, document.pk, comment.page or 0), str(label)
    return (2, 0, 0), str(_("General"))


def grouped_by_place(comments: Iterable[ReviewComment]) -> list[CommentGroup]:
    """``comments`` grouped by the place they are about (sections in the cover note's
    order, then document pages, then general), each group by municipality."""
    groups: dict[tuple, CommentGroup] = {}
    for comment in comments:
        key, label = _place(comment)
        group = groups.setdefault(key, CommentGroup(key=key, label=label))
        group.by_municipality.setdefault(comment.municipality.name, []).append(comment)
    return [groups[key] for key in sorted(groups)]


@dataclass
class ResponseNoteMunicipality:
    municipality: Municipality
    outcome: str
    comments: list[ReviewComment]


def response_note_rows(
    review_round: ReviewRound, *, municipality_id: int | None = None
) -> list[ResponseNoteMunicipality]:
    """The response note's content: every invited municipality in name order (only
    ``municipality_id`` when given: ``access.response_note_municipality``) with how it
    finished and its submitted comments with their answers (withdrawn ones left out).
    Two queries."""
    invited = ReviewInvitation.objects.filter(round=review_round)
    if municipality_id is not None:
        invited = invited.filter(municipality_id=municipality_id)
    invitations = list(invited.select_related("municipality").order_by("municipality__name"))
    submitted = {
        i.municipality_id for i in invitations if i.outcome == ReviewInvitation.Outcome.REMARKS
    }
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in (
        ReviewComment.objects.filter(
            round=review_round, withdrawn_at__isnull=True, municipality_id__in=submitted
        )
        .select_related("version__document")
        .order_by("created_at", "pk")
    ):
        comments[comment.municipality_id].append(comment)
    return [
        ResponseNoteMunicipality(
            municipality=i.municipality,
            outcome=i.outcome,
            comments=sorted(comments[i.municipality_id], key=lambda c: _place(c)[0]),
        )
        for i in invitations
    ]


# --- The author's side ------------------------------------------------------------------

# How long a closed round still shows on a meeting's document status.
RECENT_ROUND_DAYS = 30


@dataclass(frozen=True)
class MunicipalityState:
    """One invited municipality of a round with its status, for the author's page."""

    name: str
    state: str

    @property
    def label(self):
        return STATE_LABELS[self.state]


def municipality_states(glance: Glance) -> list[MunicipalityState]:
    """The municipalities of ``glance`` in name order, each with its status."""
    return sorted(
        (
            MunicipalityState(name, state)
            for state, names in glance.by_state.items()
            for name in names
        ),
        key=lambda row: (row.name, row.state),
    )


@dataclass
class RoundGlance:
    """A round of a proposal on a meeting's document status: its number and its status
    at a glance."""

    pk: int
    number: int
    is_open: bool
    glance: Glance


def proposal_round_glances(
    proposal_ids: Iterable[int], *, today: dt.date | None = None
) -> dict[int, list[RoundGlance]]:
    """Per proposal, its open rounds and those closed in the last ``RECENT_ROUND_DAYS``
    days, by number, each with its status at a glance. One query for all proposals (a
    round always invites at least one municipality, so its invitations carry it)."""
    proposal_ids = set(proposal_ids)
    if not proposal_ids:
        return {}
    today = today or timezone.localdate()
    recent = timezone.now() - dt.timedelta(days=RECENT_ROUND_DAYS)
    rows = (
        ReviewInvitation.objects.filter(round__proposal_id__in=proposal_ids)
        .filter(Q(round__closed_at__isnull=True) | Q(round__closed_at__gte=recent))
        .order_by("round__number", "municipality__name")
        .values_list(
            "round__proposal_id",
            "round_id",
            "round__number",
            "round__deadline",
            "round__closed_at",
            "outcome",
            "municipality__name",
        )
    )
    rounds: dict[int, RoundGlance] = {}
    result: dict[int, list[RoundGlance]] = defaultdict(list)
    for proposal_id, round_id, number, deadline, closed_at, outcome, name in rows:
        if round_id not in rounds:
            rounds[round_id] = RoundGlance(
                pk=round_id, number=number, is_open=closed_at is None, glance=Glance(deadline)
            )
            result[proposal_id].append(rounds[round_id])
        rounds[round_id].glance.add(outcome, name, today)
    return dict(result)


def response_note_title(review_round: ReviewRound) -> str:
    """The response note's title (the PDF's metadata and the page's heading)."""
    return str(
        _("Response note to review round %(number)s on %(reference)s")
        % {"number": review_round.number, "reference": review_round.proposal.reference}
    )


def response_note_pdf(review_round: ReviewRound, *, municipality_id: int | None = None) -> bytes:
    """The response note of ``review_round`` as a tagged PDF/UA document in Dutch
    (``templates/pdf/review_response_note.html``; comment text autoescaped, like
    everywhere). Whoever calls it has checked that the reader may see it
    (``access.may_read_response_note``)."""
    title = response_note_title(review_round)
    return pdf.render_pdf(
        "pdf/review_response_note.html",
        {
            "round": review_round,
            "proposal": review_round.proposal,
            "rows": response_note_rows(review_round, municipality_id=municipality_id),
            "partial": municipality_id is not None,
            "generated_at": date_format(timezone.localtime(), "j F Y H:i"),
            "pdf_title": title,
        },
        title=title,
    )
