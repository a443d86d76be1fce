"""The governance work of the demo: the seed's 2024 story and the current year.

2024 (from the seed): the process proposal after the theme session of 14 February
with its development programme of five tracks; the DB decision of 14 March on the
external review and the written procedure of DB and audit committee on its draft
assignment; the recovery plan for the equity routed BAO → AC → DB → AB 10 July; the
progress report at AB 10 July and the evaluation at AB 18 December.

The current year (relative to the day the demo is loaded): proposals on their way to
the next AB and DB meetings, their deadlines planned backwards, with documents on
time, late and missing, decisions of the last DB meeting and open and overdue actions.

Like the rest of the demo, every row is found by its natural key and only created
when missing, so loading twice changes nothing. Rows are written directly (the demo
is history, not a user's act); each save still leaves a history row ("Demodata").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from pypdf import PdfReader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from governance import deadlines, tally
from governance.extensions import load_demo_extensions
from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Body,
    Confidentiality,
    CoverNote,
    Decision,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    Programme,
    Proposal,
    RouteStep,
    RouteTemplate,
    RouteTemplateStep,
    StepPurpose,
    Track,
    User,
    Vote,
    WrittenResponse,
)
from governance.queries.days_off import organisation_days_off
from governance.services.packs import packs_request

from .calendar import next_meetings
from .constants import REASON, TZ
from .pdf import simple_pdf
from .review import CoReading, attach_response_note

MINUTES_ITEM = "Verslag en actielijst van de vorige vergadering"
ADVISE, DECIDE, INFORM = StepPurpose.ADVISE, StepPurpose.DECIDE, StepPurpose.INFORM
R = RouteStep.Outcome

ROUTE_TEMPLATES = [
    (
        "P&C-document: BAO → Auditcommissie → DB → AB",
        [("BAO", ADVISE), ("AC", ADVISE), ("DB", ADVISE), ("AB", DECIDE)],
    ),
    ("Besluit AB: BAO → DB → AB", [("BAO", ADVISE), ("DB", ADVISE), ("AB", DECIDE)]),
    ("Besluit DB: BAO → DB", [("BAO", ADVISE), ("DB", DECIDE)]),
    ("Ter informatie: DB → AB", [("DB", INFORM), ("AB", INFORM)]),
]

TRACKS = [
    (
        1,
        "Planning & Control-cyclus verbeteren",
        "Een betrouwbare P&C-cyclus die aansluit op DB en AB, met een continue "
        "informatiestroom; quick wins voor de zomer van 2024 geïmplementeerd.",
        "controller",
        Track.Status.ON_TRACK,
    ),
    (
        2,
        "Doorlichting Hecht",
        "Een externe partij licht producten en financieringsstromen door op kosten, baten, "
        "kwaliteit en risico's, en stelt een nieuw financieel model op. Eindrapport in het AB "
        "van 18 december 2024.",
        "directeur",
        Track.Status.DONE,
    ),
    (
        3,
        "Herstelplan Eigen Vermogen",
        "Het weerstandsvermogen weer boven de ondergrens van € 3 mln brengen (nota Reserves "
        "en Voorzieningen 2022).",
        "controller",
        Track.Status.AT_RISK,
    ),
    (
        4,
        "Takendialoog – vervolg met gemeenteraden",
        "De gemeenteraden een plek geven in de takendialoog; het AB kiest een scenario en "
        "maakt afspraken over de routing.",
        "directeur",
        Track.Status.ON_TRACK,
    ),
    (
        5,
        "Ketendialoog",
        "Met de ketenpartners de grijze gebieden in de taakverdeling aanpakken, met regie bij "
        "de gemeenten (voorkeursoptie Hecht).",
        "directeur",
        Track.Status.DELAYED,
    ),
]

# Tracks at risk or delayed carry their explanation (the service requires one).
TRACK_NOTES = {
    3: "Het weerstandsvermogen groeit langzamer dan gepland: de tariefherziening gaat pas in "
    "2026 in. De Auditcommissie volgt de stand per kwartaal.",
    5: "De gesprekken per gemeente over de grijze gebieden in de keten lopen vertraging op; "
    "nog niet alle gemeenten hebben een contactpersoon aangewezen.",
}


def pc_document(ab_day: dt.date) -> tuple[str, str, str]:
    """The P&C document the next AB decides on, by the season of the P&C cycle:
    (title, summary, decision points)."""
    year = ab_day.year
    if ab_day.month <= 4:
        return (
            f"Kaderbrief {year + 1}",
            f"De financiële en beleidsmatige kaders voor de begroting {year + 1}, met de "
            "voorlopige jaarrekening op tijd naar de gemeenteraden (Wgr art. 34b).",
            f"De kaderbrief {year + 1} vast te stellen.\nDe kaderbrief en de voorlopige "
            "jaarrekening aan de gemeenteraden te zenden.",
        )
    if ab_day.month <= 7:
        return (
            f"Begroting {year + 1} en jaarstukken {year - 1}",
            f"De begroting {year + 1} met de zienswijzen van de gemeenteraden, en de "
            f"jaarstukken {year - 1} met de controleverklaring van de accountant.",
            f"De begroting {year + 1} vast te stellen.\nDe jaarstukken {year - 1} vast te "
            "stellen en het resultaat te bestemmen.",
        )
    if ab_day.month <= 10:
        return (
            f"Eerste bestuursrapportage {year}",
            "De eerste bestuursrapportage met de prognose van het resultaat en het "
            "weerstandsvermogen.",
            f"De eerste bestuursrapportage {year} vast te stellen.",
        )
    return (
        f"Tweede bestuursrapportage {year}",
        "De tweede bestuursrapportage met de prognose van het resultaat en het "
        "weerstandsvermogen, en een begrotingswijziging voor de structurele tekorten.",
        f"De tweede bestuursrapportage {year} vast te stellen.\nDe begrotingswijziging "
        f"{year + 1} vast te stellen en de gemeenteraden om een zienswijze te vragen.",
    )


# One subject of the month per body for the ordinary meetings of the demo calendar.
ROUTINE_SUBJECTS = {
    "AB": {
        3: "Regionaal gezondheidsbeleid: uitvoeringsprogramma",
        7: "Benoeming accountant voor de jaren {next} tot en met {after}",
        10: "Dienstverleningsovereenkomsten met de gemeenten {next}",
        12: "Vergaderschema {next} van het algemeen bestuur",
    },
    "DB": {
        1: "Jaarplan arbeidsomstandigheden {year}",
        2: "Mandaat voor het cao-overleg {year}",
        3: "Ontwerp van de kaderbrief {next}",
        4: "Concept-jaarstukken {prev}",
        5: "Ontwerpbegroting {next}",
        6: "Reactie op de zienswijzen over de begroting {next}",
        7: "Informatiebeveiligingsbeleid {year}",
        9: "Treasuryverslag eerste halfjaar {year}",
        10: "Inkoop vaccins voor het vaccinatieprogramma {next}",
        11: "Controleprotocol van de accountant {year}",
        12: "Mandaatregister {next}",
    },
    "BAO": {
        1: "Werkagenda BAO {year}",
        2: "Uitvoering jeugdgezondheidszorg: monitor {prev}",
        3: "Voorbereiding kaderbrief {next}",
        4: "Concept-jaarstukken {prev}: ambtelijke toelichting",
        5: "Ontwerpbegroting {next}: ambtelijke toelichting",
        6: "Zienswijzen van de gemeenten op de begroting {next}",
        7: "Planning P&C-documenten tweede halfjaar {year}",
        9: "Ketensamenwerking bij infectieziektebestrijding",
        10: "Dienstverleningsovereenkomsten {next}: ambtelijke afstemming",
        11: "Bestuursrapportage {year}: ambtelijke toelichting",
        12: "Werkagenda BAO {next}",
    },
    "AC": {
        2: "Auditplan en controleprotocol {year}",
        5: "Jaarstukken {prev} en het accountantsverslag",
        9: "Managementletter van de accountant {year}",
        11: "Risicoprofiel en weerstandsvermogen {year}",
    },
}


def routine_subject(code: str, day: dt.date) -> tuple[str, str]:
    """(title, summary) of the subject of an ordinary meeting of body ``code`` on ``day``."""
    subjects = ROUTINE_SUBJECTS[code]
    month = day.month if day.month in subjects else min(subjects, key=lambda m: abs(m - day.month))
    values = {"year": day.year, "prev": day.year - 1, "next": day.year + 1, "after": day.year + 4}
    title = subjects[month].format(**values)
    return title, f"{title}: voorstel van de directie aan het {code} (demo)."


def ordinary_agenda(subjects: list[tuple]) -> list[tuple]:
    """The entries (title, kind, route step, requires documents) of an ordinary meeting:
    opening, minutes, announcements, ``subjects``, closing."""
    return [
        ("Opening en vaststelling van de agenda", AgendaItem.Kind.FORMAL, None, False),
        (MINUTES_ITEM, AgendaItem.Kind.DECISION, None, True),
        ("Mededelingen", AgendaItem.Kind.INFORMATION, None, False),
        *subjects,
        ("Rondvraag en sluiting", AgendaItem.Kind.FORMAL, None, False),
    ]


def _day_label(meeting: Meeting) -> str:
    return f"{meeting.starts_at.day}-{meeting.starts_at.month}-{meeting.starts_at.year}"


def get_or_create(model, summary, kind: str, lookup: dict, defaults: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj
    obj = model(**lookup, **defaults)
    obj._change_reason = REASON
    obj.full_clean()
    obj.save()
    summary.add(kind, True)
    return obj


def _meeting(code: str, day: dt.date, kind: str = Meeting.Kind.REGULAR) -> Meeting:
    return Meeting.objects.select_related("body").get(
        body__code=code, kind=kind, starts_at__date=day
    )


def _deadline(meeting: Meeting) -> dt.datetime:
    return deadlines.document_deadline(
        meeting.starts_at,
        meeting.body.document_lead_days,
        settings.HECHT_DOCUMENT_DEADLINE_TIME,
        days_off=organisation_days_off(),
    )


def _shift(moment: dt.datetime, working_days: int) -> dt.datetime:
    """``moment`` moved by whole working days (negative: earlier), same time of day."""
    day = moment.date()
    step = 1 if working_days > 0 else -1
    days_off = organisation_days_off()
    for _ in range(abs(working_days)):
        day += dt.timedelta(days=step)
        while not days_off.is_working_day(day):
            day += dt.timedelta(days=step)
    return moment.replace(year=day.year, month=day.month, day=day.day)


class Story:
    def __init__(self, summary, *, today: dt.date, now: dt.datetime):
        self.summary = summary
        self.today = today
        self.now = now
        self.users = {u.username: u for u in User.objects.all()}
        self.bodies = {b.code: b for b in Body.objects.all()}

    # --- building blocks ------------------------------------------------------------

    def route_templates(self) -> dict[str, RouteTemplate]:
        templates = {}
        for order, (name, steps) in enumerate(ROUTE_TEMPLATES, start=1):
            template = get_or_create(
                RouteTemplate, self.summary, "route templates", {"name": name}, {"order": order}
            )
            for position, (code, purpose) in enumerate(steps, start=1):
                get_or_create(
                    RouteTemplateStep,
                    self.summary,
                    "route template steps",
                    {"template": template, "position": position},
                    {"body": self.bodies[code], "purpose": purpose},
                )
            templates[name] = template
        return templates

    def proposal(self, reference: str, *, template: RouteTemplate | None, steps, **fields):
        """A proposal with its route; ``steps`` = [(body code, purpose, meeting|None,
        outcome, outcome note)]."""
        proposal = get_or_create(
            Proposal,
            self.summary,
            "proposals",
            {"reference": reference},
            {"route_template": template, "created_by": self.users["secretariaat"], **fields},
        )
        for position, (code, purpose, meeting, outcome, note) in enumerate(steps, start=1):
            get_or_create(
                RouteStep,
                self.summary,
                "route steps",
                {"proposal": proposal, "position": position},
                {
                    "body": self.bodies[code],
                    "purpose": purpose,
                    "meeting": meeting,
                    "outcome": outcome,
                    "outcome_note": note,
                },
            )
        return proposal

    def agenda(self, meeting: Meeting, entries: list[tuple]) -> dict[str, AgendaItem]:
        """Agenda items in order; an entry is (title, kind, route step or None,
        requires documents). Confidentiality follows the proposal."""
        items = {}
        for order, (title, kind, step, requires_documents) in enumerate(entries, start=1):
            proposal = step.proposal if step else None
            # A step has one open item: found by its step, the item is
            # kept as people left it (renamed, renumbered) instead of being created twice.
            existing = (
                AgendaItem.objects.filter(route_step=step, carried_over=False).first()
                if step
                else None
            )
            if existing is not None:
                items[title] = existing
                continue
            items[title] = get_or_create(
                AgendaItem,
                self.summary,
                "agenda items",
                {"meeting": meeting, "title": title},
                {
                    "route_step": step,
                    "order": order,
                    "number": str(order),
                    "kind": kind,
                    "confidentiality": proposal.confidentiality
                    if proposal
                    else Confidentiality.PUBLIC,
                    "woo_ground": proposal.woo_ground if proposal else "",
                    "requires_documents": requires_documents,
                },
            )
        return items

    def standard_agenda(self, meeting: Meeting, steps: list[tuple[str, str, RouteStep]]):
        """Opening, minutes and announcements, the proposals, closing."""
        item_kind: dict[str, str] = {
            DECIDE: AgendaItem.Kind.DECISION,
            ADVISE: AgendaItem.Kind.DISCUSSION,
            INFORM: AgendaItem.Kind.INFORMATION,
        }
        subjects = [(title, item_kind[step.purpose], step, True) for title, _kind, step in steps]
        return self.agenda(meeting, ordinary_agenda(subjects))

    def document(
        self,
        *,
        title: str,
        kind: str,
        delivered_at: dt.datetime,
        text: list[str],
        proposal: Proposal | None = None,
        item: AgendaItem | None = None,
        uploader: str = "secretariaat",
        confidential: bool = False,
        later_versions: tuple[tuple[dt.datetime, str], ...] = (),
    ) -> Document:
        document = get_or_create(
            Document,
            self.summary,
            "documents",
            {"proposal": proposal, "agenda_item": item, "title": title},
            {"kind": kind, "delivered_at": delivered_at, "is_confidential": confidential},
        )
        versions = [(delivered_at, ""), *later_versions]
        for number, (uploaded_at, note) in enumerate(versions, start=1):
            if document.versions.filter(number=number).exists():
                continue
            heading = f"Versie {number}: {note}" if note else f"Versie {number}"
            body = [heading, *text]
            content = simple_pdf(title, body, footer="GR Hecht – demodocument")
            version = DocumentVersion(
                document=document,
                number=number,
                original_name=f"{title[:60]} v{number}.pdf".replace("/", "-"),
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                page_count=len(PdfReader(io.BytesIO(content)).pages),
                note=note,
                uploaded_by=self.users[uploader],
                uploaded_at=uploaded_at,
            )
            version.file.save("demo.pdf", ContentFile(content), save=False)
            version._change_reason = "Demodata"  # type: ignore[attr-defined]  # simple_history
            version.save()
            self.summary.add("document versions", True)
            document.current_version = version
            document._change_reason = "Demodata"
            document.save(update_fields=["current_version"])
        return document

    def decision(self, item: AgendaItem, outcome: str, text: str, votes=None) -> Decision:
        body = item.meeting.body
        snapshot = (
            {
                "weight_total": sum(weight for *_rest, weight in votes),
                "quorum_percent": body.quorum_percent,
                "majority_percent": body.majority_percent,
                "majority_base": body.majority_base,
                "head_quorum": body.head_quorum,
                "heads_present": len(votes),
                "heads_total": len(votes),
            }
            if votes
            else {}
        )
        decision = get_or_create(
            Decision,
            self.summary,
            "decisions",
            {"agenda_item": item},
            {
                "outcome": outcome,
                "text": text,
                "votes_recorded": bool(votes),
                "recorded_by": self.users["secretariaat"],
                **snapshot,
            },
        )
        for voter, municipality, choice, weight in votes or ():
            get_or_create(
                Vote,
                self.summary,
                "votes",
                {"decision": decision, "voter": voter},
                {"municipality": municipality, "choice": choice, "weight": weight},
            )
        return decision

    def ab_votes(self, meeting: Meeting, against: set[str], abstain: set[str]):
        """Every AB member votes, weighted by population (the demo's AB setting)."""
        body = meeting.body
        memberships = (
            Membership.objects.active_on(meeting.starts_at.date())
            .filter(body=body, role__in=[Membership.Role.CHAIR, Membership.Role.MEMBER])
            .select_related("user", "municipality")
        )
        votes = []
        for membership in memberships:
            if membership.municipality is None:  # every demo seat represents a municipality
                raise ValueError(f"Demo seat {membership} has no municipality")
            name = membership.municipality.name
            choice = "against" if name in against else "abstain" if name in abstain else "for"
            weight = tally.member_weight(
                body.weighting,
                fixed_weight=membership.vote_weight,
                population=membership.municipality.population,
            )
            votes.append((membership.user, membership.municipality, choice, weight))
        result = tally.tally(
            [tally.Ballot(weight, choice) for *_rest, choice, weight in votes],
            rule=tally.Rule(
                body.quorum_percent, body.majority_percent, body.majority_base, body.head_quorum
            ),
            weight_total=sum((w for *_rest, w in votes), Decimal(0)),
            heads_total=len(votes),
        )
        if not result.adopted:
            raise RuntimeError("the demo's votes must carry the decision")
        return votes

    def action(self, description: str, **fields) -> Action:
        notes = fields.pop("notes", ())
        action = get_or_create(
            Action,
            self.summary,
            "actions",
            {"description": description},
            {"created_by": self.users["secretariaat"], **fields},
        )
        for day, text, author in notes:
            get_or_create(
                ActionNote,
                self.summary,
                "progress notes",
                {"action": action, "date": day, "text": text},
                {"author": self.users[author]},
            )
        return action

    def done_action(
        self, description: str, *, due: dt.date, closed: dt.date | None = None, **fields
    ):
        """An action of the seed's story that was completed (on its due date by default)."""
        return self.action(
            description,
            due_date=due,
            status=Action.Status.DONE,
            closed_on=closed or due,
            **fields,
        )

    # --- 2024, from the seed ----------------------------------------------------------

    def programme(self) -> dict[int, Track]:
        programme = get_or_create(
            Programme,
            self.summary,
            "programmes",
            {"name": "Ontwikkelagenda Hecht 2024–2026"},
            {
                "start_date": dt.date(2024, 2, 14),
                "end_date": dt.date(2026, 12, 31),
                "description": "Vervolg op de bestuurlijke dialoog van 1 november 2023 en de "
                "themabijeenkomst van 14 februari 2024: bewuste keuzes over het takenportfolio "
                "en het budget in de begroting voor het overbruggingsjaar 2026.",
            },
        )
        return {
            number: get_or_create(
                Track,
                self.summary,
                "tracks",
                {"programme": programme, "number": number},
                {
                    "title": title,
                    "goal": goal,
                    "owner": self.users[owner],
                    "status": status,
                    "status_note": TRACK_NOTES.get(number, ""),
                },
            )
            for number, title, goal, owner, status in TRACKS
        }

    def seed_2024(self, templates, tracks) -> None:
        ab_jul, ab_dec = _meeting("AB", dt.date(2024, 7, 10)), _meeting("AB", dt.date(2024, 12, 18))
        db_mar = _meeting("DB", dt.date(2024, 3, 14))
        bao_jun, ac_jun = (
            _meeting("BAO", dt.date(2024, 6, 20)),
            _meeting("AC", dt.date(2024, 6, 25)),
        )
        db_jun = _meeting("DB", dt.date(2024, 6, 27))
        ac_nov, bao_dec = (
            _meeting("AC", dt.date(2024, 11, 18)),
            _meeting("BAO", dt.date(2024, 12, 3)),
        )
        db_dec = _meeting("DB", dt.date(2024, 12, 5))
        db_written = _meeting("DB", dt.date(2024, 3, 25), Meeting.Kind.WRITTEN)
        ac_written = _meeting("AC", dt.date(2024, 3, 25), Meeting.Kind.WRITTEN)
        director, controller = self.users["directeur"], self.users["controller"]

        process = self.proposal(
            "VS-2024-001",
            template=templates["Besluit AB: BAO → DB → AB"],
            steps=[
                (
                    "DB",
                    ADVISE,
                    db_mar,
                    R.ADVISED_POSITIVE,
                    "Ingestemd met het voorstel voor de doorlichting (Ad 2).",
                ),
                ("AB", DECIDE, ab_jul, R.DECIDED, ""),
            ],
            title="Procesvoorstel n.a.v. themabijeenkomst Opdrachtgeverschap en takendialoog",
            summary="Van de secretaris aan het AB: de trajecten richting de begroting 2026 — "
            "P&C-cyclus verbeteren, doorlichting Hecht, herstelplan eigen vermogen, takendialoog "
            "met de gemeenteraden en ketendialoog.",
            kind=Proposal.Kind.DECISION,
            owner=director,
            status=Proposal.Status.DECIDED,
        )
        review = self.proposal(
            "VS-2024-002",
            template=None,
            steps=[
                ("DB", DECIDE, db_written, R.DECIDED, ""),
                (
                    "AC",
                    ADVISE,
                    ac_written,
                    R.ADVISED_REMARKS,
                    "Aandacht voor de betrokkenheid van gemeenten.",
                ),
            ],
            title="Conceptopdracht externe doorlichting Hecht",
            summary="Opdracht aan een externe partij: financiële huishouding op productniveau, "
            "impact voor inwoners en gemeenten, risico's bij staken of veranderen van diensten, "
            "en een nieuw financieel model. Start 1 mei 2024, eindrapport AB 18 december 2024.",
            kind=Proposal.Kind.DECISION,
            owner=director,
            track=tracks[2],
            status=Proposal.Status.DECIDED,
        )
        recovery = self.proposal(
            "VS-2024-003",
            template=templates["P&C-document: BAO → Auditcommissie → DB → AB"],
            steps=[
                ("BAO", ADVISE, bao_jun, R.ADVISED_POSITIVE, ""),
                ("AC", ADVISE, ac_jun, R.ADVISED_REMARKS, "Maatregelen per jaar kwantificeren."),
                ("DB", ADVISE, db_jun, R.ADVISED_POSITIVE, ""),
                ("AB", DECIDE, ab_jul, R.DECIDED, ""),
            ],
            title="Herstelplan Eigen Vermogen",
            summary="Na de afgekeurde 1e begrotingswijziging 2023 zakt het eigen vermogen onder "
            "de grens van € 3 mln. Het herstelplan beschrijft de maatregelen om weer op de "
            "gewenste hoogte van het weerstandsvermogen te komen.",
            kind=Proposal.Kind.DECISION,
            owner=controller,
            track=tracks[3],
            status=Proposal.Status.DECIDED,
        )
        progress = self.proposal(
            "VS-2024-004",
            template=None,
            steps=[
                ("BAO", INFORM, bao_jun, R.NOTED, ""),
                ("AC", INFORM, ac_jun, R.NOTED, ""),
                ("AB", INFORM, ab_jul, R.NOTED, ""),
            ],
            title="Voortgangsrapportage quick wins P&C-cyclus",
            kind=Proposal.Kind.INFORMATION,
            owner=controller,
            track=tracks[1],
            status=Proposal.Status.DECIDED,
        )
        evaluation = self.proposal(
            "VS-2024-005",
            template=None,
            steps=[
                ("AC", INFORM, ac_nov, R.NOTED, ""),
                ("BAO", INFORM, bao_dec, R.NOTED, ""),
                ("AB", INFORM, ab_dec, R.NOTED, ""),
            ],
            title="Evaluatie quick wins P&C-cyclus",
            kind=Proposal.Kind.INFORMATION,
            owner=controller,
            track=tracks[1],
            status=Proposal.Status.DECIDED,
        )
        final_report = self.proposal(
            "VS-2024-006",
            template=templates["Ter informatie: DB → AB"],
            steps=[
                ("DB", INFORM, db_dec, R.NOTED, ""),
                ("AB", INFORM, ab_dec, R.NOTED, ""),
            ],
            title="Eindrapport externe doorlichting Hecht",
            kind=Proposal.Kind.DISCUSSION,
            owner=director,
            track=tracks[2],
            status=Proposal.Status.DECIDED,
        )
        steps = {
            p.reference: list(p.steps.order_by("position"))
            for p in (process, review, recovery, progress, evaluation, final_report)
        }

        # Agendas of the 2024 meetings.
        db_mar_items = self.standard_agenda(
            db_mar,
            [
                (
                    "Procesvoorstel takendialoog: opdracht externe doorlichting",
                    "",
                    steps["VS-2024-001"][0],
                )
            ],
        )
        self.decision(
            db_mar_items["Procesvoorstel takendialoog: opdracht externe doorlichting"],
            Decision.Outcome.ADOPTED,
            "Het DB stemt in met het voorstel een externe partij opdracht te geven voor de "
            "doorlichting; het opdrachtgeverschap ligt bij het DB, de operationele uitvoering "
            "wordt gedelegeerd aan de directie. De directie zorgt dat het onderzoek begin mei "
            "kan starten; de conceptopdracht gaat in een schriftelijke ronde naar DB en "
            "Auditcommissie.",
        )
        for meeting, step in (
            (db_written, steps["VS-2024-002"][0]),
            (ac_written, steps["VS-2024-002"][1]),
        ):
            items = self.agenda(
                meeting,
                [
                    (
                        "Conceptopdracht externe doorlichting Hecht",
                        AgendaItem.Kind.DECISION,
                        step,
                        True,
                    )
                ],
            )
            item = items["Conceptopdracht externe doorlichting Hecht"]
            self.written_round(
                item, remarks_by={"GM1892", ""} if meeting.body.code == "DB" else {""}
            )
        bao_items = self.standard_agenda(
            bao_jun,
            [
                ("Herstelplan Eigen Vermogen", "", steps["VS-2024-003"][0]),
                ("Voortgangsrapportage quick wins P&C-cyclus", "", steps["VS-2024-004"][0]),
            ],
        )
        ac_items = self.standard_agenda(
            ac_jun,
            [
                ("Herstelplan Eigen Vermogen", "", steps["VS-2024-003"][1]),
                ("Voortgangsrapportage quick wins P&C-cyclus", "", steps["VS-2024-004"][1]),
            ],
        )
        db_items = self.standard_agenda(
            db_jun, [("Herstelplan Eigen Vermogen", "", steps["VS-2024-003"][2])]
        )
        ab_items = self.standard_agenda(
            ab_jul,
            [
                ("Procesvoorstel takendialoog en ontwikkelagenda", "", steps["VS-2024-001"][1]),
                ("Herstelplan Eigen Vermogen", "", steps["VS-2024-003"][3]),
                ("Voortgangsrapportage quick wins P&C-cyclus", "", steps["VS-2024-004"][2]),
            ],
        )
        self.decision(
            bao_items["Herstelplan Eigen Vermogen"],
            Decision.Outcome.ADOPTED,
            "Het BAO adviseert positief over het herstelplan.",
        )
        self.decision(
            ac_items["Herstelplan Eigen Vermogen"],
            Decision.Outcome.ADOPTED_AMENDED,
            (
                "De Auditcommissie adviseert positief, met het verzoek de maatregelen per "
                "jaar te kwantificeren."
            ),
        )
        self.decision(
            db_items["Herstelplan Eigen Vermogen"],
            Decision.Outcome.ADOPTED,
            "Het DB legt het herstelplan ter besluitvorming voor aan het AB.",
        )
        self.decision(
            ab_items["Procesvoorstel takendialoog en ontwikkelagenda"],
            Decision.Outcome.ADOPTED,
            "Het AB stemt in met het procesvoorstel en de ontwikkelagenda met vijf sporen; voor "
            "de takendialoog met de raden kiest het AB scenario 1 (colleges in gesprek met hun "
            "gemeenteraden), voor de ketendialoog scenario 1 (regie bij gemeenten).",
        )
        self.decision(
            ab_items["Herstelplan Eigen Vermogen"],
            Decision.Outcome.ADOPTED,
            "Het AB stelt het herstelplan Eigen Vermogen vast.",
            votes=self.ab_votes(ab_jul, against={"Zoeterwoude"}, abstain={"Hillegom"}),
        )
        self.decision(
            ab_items["Voortgangsrapportage quick wins P&C-cyclus"],
            Decision.Outcome.NOTED,
            "Het AB neemt kennis van de voortgangsrapportage.",
        )
        self.standard_agenda(
            ac_nov, [("Evaluatie quick wins P&C-cyclus", "", steps["VS-2024-005"][0])]
        )
        self.standard_agenda(
            bao_dec, [("Evaluatie quick wins P&C-cyclus", "", steps["VS-2024-005"][1])]
        )
        self.standard_agenda(
            db_dec, [("Eindrapport externe doorlichting Hecht", "", steps["VS-2024-006"][0])]
        )
        ab_dec_items = self.standard_agenda(
            ab_dec,
            [
                ("Evaluatie quick wins P&C-cyclus", "", steps["VS-2024-005"][2]),
                ("Eindrapport externe doorlichting Hecht", "", steps["VS-2024-006"][1]),
            ],
        )
        self.decision(
            ab_dec_items["Evaluatie quick wins P&C-cyclus"],
            Decision.Outcome.NOTED,
            (
                "Het AB neemt kennis van de evaluatie; de quick wins worden onderdeel van de "
                "reguliere P&C-cyclus."
            ),
        )
        self.decision(
            ab_dec_items["Eindrapport externe doorlichting Hecht"],
            Decision.Outcome.NOTED,
            "Het AB neemt kennis van het eindrapport en betrekt het bij de kaderbrief 2026.",
        )

        # Documents and cover notes.
        self.document(
            proposal=process,
            title="Procesvoorstel n.a.v. themabijeenkomst",
            kind=Document.Kind.PROPOSAL,
            delivered_at=_shift(_deadline(db_mar), -2),
            uploader="directeur",
            text=[
                process.summary,
                "Ad 1. Planning en Control-cyclus verbeteren.",
                "Ad 2. Doorlichting Hecht.",
                "Ad 3. Herstelplan Eigen Vermogen.",
                "Ad 4. Takendialoog – vervolg met gemeenteraden.",
                "Ad 5. Ketendialoog.",
            ],
        )
        self.cover_note(
            process,
            financial=CoverNote.Financial.NONE,
            no_financial_reason=(
                "Het procesvoorstel zelf heeft geen financiële gevolgen; de trajecten komen "
                "elk met een eigen voorstel."
            ),
            points=(
                "In te stemmen met de ontwikkelagenda met vijf sporen.\nEen scenario te "
                "kiezen voor het betrekken van de gemeenteraden bij de takendialoog.\nEen "
                "scenario te kiezen voor de ketendialoog."
            ),
        )
        self.document(
            proposal=review,
            title="Conceptopdracht doorlichting",
            kind=Document.Kind.PROPOSAL,
            delivered_at=_at(dt.date(2024, 3, 22), 16),
            uploader="directeur",
            text=[review.summary],
        )
        self.document(
            proposal=recovery,
            title="Herstelplan Eigen Vermogen 2024–2025",
            kind=Document.Kind.PROPOSAL,
            delivered_at=_shift(_deadline(bao_jun), -1),
            uploader="controller",
            text=[
                recovery.summary,
                "Maatregel 1: tariefherziening maatwerkproducten.",
                "Maatregel 2: vacaturestop ondersteunende diensten.",
                "Maatregel 3: resultaatbestemming 2024 ten gunste van de algemene reserve.",
            ],
            later_versions=(
                (
                    _shift(_deadline(db_jun), -1),
                    "Maatregelen per jaar gekwantificeerd (advies Auditcommissie)",
                ),
            ),
        )
        self.document(
            proposal=recovery,
            title="Prognose weerstandsvermogen 2024–2027",
            kind=Document.Kind.ANNEX,
            delivered_at=_shift(_deadline(bao_jun), 2),
            uploader="controller",
            text=["Prognose van het weerstandsvermogen per jaar, met en zonder maatregelen."],
        )
        self.cover_note(
            recovery,
            financial=CoverNote.Financial.SOME,
            amount=Decimal("1250000.00"),
            nature=CoverNote.Nature.INCIDENTAL,
            years=(2024, 2025),
            budget_line="Programma Bedrijfsvoering – algemene reserve",
            reserve_effect=(
                "De algemene reserve groeit in 2024–2025 met € 1,25 mln tot boven de "
                "ondergrens van € 3 mln."
            ),
            points=(
                "Het herstelplan Eigen Vermogen vast te stellen.\nDe resultaatbestemming "
                "2024 ten gunste van de algemene reserve te brengen."
            ),
        )
        self.document(
            proposal=progress,
            title="Voortgangsrapportage quick wins",
            kind=Document.Kind.REPORT,
            delivered_at=_shift(_deadline(bao_jun), -3),
            uploader="controller",
            text=["Stand van de zes quick wins per juni 2024."],
        )
        self.document(
            proposal=evaluation,
            title="Evaluatie quick wins P&C-cyclus",
            kind=Document.Kind.REPORT,
            delivered_at=_shift(_deadline(ac_nov), -1),
            uploader="controller",
            text=["Evaluatie van de quick wins en voorstel tot borging in de P&C-cyclus."],
        )
        self.document(
            proposal=final_report,
            title="Eindrapport doorlichting Hecht",
            kind=Document.Kind.REPORT,
            delivered_at=_shift(_deadline(db_dec), -1),
            uploader="directeur",
            text=[
                (
                    "Bevindingen over kosten, baten, kwaliteit en risico's per product, en een "
                    "nieuw financieel model."
                )
            ],
        )

        # Actions from the process proposal ("Actie Hecht / Actie DB / Actie AB").
        secretariat = self.users["secretariaat"]
        self.done_action(
            (
                "Voortgang quick wins P&C-cyclus rapporteren in het AB van 10 juli 2024; "
                "routing via BAO en Auditcommissie."
            ),
            actor=Action.Actor.HECHT,
            owner=controller,
            due=dt.date(2024, 7, 10),
            origin_proposal=process,
            report_meeting=ab_jul,
            track=tracks[1],
        )
        self.done_action(
            "Evaluatie quick wins P&C-cyclus in het AB van 18 december 2024.",
            actor=Action.Actor.HECHT,
            owner=controller,
            due=dt.date(2024, 12, 18),
            origin_proposal=process,
            report_meeting=ab_dec,
            track=tracks[1],
        )
        self.done_action(
            (
                "De directie vraagt een externe partij de opdracht voor de doorlichting te "
                "verstrekken (opdrachtgever: DB)."
            ),
            actor=Action.Actor.BODY,
            actor_body=self.bodies["DB"],
            owner=director,
            due=dt.date(2024, 5, 1),
            closed=dt.date(2024, 4, 24),
            origin_meeting=db_mar,
            track=tracks[2],
            notes=[
                (
                    dt.date(2024, 4, 24),
                    "Opdracht verstrekt na selectieprocedure; start 1 mei.",
                    "directeur",
                )
            ],
        )
        self.done_action(
            "Opstellen herstelplan Eigen Vermogen; routing via BAO en Auditcommissie.",
            actor=Action.Actor.HECHT,
            owner=controller,
            due=dt.date(2024, 7, 10),
            origin_proposal=process,
            report_meeting=ab_jul,
            track=tracks[3],
        )
        self.done_action(
            (
                "Kiezen uit de scenario's voor het betrekken van de gemeenteraden; afspraken "
                "maken over de routing."
            ),
            actor=Action.Actor.BODY,
            actor_body=self.bodies["AB"],
            owner=secretariat,
            due=dt.date(2024, 7, 10),
            origin_proposal=process,
            report_meeting=ab_jul,
            track=tracks[4],
        )
        self.done_action(
            "Kiezen uit de scenario's voor de ketendialoog; afspraken maken over de routing.",
            actor=Action.Actor.BODY,
            actor_body=self.bodies["AB"],
            owner=secretariat,
            due=dt.date(2024, 7, 10),
            origin_proposal=process,
            report_meeting=ab_jul,
            track=tracks[5],
        )

    def written_round(self, item: AgendaItem, *, remarks_by: set[str]) -> None:
        """All voting members respond; those whose municipality code is in
        ``remarks_by`` agree with remarks ("" = members for Hecht itself)."""
        meeting = item.meeting
        memberships = (
            Membership.objects.active_on(meeting.starts_at.date())
            .filter(body=meeting.body, role__in=[Membership.Role.CHAIR, Membership.Role.MEMBER])
            .select_related("user", "municipality")
        )
        votes = []
        for membership in memberships:
            code = membership.municipality.cbs_code if membership.municipality is not None else ""
            remarks = code in remarks_by
            get_or_create(
                WrittenResponse,
                self.summary,
                "written responses",
                {"agenda_item": item, "member": membership.user},
                {
                    "municipality": membership.municipality,
                    "answer": WrittenResponse.Answer.REMARKS
                    if remarks
                    else WrittenResponse.Answer.AGREE,
                    "remarks": "Graag de gemeenten ambtelijk én bestuurlijk aanhaken in het "
                    "onderzoek."
                    if remarks
                    else "",
                },
            )
            votes.append(membership)
        self.decision(
            item,
            Decision.Outcome.ADOPTED,
            f"Schriftelijk ingestemd door {len(votes)} van {len(votes)} leden; opmerkingen "
            "over de betrokkenheid van gemeenten zijn verwerkt in de opdracht.",
        )

    def cover_note(
        self,
        proposal,
        *,
        financial,
        points,
        no_financial_reason="",
        amount=None,
        nature="",
        years=(None, None),
        budget_line="",
        reserve_effect="",
        complete=True,
    ):
        return get_or_create(
            CoverNote,
            self.summary,
            "cover notes",
            {"proposal": proposal},
            {
                "decision_points": points,
                "introduction": proposal.summary,
                "financial": financial,
                "no_financial_reason": no_financial_reason,
                "amount": amount,
                "nature": nature,
                "budget_year_from": years[0],
                "budget_year_to": years[1],
                "budget_line": budget_line,
                "reserve_effect": reserve_effect,
                "distribution": CoverNote.Distribution.POPULATION
                if financial == CoverNote.Financial.SOME
                else CoverNote.Distribution.NONE,
                "risks": "Zie de risicoparagraaf van de begroting." if complete else "",
                "legal_basis": "Wet gemeenschappelijke regelingen; gemeenschappelijke regeling "
                "GR Hecht."
                if complete
                else "",
                "communication": "De besluitenlijst wordt gepubliceerd; gemeenten worden via de "
                "contactambtenaren geïnformeerd."
                if complete
                else "",
                "is_complete": complete,
            },
        )

    # --- the current year, relative to the day of loading ---------------------------

    def _meetings(self, code: str) -> list[Meeting]:
        return list(
            Meeting.objects.select_related("body")
            .filter(
                body__code=code, kind=Meeting.Kind.REGULAR, starts_at__year__gte=self.today.year - 1
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )

    def _plan(self, target: Meeting, codes: list[str]) -> list[Meeting | None]:
        """Meetings for the steps before ``target`` (bodies ``codes``), planned backwards."""
        candidates = {code: self._meetings(code) for code in codes}
        starts = deadlines.plan_backwards(
            target.starts_at,
            [
                ([m.starts_at for m in candidates[c]], self.bodies[c].document_lead_days)
                for c in codes
            ],
            target_lead_days=target.body.document_lead_days,
            at=settings.HECHT_DOCUMENT_DEADLINE_TIME,
            days_off=organisation_days_off(),
        )
        return [
            next(m for m in candidates[c] if m.starts_at == start) if start else None
            for c, start in zip(codes, starts, strict=True)
        ]

    def _delivered(self, meeting: Meeting | None, working_days: int) -> dt.datetime | None:
        """A delivery ``working_days`` after the meeting's deadline (negative: before),
        or None when that moment has not come yet."""
        if meeting is None:
            return None
        moment = _shift(_deadline(meeting), working_days)
        return moment if moment <= self.now else None

    def _outcome(self, meeting: Meeting | None, purpose: str) -> str:
        if meeting is None or meeting.starts_at > self.now:
            return R.PENDING
        outcomes: dict[str, str] = {ADVISE: R.ADVISED_POSITIVE, INFORM: R.NOTED, DECIDE: R.DECIDED}
        return outcomes[purpose]

    def current_year(self, templates, tracks) -> None:
        upcoming = next_meetings(self.today)
        next_ab, next_db = _meeting("AB", upcoming["AB"]), _meeting("DB", upcoming["DB"])
        year = next_ab.starts_at.year
        last_db = [m for m in self._meetings("DB") if m.starts_at < self.now][-1]
        pc_title, pc_summary, pc_points = pc_document(next_ab.starts_at.date())
        bao, ac, db = self._plan(next_ab, ["BAO", "AC", "DB"])
        (bao_for_db,) = self._plan(next_db, ["BAO"])
        director, controller = self.users["directeur"], self.users["controller"]

        report = self.proposal(
            f"VS-{year}-001",
            template=templates["P&C-document: BAO → Auditcommissie → DB → AB"],
            steps=[
                ("BAO", ADVISE, bao, self._outcome(bao, ADVISE), ""),
                ("AC", ADVISE, ac, self._outcome(ac, ADVISE), ""),
                ("DB", ADVISE, db, self._outcome(db, ADVISE), ""),
                ("AB", DECIDE, next_ab, R.PENDING, ""),
            ],
            title=pc_title,
            summary=pc_summary,
            kind=Proposal.Kind.DECISION,
            owner=controller,
            track=tracks[1],
            status=Proposal.Status.IN_ROUTE,
        )
        treasury = self.proposal(
            f"VS-{year}-002",
            template=templates["Besluit DB: BAO → DB"],
            steps=[
                ("BAO", ADVISE, bao_for_db, self._outcome(bao_for_db, ADVISE), ""),
                ("DB", DECIDE, next_db, R.PENDING, ""),
            ],
            title="Geactualiseerd treasurystatuut",
            summary="Actualisering van het treasurystatuut aan de Wet financiering decentrale "
            "overheden en de nieuwe rekening-courantafspraken.",
            kind=Proposal.Kind.DECISION,
            owner=controller,
            status=Proposal.Status.IN_ROUTE,
        )
        housing = self.proposal(
            f"VS-{year}-003",
            template=None,
            steps=[("DB", DECIDE, next_db, R.PENDING, "")],
            title="Huisvesting: onderhandelingsmandaat locatie Gouda",
            summary="Mandaat voor de onderhandelingen over de huur van de locatie Gouda.",
            kind=Proposal.Kind.DECISION,
            owner=director,
            confidentiality=Confidentiality.CONFIDENTIAL,
            woo_ground="5.1.2b",
            status=Proposal.Status.IN_ROUTE,
        )
        programme_note = self.proposal(
            f"VS-{year}-004",
            template=templates["Ter informatie: DB → AB"],
            steps=[
                ("DB", INFORM, db, self._outcome(db, INFORM), ""),
                ("AB", INFORM, next_ab, R.PENDING, ""),
            ],
            title=f"Voortgang ontwikkelagenda {year}",
            kind=Proposal.Kind.INFORMATION,
            owner=director,
            track=tracks[4],
            status=Proposal.Status.IN_ROUTE,
        )
        purchasing = self.proposal(
            f"VS-{year}-005",
            template=None,
            steps=[("DB", DECIDE, last_db, R.DECIDED, "")],
            title=f"Inkoop- en aanbestedingsbeleid {year}",
            kind=Proposal.Kind.DECISION,
            owner=director,
            status=Proposal.Status.DECIDED,
        )
        steps = {
            p.reference: list(p.steps.order_by("position"))
            for p in (report, treasury, housing, programme_note, purchasing)
        }

        # Agendas: the preparatory meetings (where planned), next DB and AB, last DB; one
        # agenda per meeting (the report's DB step can be the last DB meeting).
        title_report = pc_title
        title_programme = f"Voortgang ontwikkelagenda {year}"
        title_purchasing = f"Inkoop- en aanbestedingsbeleid {year}"
        agendas: dict[int, tuple[Meeting, list]] = {}
        for meeting, title, step in (
            (bao, title_report, steps[report.reference][0]),
            (ac, title_report, steps[report.reference][1]),
            (db, title_report, steps[report.reference][2]),
            (db, title_programme, steps[programme_note.reference][0]),
            (bao_for_db, "Geactualiseerd treasurystatuut", steps[treasury.reference][0]),
            (last_db, title_purchasing, steps[purchasing.reference][0]),
            (next_db, "Geactualiseerd treasurystatuut", steps[treasury.reference][1]),
            (next_db, "Huisvesting: onderhandelingsmandaat", steps[housing.reference][0]),
            (next_ab, title_report, steps[report.reference][3]),
            (next_ab, title_programme, steps[programme_note.reference][1]),
        ):
            if meeting is not None:
                agendas.setdefault(meeting.pk, (meeting, []))[1].append((title, "", step))
        conclusions = {
            ADVISE: (Decision.Outcome.NOTED, "Het {code} adviseert positief."),
            INFORM: (Decision.Outcome.NOTED, "Het {code} neemt kennis van de voortgang."),
        }
        for meeting, entries in agendas.values():
            items = self.standard_agenda(meeting, entries)
            if meeting.starts_at >= self.now:
                continue
            self.decision(
                items[MINUTES_ITEM],
                Decision.Outcome.ADOPTED,
                "Het verslag wordt ongewijzigd vastgesteld.",
            )
            for title, _kind, step in entries:
                if step.purpose in conclusions:
                    outcome, text = conclusions[step.purpose]
                    self.decision(items[title], outcome, text.format(code=meeting.body.code))
        self.decision(
            AgendaItem.objects.get(route_step=steps[purchasing.reference][0], carried_over=False),
            Decision.Outcome.ADOPTED_AMENDED,
            "Het DB stelt het inkoopbeleid vast, met de toevoeging dat lokale ondernemers bij "
            "meervoudig onderhandse aanbestedingen worden uitgenodigd.",
        )

        # Documents: on time, late and missing (the treasury statute has none yet). Each is
        # delivered some working days from a meeting's deadline, once that moment has come.
        first = bao or ac or db or next_ab
        annex, proposal_doc = Document.Kind.ANNEX, Document.Kind.PROPOSAL
        documents = [
            (
                self._delivered(first, -2),
                {
                    "proposal": report,
                    "title": pc_title,
                    "kind": proposal_doc,
                    "uploader": "controller",
                    "text": [
                        report.summary,
                        "Prognose resultaat, reserves en risico's per programma.",
                    ],
                },
            ),
            (
                self._delivered(first, 3),
                {
                    "proposal": report,
                    "title": "Accountantsbrief interim-controle",
                    "kind": annex,
                    "uploader": "controller",
                    "text": ["Bevindingen van de accountant bij de interim-controle."],
                },
            ),
            (
                self._delivered(next_db, -1) or self._delivered(last_db, 0),
                {
                    "proposal": housing,
                    "title": "Notitie onderhandelingsruimte huisvesting Gouda",
                    "kind": proposal_doc,
                    "uploader": "directeur",
                    "confidential": True,
                    "text": [
                        "Vertrouwelijk: onderhandelingsruimte en huurvoorwaarden (Woo 5.1.2b)."
                    ],
                },
            ),
            (
                self._delivered(last_db, 1),
                {
                    "proposal": purchasing,
                    "title": title_purchasing,
                    "kind": proposal_doc,
                    "uploader": "directeur",
                    "text": ["Beleid voor inkoop en aanbesteding, drempelbedragen en procedures."],
                },
            ),
            # Late for the next AB and DB themselves (after their own deadlines).
            (
                self._delivered(next_ab, 2),
                {
                    "proposal": programme_note,
                    "title": f"Bijlage: stand van de vijf sporen {year}",
                    "kind": annex,
                    "uploader": "directeur",
                    "text": [
                        "Per spoor van de ontwikkelagenda: stand, risico's en volgende stappen."
                    ],
                },
            ),
            (
                self._delivered(next_db, 1),
                {
                    "proposal": housing,
                    "title": "Taxatierapport locatie Gouda",
                    "kind": annex,
                    "uploader": "directeur",
                    "confidential": True,
                    "text": ["Vertrouwelijk: taxatie van de huurwaarde (Woo 5.1.2b)."],
                },
            ),
            (
                self._delivered(last_db, -5),
                {
                    "item": AgendaItem.objects.get(meeting=last_db, title=MINUTES_ITEM),
                    "title": "Verslag vorige DB-vergadering",
                    "kind": Document.Kind.MINUTES,
                    "text": ["Conceptverslag en actielijst."],
                },
            ),
        ]
        for delivered_at, fields in documents:
            if delivered_at is not None:
                self.document(delivered_at=delivered_at, **fields)
        self.cover_note(
            report,
            financial=CoverNote.Financial.SOME,
            amount=Decimal("480000.00"),
            nature=CoverNote.Nature.STRUCTURAL,
            years=(year + 1, year + 4),
            budget_line="Programma Jeugdgezondheidszorg – loon- en prijscompensatie",
            reserve_effect="Geen onttrekking aan de algemene reserve; het tekort wordt via de "
            "gemeentelijke bijdragen gedekt.",
            points=pc_points,
        )
        self.cover_note(
            treasury,
            financial=CoverNote.Financial.UNANSWERED,
            points="Het geactualiseerde treasurystatuut vast te stellen.",
            complete=False,
        )

        # Actions of this year: open, in progress, overdue and done.
        today = self.today
        self.action(
            f"Zienswijzen van de gemeenteraden op de begroting {year + 1} verwerken in de "
            "reactienota.",
            actor=Action.Actor.HECHT,
            owner=controller,
            due_date=today - dt.timedelta(days=5),
            status=Action.Status.IN_PROGRESS,
            origin_meeting=last_db,
            report_meeting=next_ab,
            track=tracks[1],
            notes=[
                (
                    today - dt.timedelta(days=12),
                    "Twaalf van de achttien zienswijzen verwerkt.",
                    "controller",
                )
            ],  # noqa: E501
        )
        self.action(
            "Memo over de stand van het weerstandsvermogen aan de Auditcommissie.",
            actor=Action.Actor.PERSON,
            owner=controller,
            due_date=today + dt.timedelta(days=10),
            status=Action.Status.OPEN,
            report_meeting=ac or next_db,
            track=tracks[3],
        )
        self.action(
            "Besluitenlijst van de laatste DB-vergadering publiceren.",
            actor=Action.Actor.PERSON,
            owner=self.users["secretariaat"],
            due_date=last_db.starts_at.date() + dt.timedelta(days=7),
            status=Action.Status.DONE,
            closed_on=last_db.starts_at.date() + dt.timedelta(days=3),
            origin_meeting=last_db,
        )
        self.action(
            "Gemeenten informeren over de uitkomst van de ketendialoog.",
            actor=Action.Actor.BODY,
            actor_body=self.bodies["DB"],
            owner=director,
            due_date=today + dt.timedelta(days=30),
            status=Action.Status.OPEN,
            report_meeting=next_ab,
            track=tracks[5],
        )
        self.action(
            "Regionale informatieavond voor raadsleden over de takendialoog organiseren.",
            actor=Action.Actor.HECHT,
            owner=director,
            due_date=today - dt.timedelta(days=20),
            status=Action.Status.OPEN,
            origin_meeting=last_db,
            track=tracks[4],
        )

    # --- the rest of the calendar: every held meeting has its agenda ----------------

    def lived_in(self) -> None:
        """Every held meeting that the story above left without an agenda gets the agenda
        and decisions of an ordinary meeting of its body (theme sessions: a programme
        without decisions), so that the calendar shows lived-in governance years.

        There are many such meetings, all new: they are written in bulk, each row with
        its history row ("Demodata"), instead of one lookup and save at a time."""
        empty = list(
            Meeting.objects.select_related("body")
            .filter(starts_at__lt=self.now, status__in=Meeting.HELD_STATUSES)
            .exclude(kind=Meeting.Kind.WRITTEN)
            .filter(agenda_items__isnull=True)
            .order_by("starts_at")
        )
        if not empty:
            return
        subjects = {
            m.pk: routine_subject(m.body.code, m.starts_at.date())
            if m.kind == Meeting.Kind.REGULAR
            else (f"Inleiding: {m.title or 'Ontwikkelagenda'}", "")
            for m in empty
        }
        on_time = {m.pk: _shift(_deadline(m), -1) for m in empty}
        deciding = [
            m for m in empty if m.kind == Meeting.Kind.REGULAR and m.body.code in ("AB", "DB")
        ]
        proposals = self._bulk(
            Proposal,
            "proposals",
            [
                Proposal(
                    reference=f"VS-{m.starts_at:%Y}-{m.body.code}{m.starts_at:%m%d}",
                    title=subjects[m.pk][0],
                    summary=subjects[m.pk][1],
                    kind=Proposal.Kind.DECISION,
                    owner=self.users["directeur"],
                    created_by=self.users["secretariaat"],
                    status=Proposal.Status.DECIDED,
                )
                for m in deciding
            ],
        )
        steps = self._bulk(
            RouteStep,
            "route steps",
            [
                RouteStep(
                    proposal=p,
                    position=1,
                    body=m.body,
                    purpose=DECIDE,
                    meeting=m,
                    outcome=R.DECIDED,
                )
                for p, m in zip(proposals, deciding, strict=True)
            ],
        )
        step_of = {step.meeting_id: step for step in steps}
        proposal_of = {m.pk: p for p, m in zip(proposals, deciding, strict=True)}
        rows = []
        for m in empty:
            title = subjects[m.pk][0]
            if m.kind == Meeting.Kind.THEME:
                entries = [
                    ("Opening en kennismaking", AgendaItem.Kind.FORMAL, False),
                    (title, AgendaItem.Kind.INFORMATION, True),
                    ("Gesprek in groepen", AgendaItem.Kind.DISCUSSION, False),
                    ("Terugkoppeling en afsluiting", AgendaItem.Kind.FORMAL, False),
                ]
            else:
                kind = (
                    AgendaItem.Kind.DECISION if m.pk in proposal_of else AgendaItem.Kind.DISCUSSION
                )
                entries = [
                    (entry, item_kind, requires)
                    for entry, item_kind, _step, requires in ordinary_agenda(
                        [(title, kind, None, True)]
                    )
                ]
            for order, (entry, kind, requires_documents) in enumerate(entries, start=1):
                rows.append(
                    AgendaItem(
                        meeting=m,
                        route_step=step_of.get(m.pk) if entry == title else None,
                        order=order,
                        number=str(order),
                        title=entry,
                        kind=kind,
                        confidentiality=Confidentiality.PUBLIC,
                        requires_documents=requires_documents,
                    )
                )
        items = self._bulk(AgendaItem, "agenda items", rows)
        item_of = {(item.meeting_id, item.title): item for item in items}
        documents, texts = [], []
        for m in empty:
            title, text = subjects[m.pk]
            subject_item = item_of[(m.pk, title)]
            proposal = proposal_of.get(m.pk)
            documents.append(
                Document(
                    proposal=proposal,
                    agenda_item=None if proposal else subject_item,
                    title=title
                    if m.kind == Meeting.Kind.REGULAR
                    else f"Presentatie {m.title} ({_day_label(m)})",
                    kind=Document.Kind.PROPOSAL if proposal else Document.Kind.REPORT,
                    delivered_at=on_time[m.pk],
                )
            )
            texts.append((m, text or f"Presentatie voor de themabijeenkomst {m.title}."))
            if m.kind == Meeting.Kind.REGULAR:
                documents.append(
                    Document(
                        agenda_item=item_of[(m.pk, MINUTES_ITEM)],
                        title=f"Verslag {m.body.code}-vergadering voor {_day_label(m)}",
                        kind=Document.Kind.MINUTES,
                        delivered_at=on_time[m.pk],
                    )
                )
                texts.append((m, "Conceptverslag en actielijst van de vorige vergadering."))
        documents = self._bulk(Document, "documents", documents)
        versions = []
        for document, (m, text) in zip(documents, texts, strict=True):
            content = simple_pdf(
                document.title, ["Versie 1", text], footer="GR Hecht – demodocument"
            )
            version = DocumentVersion(
                document=document,
                number=1,
                original_name=f"{document.title[:60]} v1.pdf".replace("/", "-"),
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                page_count=len(PdfReader(io.BytesIO(content)).pages),
                uploaded_by=self.users["secretariaat" if document.agenda_item_id else "directeur"],
                uploaded_at=on_time[m.pk],
            )
            version.file.save("demo.pdf", ContentFile(content), save=False)
            versions.append(version)
        versions = self._bulk(DocumentVersion, "document versions", versions)
        for document, version in zip(documents, versions, strict=True):
            document.current_version = version
        bulk_update_with_history(
            documents, Document, ["current_version"], default_change_reason=REASON
        )
        decisions = []
        for m in empty:
            if m.kind != Meeting.Kind.REGULAR:
                continue
            code = m.body.code
            decisions.append(
                Decision(
                    agenda_item=item_of[(m.pk, MINUTES_ITEM)],
                    outcome=Decision.Outcome.ADOPTED,
                    text="Het verslag wordt ongewijzigd vastgesteld.",
                    recorded_by=self.users["secretariaat"],
                )
            )
            decisions.append(
                Decision(
                    agenda_item=item_of[(m.pk, subjects[m.pk][0])],
                    outcome=Decision.Outcome.ADOPTED
                    if m.pk in proposal_of
                    else Decision.Outcome.NOTED,
                    text=f"Het {code} stemt in met het voorstel."
                    if m.pk in proposal_of
                    else f"Het {code} bespreekt de notitie en adviseert positief.",
                    recorded_by=self.users["secretariaat"],
                )
            )
        self._bulk(Decision, "decisions", decisions)

    def _bulk(self, model, kind: str, objs: list) -> list:
        """Create ``objs`` (validated) with their history rows."""
        for obj in objs:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        created = bulk_create_with_history(objs, model, default_change_reason=REASON)
        self.summary.created[kind] = self.summary.created.get(kind, 0) + len(created)
        return created

    # --- publication (Woo) ---------------------------------------------------------

    def publish(self, upcoming: list[Meeting]) -> None:
        """Publish as the secretariat does: each agenda a week before its meeting (the
        next AB and DB now, if that is later), each decision list a few days after the
        meeting. The packs of the meetings still to come are built (after the demo
        commits)."""
        held = (
            Meeting.objects.filter(status__in=Meeting.HELD_STATUSES, agenda_items__isnull=False)
            .distinct()
            .order_by("starts_at")
        )
        with_decisions = set(
            Decision.objects.values_list("agenda_item__meeting_id", flat=True).distinct()
        )
        for meeting in [*held, *upcoming]:
            if meeting.agenda_published_at is None:
                at = min(meeting.starts_at - dt.timedelta(days=7), self.now)
                _publish(meeting, "agenda_published_at", at, self.summary)
                if meeting in upcoming:
                    packs_request(meeting)
            decided_at = meeting.starts_at + dt.timedelta(days=3)
            if (
                meeting.pk in with_decisions
                and meeting.decisions_published_at is None
                and decided_at <= self.now
            ):
                _publish(meeting, "decisions_published_at", decided_at, self.summary)


def load_story(summary, *, today: dt.date, now: dt.datetime) -> None:
    story = Story(summary, today=today, now=now)
    templates = story.route_templates()
    tracks = story.programme()
    story.seed_2024(templates, tracks)
    story.current_year(templates, tracks)
    story.lived_in()
    upcoming = next_meetings(today)
    year = _meeting("AB", upcoming["AB"]).starts_at.year
    CoReading(summary, today=today, attach=attach_response_note).load(
        recovery=Proposal.objects.get(reference="VS-2024-003"),
        report=Proposal.objects.get(reference=f"VS-{year}-001"),
        treasury=Proposal.objects.get(reference=f"VS-{year}-002"),
    )
    # The apps built on the core add theirs (governance/extensions.py: register_demo)
    # before the next meetings are published, so their items are in the packs.
    load_demo_extensions(summary, today=today, now=now)
    story.publish([_meeting("AB", upcoming["AB"]), _meeting("DB", upcoming["DB"])])


def _publish(meeting: Meeting, field: str, at: dt.datetime, summary) -> None:
    """Publish as of ``at``: the field and its history row (the publication log) agree."""
    setattr(meeting, field, at)
    meeting._change_reason = REASON  # type: ignore[attr-defined]  # read by simple_history
    meeting._history_date = at  # type: ignore[attr-defined]  # read by simple_history
    meeting.save(update_fields=[field])
    summary.add("publications", True)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)
