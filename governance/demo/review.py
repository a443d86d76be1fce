"""Co-reading in the demo (quick win 3 of the 2024 process proposal: "contactambtenaren
laten redigeren/meelezen op stukken — is nu ook opgestart voor de P&C-cyclus").

- 2024: the contact officials of all 18 municipalities co-read the Herstelplan Eigen
  Vermogen (a P&C document) before the BAO of June 2024; the round is closed, every
  comment answered, its response note attached to the proposal.
- This year: the P&C document of the season (on the agenda of the next AB) was co-read
  before its BAO; the round is finished and its response note travels in the next AB's
  pack.
- Now: a round on the cover note of the treasury statute (for the next DB) whose
  deadline has passed: several municipalities commented, some comments are answered, a
  suggestion was adopted into the cover note, two municipalities are late.

Rows are written as they would have been on the day (history rows dated then), like the
rest of the story; loading again finds them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext
from pypdf import PdfReader

from governance import deadlines
from governance.models import (
    CoverNote,
    CoverNoteSection,
    Document,
    DocumentVersion,
    Municipality,
    Proposal,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    RouteStep,
    User,
)
from governance.queries.days_off import organisation_days_off
from governance.queries.review import response_note_pdf
from governance.services.review import (
    response_note_document_title,
    response_note_is_confidential,
)

from .constants import REASON, TZ

S = CoverNoteSection
A = ReviewComment.Answer

# (municipality, section or None for general, text, suggestion, answer, reason)
CommentSpec = tuple[str, str | None, str, str, str, str]

RECOVERY_COMMENTS: list[CommentSpec] = [
    (
        "Gouda",
        S.FINANCIAL,
        "Graag per maatregel het bedrag per jaar opnemen, zodat de raad de ombuiging kan volgen.",
        "",
        A.ADOPTED,
        "De maatregelen zijn per jaar gekwantificeerd in versie 2 van het herstelplan.",
    ),
    (
        "Leiden",
        S.RISKS,
        "Het risico dat de tariefherziening tot minder afname van maatwerkproducten leidt, "
        "ontbreekt.",
        "",
        A.PARTLY,
        "Het risico is benoemd; een kwantificering volgt bij de eerste bestuursrapportage.",
    ),
    (
        "Alphen aan den Rijn",
        None,
        "Kan het herstelplan ook in de auditcommissie worden besproken vóór het DB?",
        "",
        A.ADOPTED,
        "",
    ),
    (
        "Katwijk",
        S.DECISION_POINTS,
        "Beslispunt 2 is te open geformuleerd.",
        "Het DB te verzoeken halfjaarlijks over de voortgang van het herstelplan te rapporteren.",
        A.NOT_ADOPTED,
        "De voortgang loopt mee in de bestuursrapportages; een aparte rapportage verzwaart "
        "de P&C-cyclus.",
    ),
]
REPORT_COMMENTS: list[CommentSpec] = [
    (
        "Leiden",
        S.FINANCIAL,
        "De loon- en prijscompensatie wijkt af van de circulaire; licht het verschil toe.",
        "",
        A.ADOPTED,
        "De toelichting is aangevuld in de financiële paragraaf.",
    ),
    (
        "Zuidplas",
        S.INTRODUCTION,
        "Noem in de inleiding de zienswijzetermijn voor de raden.",
        "",
        A.ADOPTED,
        "",
    ),
    (
        "Waddinxveen",
        None,
        "Wij missen een overzicht van de effecten per gemeente in euro's.",
        "",
        A.PARTLY,
        "De verdeling per gemeente staat in de bijlage; in de oplegger verwijzen we ernaar.",
    ),
]
TREASURY_COMMENTS: list[CommentSpec] = [
    (
        "Gouda",
        S.DECISION_POINTS,
        "Neem de ingangsdatum op in het beslispunt.",
        "Het geactualiseerde treasurystatuut vast te stellen met ingang van 1 januari.",
        A.ADOPTED,
        "",
    ),
    (
        "Leiden",
        S.RISKS,
        "Het renterisico bij de rekening-courant met de gemeenten is niet beschreven.",
        "",
        A.PARTLY,
        "Het renterisico is toegevoegd; de rekening-courantafspraken zelf blijven ongewijzigd.",
    ),
    (
        "Alphen aan den Rijn",
        S.LEGAL_BASIS,
        "Verwijs naar de Wet financiering decentrale overheden én de Regeling uitzettingen en "
        "derivaten decentrale overheden.",
        "",
        "",
        "",
    ),
    (
        "Katwijk",
        None,
        "Graag een vergelijking met het huidige statuut (wat verandert er precies?).",
        "",
        "",
        "",
    ),
]
# Who does not finish the current round in time.
LATE = ("Hillegom", "Noordwijk")


def _working_days(day: dt.date, n: int) -> dt.date:
    """``day`` moved by ``n`` working days (negative: back)."""
    days_off = organisation_days_off()
    if n >= 0:
        return deadlines.working_days_after(day, n, days_off=days_off)
    return deadlines.working_days_before(day, -n, days_off=days_off)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _save(obj, at: dt.datetime, user: User | None, reason: str = REASON) -> None:
    """Validate and save with a history row dated ``at``."""
    obj.full_clean()
    obj._change_reason = reason
    obj._history_date = at
    obj._history_user = user
    obj.save()


class CoReading:
    """Writes the demo's review rounds; ``attach`` adds a closed round's response note."""

    def __init__(self, summary, *, today: dt.date, attach: Callable[[ReviewRound], None]):
        self.summary = summary
        self.today = today
        self.attach = attach
        self.municipalities = {m.name: m for m in Municipality.objects.all()}
        self.users = {u.username: u for u in User.objects.filter(username__startswith="ca-")}
        self.secretariat = User.objects.get(username="secretariaat")
        self.author = User.objects.get(username="controller")

    def official(self, name: str) -> User:
        return self.users[f"ca-{slugify(name)}"]

    def load(self, *, recovery: Proposal, report: Proposal, treasury: Proposal) -> None:
        self._recovery(recovery)
        self._report(report)
        self._treasury(treasury)

    # --- the rounds -----------------------------------------------------------------------

    def _round(
        self,
        proposal: Proposal,
        *,
        opened: dt.date,
        working_days: int,
        question: str,
        before_code: str | None,
        versions: list[DocumentVersion],
    ) -> tuple[ReviewRound, bool]:
        existing = ReviewRound.objects.filter(proposal=proposal, number=1).first()
        if existing is not None:
            return existing, False
        before = (
            RouteStep.objects.filter(proposal=proposal, body__code=before_code)
            .order_by("position")
            .first()
            if before_code
            else None
        )
        review_round = ReviewRound(
            proposal=proposal,
            number=1,
            question=question,
            includes_cover_note=CoverNote.objects.filter(proposal=proposal).exists(),
            deadline=_working_days(opened, working_days),
            before_step=before,
            opened_by=self.secretariat,
            opened_at=_at(opened, 9),
        )
        _save(review_round, review_round.opened_at, self.secretariat)
        review_round.versions.set(versions)
        for municipality in self.municipalities.values():
            _save(
                ReviewInvitation(round=review_round, municipality=municipality),
                review_round.opened_at,
                self.secretariat,
            )
        self.summary.add("review rounds", True)
        return review_round, True

    def _comments(
        self, review_round: ReviewRound, specs: list[CommentSpec], *, answered_on: dt.date | None
    ) -> None:
        opened = review_round.opened_at.date()
        for index, (name, section, text, suggestion, answer, reason) in enumerate(specs):
            written = _at(_working_days(opened, 1 + index % 4), 10 + index % 6)
            comment = ReviewComment(
                round=review_round,
                municipality=self.municipalities[name],
                author=self.official(name),
                anchor=ReviewComment.Anchor.SECTION if section else ReviewComment.Anchor.GENERAL,
                section=section or "",
                text=text,
                suggestion=suggestion,
                created_at=written,
            )
            _save(comment, written, comment.author)
            self.summary.add("review comments", True)
            if answer and answered_on is not None:
                at = _at(answered_on, 14, index)
                comment.answer = answer
                comment.answer_reason = reason
                comment.answered_by = self.author
                comment.answered_at = at
                _save(comment, at, self.author)
                if suggestion and answer == A.ADOPTED:
                    self._adopt(comment, at)

    def _adopt(self, comment: ReviewComment, at: dt.datetime) -> None:
        """The suggestion written into the cover note, as the answer service does."""
        cover_note = CoverNote.objects.get(proposal=comment.round.proposal)
        setattr(cover_note, S(comment.section).suggestion_field, comment.suggestion)
        reason = (
            f"Suggestie van {comment.municipality.name} overgenomen (ronde {comment.round.number})"
        )
        _save(cover_note, at, self.author, reason)  # the reason the answer service writes

    def _finish(self, review_round: ReviewRound, *, late: tuple[str, ...] = ()) -> None:
        """Every municipality but ``late`` finishes: with remarks when it commented,
        without otherwise, by the deadline."""
        commented = set(
            ReviewComment.objects.filter(round=review_round).values_list(
                "municipality__name", flat=True
            )
        )
        deadline = review_round.deadline
        for index, invitation in enumerate(
            review_round.invitations.select_related("municipality").order_by("municipality__name")
        ):
            name = invitation.municipality.name
            if name in late or invitation.is_finished:
                continue
            at = _at(_working_days(deadline, -(index % 3)), 11 + index % 5)
            invitation.outcome = (
                ReviewInvitation.Outcome.REMARKS
                if name in commented
                else ReviewInvitation.Outcome.NO_REMARKS
            )
            invitation.finished_at = at
            invitation.finished_by = self.official(name)
            _save(invitation, at, invitation.finished_by)

    def _close(self, review_round: ReviewRound, on: dt.date) -> None:
        review_round.closed_at = _at(on, 9)
        _save(review_round, review_round.closed_at, self.secretariat)

    def _current(self, proposal: Proposal) -> list[DocumentVersion]:
        return list(
            DocumentVersion.objects.filter(
                document__proposal=proposal, pk__in=proposal.documents.values("current_version")
            )
        )

    def _recovery(self, proposal: Proposal) -> None:
        bao = proposal.steps.get(body__code="BAO").meeting
        meeting_day = bao.starts_at.date() if bao else dt.date(2024, 6, 5)
        opened = _working_days(meeting_day, -20)
        first = list(DocumentVersion.objects.filter(document__proposal=proposal, number=1))
        review_round, created = self._round(
            proposal,
            opened=opened,
            working_days=10,
            question="Wilt u het herstelplan lezen met de blik van uw raad: zijn de maatregelen "
            "en hun effect op de gemeentelijke bijdrage duidelijk?",
            before_code="BAO",
            versions=first,
        )
        if not created:
            return
        closed_on = _working_days(review_round.deadline, 1)
        self._comments(review_round, RECOVERY_COMMENTS, answered_on=closed_on)
        self._finish(review_round)
        self._close(review_round, closed_on)
        # The quantified second version answers the round (the Auditcommissie asked too).
        DocumentVersion.objects.filter(document__proposal=proposal, number=2).update(
            answers_round=review_round
        )
        self.attach(review_round)

    def _report(self, proposal: Proposal) -> None:
        bao = proposal.steps.filter(body__code="BAO").first()
        if bao and bao.meeting and bao.meeting.starts_at.date() <= self.today:
            meeting_day = bao.meeting.starts_at.date()
        else:
            meeting_day = _working_days(self.today, -5)
        opened = _working_days(meeting_day, -15)
        review_round, created = self._round(
            proposal,
            opened=opened,
            working_days=10,
            question="Meelezen P&C-document: sluit de planning aan op de besluitvorming in uw "
            "raad?",
            before_code="BAO",
            versions=self._current(proposal),
        )
        if not created:
            return
        closed_on = min(_working_days(review_round.deadline, 1), self.today)
        self._comments(review_round, REPORT_COMMENTS, answered_on=closed_on)
        self._finish(review_round)
        self._close(review_round, closed_on)
        self.attach(review_round)

    def _treasury(self, proposal: Proposal) -> None:
        opened = _working_days(self.today, -15)
        review_round, created = self._round(
            proposal,
            opened=opened,
            working_days=10,
            question="Conceptoplegger treasurystatuut: graag uw opmerkingen en tekstvoorstellen "
            "vóór de BAO.",
            before_code="BAO",
            versions=self._current(proposal),
        )
        if not created:
            return
        self._comments(
            review_round, TREASURY_COMMENTS, answered_on=_working_days(review_round.deadline, 2)
        )
        self._finish(review_round, late=LATE)


def attach_response_note(review_round: ReviewRound) -> None:
    """The response note of a closed, fully answered round, attached to its proposal as
    the secretariat does: a response-note document whose version answers the round."""
    proposal = review_round.proposal
    if review_round.response_notes().exists():
        return
    attach_pdf(
        proposal,
        kind=Document.Kind.RESPONSE_NOTE,
        title=response_note_document_title(review_round),
        content=response_note_pdf(review_round),
        at=review_round.closed_at or review_round.opened_at,
        file_name=f"reactienota-{proposal.reference}-ronde-{review_round.number}.pdf",
        note=gettext("Response note to the comments of round %(number)s")
        % {"number": review_round.number},
        confidential=response_note_is_confidential(review_round),
        answers_round=review_round,
    )


def attach_pdf(
    proposal: Proposal,
    *,
    kind: str,
    title: str,
    content: bytes,
    at: dt.datetime,
    file_name: str,
    note: str,
    confidential: bool = False,
    answers_round: ReviewRound | None = None,
) -> Document:
    """A rendered PDF attached to ``proposal`` as a document of one version, uploaded by
    the secretariat at ``at``. Written directly, like the demo's other documents
    (``Story.document``): the upload service runs its own durable transaction, and the
    demo loads inside one. Used for the response note and for the apps' documents (the
    councils' views, ``pcycle/demo.py``)."""
    document = Document(
        proposal=proposal,
        kind=kind,
        title=title,
        is_confidential=confidential,
        delivered_at=at,
    )
    document._change_reason = REASON  # type: ignore[attr-defined]  # simple_history
    document.save()
    version = DocumentVersion(
        document=document,
        number=1,
        original_name=file_name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=len(PdfReader(io.BytesIO(content)).pages),
        note=note,
        uploaded_by=User.objects.get(username="secretariaat"),
        uploaded_at=at,
        answers_round=answers_round,
    )
    version.file.save(file_name, ContentFile(content), save=False)
    version._change_reason = REASON  # type: ignore[attr-defined]  # simple_history
    version.save()
    document.current_version = version
    document._change_reason = REASON  # type: ignore[attr-defined]  # simple_history
    document.save(update_fields=["current_version"])
    return document
