"""The P&C cycle of the demo, added to ``manage.py load_demo`` through
``governance.extensions.register_demo`` (after the core's story, in its transaction).

History (fixed dates, from the seed and the years around it):

- the 1st budget amendment 2023, rejected by the AB on 1 November 2023 (the reserves app
  reads it: it pushed equity below the minimum and forced the recovery plan);
- the budget 2025, adopted on 10 July 2024, sent to the councils and to Gedeputeerde
  Staten on time;
- the budget 2026 (the "overbruggingsjaar"), adopted in July 2025: the views of 15 of the
  18 councils (one disagreeing, some with remarks), three never came, every view answered.

Relative to the day the demo is loaded: the framework letter, the budget and the annual
accounts of the next two budget years, planned on the demo calendar's AB meetings, with
what has happened by today (sent, views received, adopted) and what has not; the council
calendars of all 18 municipalities for this year and the next (plausible, marked as demo:
source "demo"), in which some councils cannot give their view in time; the six quick wins
of the seed with their progress notes, reported in the progress report (AB 10 July 2024)
and the evaluation (AB 18 December 2024).

Every row is found by its natural key and created only when missing, like the core's demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from governance.deadlines import NATIONAL, next_working_day, nth_weekday
from governance.demo.constants import TZ
from governance.demo.review import attach_pdf
from governance.demo.story import Story, get_or_create
from governance.models import (
    AgendaItem,
    Decision,
    Document,
    Meeting,
    Municipality,
    Proposal,
    RouteStep,
    RouteTemplate,
    StepPurpose,
    Track,
)
from pcycle import wgr
from pcycle.models import (
    CouncilCalendar,
    CouncilMeeting,
    CouncilView,
    ExemptCategory,
    PcDocument,
    QuickWin,
    QuickWinNote,
)
from pcycle.queries.views import views_document_title, views_pdf
from pcycle.services.views import views_document_of

PC_TEMPLATE = "P&C-document: BAO → Auditcommissie → DB → AB"
ROUTE = ("BAO", "AC", "DB", "AB")

EXEMPT_CATEGORIES = [
    (
        "Verschuivingen binnen een programma",
        "Wijzigingen tussen taakvelden binnen één programma die de bijdragen van de gemeenten "
        "niet veranderen.",
        "Gemeenschappelijke regeling Hecht, art. 31a lid 2 onder a",
    ),
    (
        "Verwerking van eerder genomen besluiten",
        "Wijzigingen die alleen besluiten verwerken waarover de raden al een zienswijze "
        "konden geven.",
        "Gemeenschappelijke regeling Hecht, art. 31a lid 2 onder b",
    ),
]


def load(summary: Any, *, today: dt.date, now: dt.datetime) -> None:
    PcycleDemo(summary, today=today, now=now).load()


class PcycleDemo:
    def __init__(self, summary: Any, *, today: dt.date, now: dt.datetime):
        self.summary = summary
        self.today = today
        self.now = now
        self.story = Story(summary, today=today, now=now)
        self.template = RouteTemplate.objects.get(name=PC_TEMPLATE)
        self.municipalities = list(Municipality.objects.order_by("name"))

    def load(self) -> None:
        for name, description, source in EXEMPT_CATEGORIES:
            get_or_create(
                ExemptCategory,
                self.summary,
                "exempt categories",
                {"name": name},
                {"description": description, "source": source},
            )
        self.history()
        for year in (self.today.year + 1, self.today.year + 2):
            if year > 2026:  # 2025 and 2026 are history above
                self.cycle(year)
        self.council_calendars()
        self.quick_wins()

    # --- building blocks -------------------------------------------------------------

    def _meeting_in(self, code: str, year: int, month: int, after: dt.date | None = None):
        """The first regular meeting of body ``code`` in ``month`` (after ``after``)."""
        meetings = Meeting.objects.select_related("body").filter(
            body__code=code,
            kind=Meeting.Kind.REGULAR,
            starts_at__year=year,
            starts_at__month=month,
        )
        if after is not None:
            meetings = meetings.filter(starts_at__date__gt=after)
        return meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at").first()

    def _adopting_ab(self, year: int) -> Meeting | None:
        """The AB meeting that adopts the budget for ``year``: the first regular one from
        mid-June to July of the year before (the demo's next AB may have replaced July's)."""
        return (
            Meeting.objects.select_related("body")
            .filter(
                body__code="AB",
                kind=Meeting.Kind.REGULAR,
                starts_at__date__gte=dt.date(year - 1, 6, 15),
                starts_at__date__lte=dt.date(year - 1, 7, 31),
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
            .first()
        )

    def _day(self, meeting: Meeting) -> dt.date:
        return timezone.localtime(meeting.starts_at).date()

    def document(
        self,
        reference: str,
        *,
        kind: str,
        year: int,
        title: str,
        summary: str,
        meetings: dict[str, Meeting | None],
        number: int | None = None,
        outcome: str = Decision.Outcome.ADOPTED,
        decision_text: str = "",
        **facts: Any,
    ) -> PcDocument:
        """A P&C document: its proposal routed over the bodies of ``meetings`` (in the
        order BAO, AC, DB, AB; the last one decides; a step without a meeting is not
        planned yet, and an earlier step's meeting out of order is left out), agenda items on those
        meetings, the decision once the deciding meeting is held, and the P&C facts."""
        # From the deciding step backwards: a meeting not before the next step's is left
        # out (the deciding meeting is kept).
        route: list[tuple[str, Meeting | None]] = []
        next_start: dt.datetime | None = None
        for code in reversed([code for code in ROUTE if code in meetings]):
            meeting = meetings[code]
            if meeting is not None and next_start is not None and meeting.starts_at >= next_start:
                meeting = None
            if meeting is not None:
                next_start = meeting.starts_at
            route.insert(0, (code, meeting))
        deciding, deciding_meeting = route[-1]
        decided = deciding_meeting is not None and deciding_meeting.is_held
        if decided:  # a decided proposal has no unplanned steps left
            route = [(code, meeting) for code, meeting in route if meeting is not None]
        steps = []
        for code, meeting in route:
            purpose = StepPurpose.DECIDE if code == deciding else StepPurpose.ADVISE
            if meeting is None or not meeting.is_held:
                step_outcome = RouteStep.Outcome.PENDING
            elif code == deciding:
                step_outcome = RouteStep.Outcome.DECIDED
            else:
                step_outcome = RouteStep.Outcome.ADVISED_POSITIVE
            steps.append((code, purpose, meeting, step_outcome, ""))
        status = (
            Proposal.Status.DECIDED
            if decided
            else Proposal.Status.IN_ROUTE
            if any(meeting for _code, meeting in route)
            else Proposal.Status.DRAFT
        )
        proposal = self.story.proposal(
            reference,
            template=self.template,
            steps=steps,
            title=title,
            summary=summary,
            status=status,
            owner=self.story.users["directeur"],
            track=Track.objects.filter(number=1).first(),
        )
        for step in proposal.steps.select_related("meeting__body").order_by("position"):
            if step.meeting is None:
                continue
            item = self._item(step, step.meeting)
            if step.purpose == StepPurpose.DECIDE and step.meeting.is_held:
                body = "Het AB" if step.body.code == "AB" else "Het DB"
                self.story.decision(
                    item, outcome, decision_text or f"{body} stelt de {title.lower()} vast."
                )
        return get_or_create(
            PcDocument,
            self.summary,
            "P&C documents",
            {"proposal": proposal},
            {"kind": kind, "year": year, "number": number, **facts},
        )

    def _item(self, step: RouteStep, meeting: Meeting) -> AgendaItem:
        existing = AgendaItem.objects.filter(route_step=step, carried_over=False).first()
        if existing is not None:
            return existing
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-order").first()
        order = (last.order + 1) if last else 1
        kind = (
            AgendaItem.Kind.DECISION
            if step.purpose == StepPurpose.DECIDE
            else AgendaItem.Kind.DISCUSSION
        )
        return get_or_create(
            AgendaItem,
            self.summary,
            "agenda items",
            {"meeting": meeting, "route_step": step},
            {
                "order": order,
                "number": str(order),
                "title": step.proposal.title,
                "kind": kind,
                "confidentiality": step.proposal.confidentiality,
                "woo_ground": step.proposal.woo_ground,
            },
        )

    def _if_past(self, day: dt.date | None) -> dt.date | None:
        return day if day is not None and day < self.today else None

    # --- history -----------------------------------------------------------------------

    def history(self) -> None:
        self.document(
            "VS-2023-041",
            kind=PcDocument.Kind.AMENDMENT,
            year=2023,
            number=1,
            title="1e begrotingswijziging 2023",
            summary="Structurele tekorten in de jeugdgezondheidszorg en hogere loonkosten, "
            "gedekt uit de algemene reserve en hogere bijdragen van de gemeenten.",
            meetings={
                "AB": Meeting.objects.get(body__code="AB", starts_at__date=dt.date(2023, 11, 1))
            },
            outcome=Decision.Outcome.REJECTED,
            decision_text="Het AB stemt niet in met de 1e begrotingswijziging 2023. De tekorten "
            "komen ten laste van het eigen vermogen, dat daarmee onder de ondergrens van de "
            "reservenota zakt (€ 3 mln).",
            planned_to_councils_on=dt.date(2023, 7, 7),
            sent_to_councils_on=dt.date(2023, 7, 7),
        )
        ab_2024 = Meeting.objects.get(body__code="AB", starts_at__date=dt.date(2024, 7, 10))
        self.document(
            "VS-2024-020",
            kind=PcDocument.Kind.BUDGET,
            year=2025,
            title="Begroting 2025",
            summary="De begroting 2025 met de zienswijzen van de gemeenteraden.",
            meetings={
                "BAO": Meeting.objects.get(body__code="BAO", starts_at__date=dt.date(2024, 6, 20)),
                "AC": Meeting.objects.get(body__code="AC", starts_at__date=dt.date(2024, 6, 25)),
                "DB": Meeting.objects.get(body__code="DB", starts_at__date=dt.date(2024, 6, 27)),
                "AB": ab_2024,
            },
            planned_to_councils_on=dt.date(2024, 4, 12),
            sent_to_councils_on=dt.date(2024, 4, 12),
            views_requested_by=dt.date(2024, 6, 14),
            planned_to_province_on=dt.date(2024, 7, 18),
            sent_to_province_on=dt.date(2024, 7, 18),
        )
        ab_2025 = self._adopting_ab(2026)
        if ab_2025 is None or not ab_2025.is_held:
            return
        budget = self.document(
            "VS-2025-020",
            kind=PcDocument.Kind.BUDGET,
            year=2026,
            title="Begroting 2026",
            summary="De begroting voor het overbruggingsjaar 2026, met de zienswijzen van de "
            "gemeenteraden: de doorlichting en de takendialoog bepalen de begroting 2027.",
            meetings={
                "BAO": self._meeting_in("BAO", 2025, 3),
                "AC": self._meeting_in("AC", 2025, 5),
                "DB": self._meeting_in("DB", 2025, 6),
                "AB": ab_2025,
            },
            planned_to_councils_on=dt.date(2025, 4, 4),
            sent_to_councils_on=dt.date(2025, 4, 4),
            views_requested_by=dt.date(2025, 6, 6),
            planned_to_province_on=dt.date(2025, 7, 10),
            sent_to_province_on=dt.date(2025, 7, 10),
        )
        self.views(budget, sent=dt.date(2025, 4, 4), by=dt.date(2025, 6, 6), outstanding=3)
        self.attach_views(budget, by=dt.date(2025, 6, 6))

    # --- the next budget years -----------------------------------------------------------

    def cycle(self, year: int) -> None:
        """Framework letter, provisional and final accounts and the budget for ``year``."""
        ab = self._adopting_ab(year)
        if ab is None:
            return
        ab_day = self._day(ab)
        prev = year - 1
        march_ab = self._meeting_in("AB", prev, 3)
        frameworks_latest = wgr.frameworks_to_councils(year).date
        frameworks_sent = frameworks_latest - dt.timedelta(days=18)
        self.document(
            f"VS-{prev}-010",
            kind=PcDocument.Kind.FRAMEWORKS,
            year=year,
            title=f"Kaderbrief {year}",
            summary=f"De financiële en beleidsmatige kaders voor de begroting {year}.",
            meetings={
                "BAO": self._meeting_in("BAO", prev, 2),
                "AC": self._meeting_in("AC", prev, 2),
                "DB": self._meeting_in("DB", prev, 3),
                "AB": march_ab,
            },
            planned_to_councils_on=frameworks_sent,
            sent_to_councils_on=self._if_past(frameworks_sent),
        )
        accounts_year = year - 2
        provisional_sent = wgr.provisional_accounts_to_councils(accounts_year).date - dt.timedelta(
            days=18
        )
        self.document(
            f"VS-{prev}-011",
            kind=PcDocument.Kind.PROVISIONAL_ACCOUNTS,
            year=accounts_year,
            title=f"Voorlopige jaarrekening {accounts_year}",
            summary="De voorlopige jaarrekening, met de kaderbrief naar de gemeenteraden.",
            meetings={"AC": self._meeting_in("AC", prev, 2), "DB": self._meeting_in("DB", prev, 3)},
            decision_text="Het DB stelt de voorlopige jaarrekening vast en zendt haar met de "
            "kaderbrief aan de gemeenteraden (Wgr art. 34b).",
            planned_to_councils_on=provisional_sent,
            sent_to_councils_on=self._if_past(provisional_sent),
        )
        budget_sent = wgr.draft_budget_to_councils(ab_day).date - dt.timedelta(days=5)
        views_by = next_working_day(ab_day - dt.timedelta(weeks=4))
        province = next_working_day(ab_day + dt.timedelta(days=8))
        meetings = {
            "BAO": self._meeting_in("BAO", prev, 3),
            "AC": self._meeting_in("AC", prev, 5),
            "DB": self._meeting_in("DB", prev, 6),
            "AB": ab,
        }
        budget = self.document(
            f"VS-{prev}-020",
            kind=PcDocument.Kind.BUDGET,
            year=year,
            title=f"Begroting {year}",
            summary=f"De begroting {year} met de zienswijzen van de gemeenteraden.",
            meetings=meetings,
            planned_to_councils_on=budget_sent,
            sent_to_councils_on=self._if_past(budget_sent),
            views_requested_by=views_by,
            planned_to_province_on=province,
            sent_to_province_on=self._if_past(province) if ab.is_held else None,
        )
        if budget_sent < self.today:
            self.views(budget, sent=budget_sent, by=views_by, outstanding=2)
            self.attach_views(budget, by=views_by)
        self.document(
            f"VS-{prev}-021",
            kind=PcDocument.Kind.ANNUAL_ACCOUNTS,
            year=accounts_year,
            title=f"Jaarstukken {accounts_year}",
            summary=f"De jaarstukken {accounts_year} met de controleverklaring van de accountant.",
            meetings=meetings,
            planned_to_province_on=province,
            sent_to_province_on=self._if_past(province) if ab.is_held else None,
        )

    # --- views -----------------------------------------------------------------------------

    POSITIONS = {
        "Katwijk": (
            CouncilView.Position.DISAGREES,
            "De raad kan niet instemmen met de stijging van de gemeentelijke bijdrage zolang de "
            "doorlichting niet is afgerond; hij vraagt de taken eerst te herijken.",
        ),
        "Gouda": (
            CouncilView.Position.REMARKS,
            "De raad stemt in, maar vraagt de indexering van de bijdrage voortaan te volgen "
            "uit de septembercirculaire.",
        ),
        "Leiden": (
            CouncilView.Position.REMARKS,
            "De raad stemt in en vraagt in de eerste bestuursrapportage te rapporteren over "
            "het weerstandsvermogen.",
        ),
        "Zuidplas": (
            CouncilView.Position.REMARKS,
            "De raad stemt in; hij vraagt de kosten van de pluspakketten apart te tonen.",
        ),
    }
    OUTSTANDING = ("Hillegom", "Noordwijk", "Zoeterwoude")

    def views(self, document: PcDocument, *, sent: dt.date, by: dt.date, outstanding: int) -> None:
        """Views of the councils received between ``sent`` and ``by`` (only those before
        today), all but ``outstanding`` of them, each answered by the DB once all are in."""
        missing = set(self.OUTSTANDING[:outstanding])
        registrar = self.story.users["secretariaat"]
        span = max((by - sent).days, 1)
        received = [m for m in self.municipalities if m.name not in missing]
        reply_on = next_working_day(by + dt.timedelta(days=7))
        for index, municipality in enumerate(received):
            day = sent + dt.timedelta(days=round(span * (index + 1) / (len(received) + 1)))
            if day >= self.today:
                continue
            position, text = self.POSITIONS.get(
                municipality.name, (CouncilView.Position.AGREES, "")
            )
            reply = (
                "Het dagelijks bestuur neemt de zienswijze ter kennisgeving aan; de begroting "
                "blijft ongewijzigd."
                if position == CouncilView.Position.AGREES
                else "Het dagelijks bestuur heeft de zienswijze betrokken bij het voorstel aan "
                "het algemeen bestuur; de opmerkingen komen terug in de eerste "
                "bestuursrapportage."
                if position == CouncilView.Position.REMARKS
                else "Het dagelijks bestuur begrijpt de zorg van de raad. De bijdrage stijgt "
                "door de loon- en prijsontwikkeling die alle gemeenten volgen; de uitkomst van "
                "de doorlichting wordt verwerkt in de kaderbrief van volgend jaar."
            )
            sent_reply = reply_on < self.today
            get_or_create(
                CouncilView,
                self.summary,
                "councils' views",
                {"document": document, "municipality": municipality},
                {
                    "received_on": day,
                    "position": position,
                    "text": text,
                    "registered_by": registrar,
                    "reply": reply if sent_reply else "",
                    "reply_sent_on": reply_on if sent_reply else None,
                },
            )

    def attach_views(self, document: PcDocument, *, by: dt.date) -> None:
        """Once the views are in (``by`` has passed), the consolidated views document on
        the proposal, as the secretariat attaches it: it travels into the AB's pack."""
        if by >= self.today or views_document_of(document) is not None:
            return
        at = min(dt.datetime.combine(next_working_day(by), dt.time(10), tzinfo=TZ), self.now)
        attach_pdf(
            document.proposal,
            kind=Document.Kind.REPORT,
            title=views_document_title(document),
            content=views_pdf(document),
            at=at,
            file_name=f"zienswijzen-{document.proposal.reference}.pdf",
            note="De zienswijzen van de gemeenteraden en de reacties van het dagelijks bestuur",
        )
        self.summary.add("views documents", True)

    # --- council calendars ---------------------------------------------------------------

    # Councils that meet every other month after a six-week committee cycle: they cannot
    # give a view on a draft budget sent in April in time (quick win 4).
    SLOW_COUNCILS = ("Hillegom", "Kaag en Braassem", "Lisse")

    def council_calendars(self) -> None:
        """Each council meets on a weekday of a week of the month, not in the summer
        recess; some need longer to prepare and meet every other month."""
        for index, municipality in enumerate(self.municipalities):
            slow = municipality.name in self.SLOW_COUNCILS
            weekday = 3 if slow else (1, 3, 0, 2)[index % 4]  # Tue, Thu, Mon, Wed
            week = 2 if slow else (1, 2, 3, 4, 2, 3)[index % 6]
            preparation = 6 if slow else 3 if index % 3 == 0 else 2
            get_or_create(
                CouncilCalendar,
                self.summary,
                "council calendars",
                {"municipality": municipality},
                {"preparation_weeks": preparation},
            )
            months = (1, 3, 5, 7, 9, 11) if slow else (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)
            for day in self._council_days(weekday, week, months):
                get_or_create(
                    CouncilMeeting,
                    self.summary,
                    "council meetings",
                    {"municipality": municipality, "day": day, "kind": CouncilMeeting.Kind.COUNCIL},
                    {"title": "Raadsvergadering (demo)", "source": CouncilMeeting.Source.DEMO},
                )

    def _council_days(self, weekday: int, week: int, months: tuple[int, ...]) -> Iterator[dt.date]:
        for year in (self.today.year, self.today.year + 1):
            for month in months:
                day = nth_weekday(year, month, weekday, week)
                if month == 7 and day.day > 10:  # the summer recess starts mid-July
                    continue
                if not NATIONAL.is_working_day(day):
                    day = next_working_day(day)
                yield day

    # --- quick wins --------------------------------------------------------------------------

    QUICK_WINS = [
        (
            1,
            "Stukken op tijd aanleveren",
            "Actie Hecht: de directie stuurt scherp op deadlines, de P&C-cyclus wordt "
            "intern/extern beter afgestemd.",
            QuickWin.Actor.HECHT,
            QuickWin.Status.IMPLEMENTED,
            QuickWin.Measure.ON_TIME,
            [
                (
                    "2024-03-20",
                    "directeur",
                    "Deadlines voor DB en AB staan in de jaarplanning; "
                    "de directie bespreekt de stand wekelijks in het MT.",
                ),
                (
                    "2024-06-24",
                    "secretariaat",
                    "Voor het AB van 10 juli waren alle stukken op "
                    "tijd; één stuk voor de Auditcommissie kwam twee dagen te laat.",
                ),
                (
                    "2024-11-28",
                    "directeur",
                    "De termijnen zijn onderdeel van de reguliere "
                    "planning; de herinneringen gaan automatisch.",
                ),
            ],
        ),
        (
            2,
            "Via afgesproken route agendapunten inbrengen bij AB",
            "Wordt gezamenlijk opgepakt.",
            QuickWin.Actor.TOGETHER,
            QuickWin.Status.IMPLEMENTED,
            QuickWin.Measure.NONE,
            [
                (
                    "2024-06-24",
                    "secretariaat",
                    "Agendapunten voor het AB komen via BAO en DB; "
                    "de routes staan als sjabloon klaar.",
                ),
            ],
        ),
        (
            3,
            "Contactambtenaren laten redigeren/meelezen op stukken",
            "Is nu ook opgestart voor de P&C-cyclus.",
            QuickWin.Actor.TOGETHER,
            QuickWin.Status.EMBEDDED,
            QuickWin.Measure.CO_READING,
            [
                (
                    "2024-04-15",
                    "secretariaat",
                    "De contactambtenaren lazen mee op het herstelplan eigen vermogen.",
                ),
                (
                    "2024-11-28",
                    "directeur",
                    "Meelezen is vast onderdeel van elk P&C-document; "
                    "de reactienota gaat mee in het AB-pakket.",
                ),
            ],
        ),
        (
            4,
            "Beter aansluiten op gemeentelijke P&C-cyclus",
            "Gezamenlijk aandachtspunt, met de beperkingen van verschillen tussen gemeenten en "
            "vereisten van de Wgr.",
            QuickWin.Actor.TOGETHER,
            QuickWin.Status.STARTED,
            QuickWin.Measure.FIT,
            [
                (
                    "2024-06-24",
                    "secretariaat",
                    "De vergaderdata van de raden zijn opgevraagd; "
                    "drie raden vergaderen niet tussen half april en juni.",
                ),
                (
                    "2024-11-28",
                    "directeur",
                    "De aansluiting per raad staat in de "
                    "jaarplanning; met drie gemeenten lopen gesprekken over een extra "
                    "commissievergadering.",
                ),
            ],
        ),
        (
            5,
            "De juiste mensen in de juiste overleggen uitnodigen",
            "Betreft alleen het BAO; Dennis sluit regelmatig aan.",
            QuickWin.Actor.HECHT,
            QuickWin.Status.IMPLEMENTED,
            QuickWin.Measure.ATTENDANCE,
            [
                (
                    "2024-06-24",
                    "secretariaat",
                    "De controller sluit aan bij het BAO als de P&C-documenten op de agenda staan.",
                ),
            ],
        ),
        (
            6,
            "Meer scherpte op de financiële consequenties van bestuurlijke stukken",
            "Is opgestart, opleggers worden aangepast.",
            QuickWin.Actor.HECHT,
            QuickWin.Status.EMBEDDED,
            QuickWin.Measure.FINANCIAL,
            [
                (
                    "2024-03-20",
                    "directeur",
                    "De oplegger heeft een verplichte financiële paragraaf.",
                ),
                (
                    "2024-11-28",
                    "secretariaat",
                    "Een oplegger is pas compleet met bedrag, "
                    "begrotingsjaar en begrotingspost, of met de reden waarom er geen financiële "
                    "gevolgen zijn.",
                ),
            ],
        ),
    ]

    def quick_wins(self) -> None:
        reports = list(Proposal.objects.filter(reference__in=["VS-2024-004", "VS-2024-005"]))
        track = Track.objects.filter(number=1).order_by("programme__start_date").first()
        for number, title, action, actor, status, measure, notes in self.QUICK_WINS:
            win = get_or_create(
                QuickWin,
                self.summary,
                "quick wins",
                {"number": number},
                {
                    "title": title,
                    "action": action,
                    "actor": actor,
                    "status": status,
                    "measure": measure,
                    "track": track,
                },
            )
            if not win.reports.exists():
                win.reports.set(reports)
            for day, author, text in notes:
                get_or_create(
                    QuickWinNote,
                    self.summary,
                    "quick win notes",
                    {"quick_win": win, "written_on": dt.date.fromisoformat(day)},
                    {"author": self.story.users[author], "text": text},
                )
