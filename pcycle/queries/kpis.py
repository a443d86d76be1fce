"""The indicators of the quick wins (``QuickWin.Measure``), computed from the data and
never typed in. Each is a share: how many of the counted things (``Share.total``) meet the
rule (``Share.hits``). A period or meeting without anything to count has no value
(``Share.value`` is None, shown as "no data"), which is not 0%.

Periods are calendar quarters or half-years in Dutch time (Europe/Amsterdam). Every
indicator is computed in a fixed number of queries, whatever the number of meetings,
items, proposals or documents (see each function). They count over all data: they are
aggregates, shown to every reader of the quick wins; lists per meeting are cut down to
the meetings the reader may see (``visible_meetings``).

``FIT`` (quick win 4) takes the fit matrix (``pcycle.queries.fit.fit_summary``); ``ROUTE``
is not computed yet: ``indicator`` returns None for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.translation import gettext as _

from governance.access import meeting_scope
from governance.models import (
    AgendaItem,
    Body,
    CoverNote,
    Decision,
    Document,
    Meeting,
    Proposal,
    ReviewRound,
    RouteStep,
)
from governance.queries.agenda import item_document_status
from hecht.charts import Chart, Series, bar_chart, line_chart, percent

from ..models import QuickWin
from .fit import fit_summary

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Measure = QuickWin.Measure


@dataclass(frozen=True)
class Share:
    """``hits`` out of ``total``; no value without anything to count."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return None if self.total == 0 else self.hits / self.total

    def __add__(self, other: Share) -> Share:
        return Share(self.hits + other.hits, self.total + other.total)

    @property
    def label(self) -> str:
        if self.total == 0:
            return _("no data")
        return _("%(hits)s of %(total)s (%(percent)s)") % {
            "hits": self.hits,
            "total": self.total,
            "percent": percent(self.hits / self.total),
        }


@dataclass(frozen=True)
class Period:
    """A calendar quarter (``size`` 3) or half-year (``size`` 6)."""

    year: int
    number: int
    size: int = 3

    @classmethod
    def of(cls, moment: dt.datetime | dt.date, *, size: int = 3) -> Period:
        if isinstance(moment, dt.datetime):
            moment = moment.astimezone(AMSTERDAM).date()
        return cls(moment.year, (moment.month - 1) // size + 1, size)

    @property
    def label(self) -> str:
        if self.size == 6:
            return _("H%(number)s %(year)s") % {"number": self.number, "year": self.year}
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


@dataclass(frozen=True)
class MeetingShare:
    meeting: Meeting
    share: Share


@dataclass(frozen=True)
class Indicator:
    """One indicator over time: per series (a body, or one series for all) the share
    in each of ``periods`` (all periods with data, in order); ``overall`` pools the
    series per period; ``meetings`` the share per held meeting (when it is counted per
    meeting), in date order."""

    measure: str
    title: str
    description: str
    periods: tuple[Period, ...]
    series: tuple[tuple[str, tuple[Share, ...]], ...]
    overall: tuple[Share, ...]
    meetings: tuple[MeetingShare, ...] = ()

    @property
    def headline(self) -> tuple[Period, Share] | None:
        """The latest period with data and its pooled share (None without data)."""
        for period, share in zip(reversed(self.periods), reversed(self.overall), strict=True):
            if share.total:
                return period, share
        return None


def _indicator(
    measure: str,
    title: str,
    description: str,
    counted: dict[tuple[str, Period], Share],
    meetings: Iterable[MeetingShare] = (),
    *,
    series_order: Iterable[str] = (),
) -> Indicator:
    periods = tuple(sorted({period for _name, period in counted}, key=lambda p: (p.year, p.number)))
    names = [name for name in series_order if any(key[0] == name for key in counted)]
    names += sorted({name for name, _period in counted} - set(names))
    series = tuple(
        (name, tuple(counted.get((name, period), Share()) for period in periods)) for name in names
    )
    overall = tuple(
        sum((shares[index] for _name, shares in series), Share()) for index in range(len(periods))
    )
    return Indicator(measure, title, description, periods, series, overall, tuple(meetings))


def _body_order() -> list[str]:
    return list(Body.objects.order_by("order").values_list("name", flat=True))


def on_time() -> Indicator:
    """``ON_TIME`` (quick win 1): of the agenda items of held meetings that expect
    documents, the share whose documents were all delivered on time.

    The rule is governance's (``governance.queries.agenda.item_document_status``): an
    item counts when it expects documents (``requires_documents``) and its meeting has a
    document deadline (not a written procedure); it is on time when documents were
    delivered (its own or its proposal's) and none after the deadline; late or missing
    otherwise. All documents count, whoever may see them. Per held meeting, and per
    body per quarter of the meeting (pooled over its items). Four queries: the bodies,
    the items, the documents and the days off."""
    order = _body_order()
    items = list(
        AgendaItem.objects.filter(
            meeting__status__in=Meeting.HELD_STATUSES, requires_documents=True
        )
        .exclude(meeting__kind=Meeting.Kind.WRITTEN)
        .select_related("meeting__body", "route_step")
        .order_by("meeting__starts_at", "meeting_id", "order")
    )
    statuses = item_document_status(items, documents=Document.objects.all())
    per_meeting: dict[int, Share] = {}
    meetings: dict[int, Meeting] = {}
    counted: dict[tuple[str, Period], Share] = defaultdict(Share)
    for item in items:
        status = statuses[item.pk]
        if status.state is None:
            continue
        one = Share(int(status.is_delivered), 1)
        meetings[item.meeting_id] = item.meeting
        per_meeting[item.meeting_id] = per_meeting.get(item.meeting_id, Share()) + one
        key = (item.meeting.body.name, Period.of(item.meeting.starts_at))
        counted[key] = counted[key] + one
    return _indicator(
        Measure.ON_TIME,
        _("Documents delivered on time"),
        _(
            "Share of the agenda items of held meetings expecting documents whose "
            "documents were all delivered by the deadline, per body per quarter."
        ),
        counted,
        (MeetingShare(meetings[pk], share) for pk, share in per_meeting.items()),
        series_order=order,
    )


def attendance() -> Indicator:
    """``ATTENDANCE`` (quick win 5): per held meeting, the share of its sitting members
    that were present, from what the decisions recorded when their votes were counted
    (``Decision.heads_present`` of ``Decision.heads_total``; for a written procedure
    the members who responded). A meeting counts by the decision with the most members
    present (members come late and leave early: the most present is who attended);
    a meeting without a decision with counted votes has no data. Per body per quarter
    the members present are added up over its meetings, as are the seats. Three
    queries: the bodies, the counts per meeting and the meetings."""
    order = _body_order()
    rows = (
        Decision.objects.filter(
            agenda_item__meeting__status__in=Meeting.HELD_STATUSES,
            heads_present__isnull=False,
            heads_total__gt=0,
        )
        .values("agenda_item__meeting_id")
        .annotate(present=Max("heads_present"), total=Max("heads_total"))
        .order_by()
    )
    counts = {row["agenda_item__meeting_id"]: Share(row["present"], row["total"]) for row in rows}
    meetings = list(
        Meeting.objects.filter(pk__in=list(counts)).select_related("body").order_by("starts_at")
    )
    counted: dict[tuple[str, Period], Share] = defaultdict(Share)
    for meeting in meetings:
        key = (meeting.body.name, Period.of(meeting.starts_at))
        counted[key] = counted[key] + counts[meeting.pk]
    return _indicator(
        Measure.ATTENDANCE,
        _("Attendance per meeting"),
        _(
            "Share of the sitting members present at held meetings (responding, in a "
            "written procedure), from the counted votes, per body per quarter."
        ),
        counted,
        (MeetingShare(meeting, counts[meeting.pk]) for meeting in meetings),
        series_order=order,
    )


def co_reading() -> Indicator:
    """``CO_READING`` (quick win 3): of the decided proposals, the share that went
    through at least one co-reading round (``ReviewRound``), per half-year of their
    decision: the start of the latest meeting of a route step with the outcome
    "decided". A decided proposal without such a meeting is not counted. One query."""
    rows = (
        Proposal.objects.filter(status=Proposal.Status.DECIDED)
        .annotate(
            decided_at=Max(
                "steps__meeting__starts_at", filter=Q(steps__outcome=RouteStep.Outcome.DECIDED)
            ),
            co_read=Exists(ReviewRound.objects.filter(proposal=OuterRef("pk"))),
        )
        .filter(decided_at__isnull=False)
        .values_list("decided_at", "co_read")
        .order_by()
    )
    name = _("Decided proposals")
    counted: dict[tuple[str, Period], Share] = defaultdict(Share)
    for decided_at, co_read in rows:
        key = (name, Period.of(decided_at, size=6))
        counted[key] = counted[key] + Share(int(co_read), 1)
    return _indicator(
        Measure.CO_READING,
        _("Proposals read along"),
        _(
            "Share of the decided proposals that went through at least one co-reading "
            "round of the contact officials, per half-year of the decision."
        ),
        counted,
    )


def financial() -> Indicator:
    """``FINANCIAL`` (quick win 6): of the cover notes of proposals that are on a route
    with a meeting (not withdrawn), the share whose financial section is complete
    (``CoverNote.financial_section_missing`` is empty: the rule that completing a cover
    note applies), per quarter of the proposal's first meeting on its route (the first
    time the cover note went to a body). The cover note counts as it is now. One query."""
    notes = (
        CoverNote.objects.exclude(proposal__status=Proposal.Status.WITHDRAWN)
        .annotate(first_meeting=Min("proposal__steps__meeting__starts_at"))
        .filter(first_meeting__isnull=False)
        .order_by()
    )
    name = _("Cover notes")
    counted: dict[tuple[str, Period], Share] = defaultdict(Share)
    for note in notes:
        key = (name, Period.of(note.first_meeting))
        counted[key] = counted[key] + Share(int(not note.financial_section_missing()), 1)
    return _indicator(
        Measure.FINANCIAL,
        _("Complete financial sections"),
        _(
            "Share of the cover notes with a complete financial section, per quarter of "
            "the first meeting on their proposal's route."
        ),
        counted,
    )


def fit() -> Indicator:
    """(4) The share of the councils that can give their view in time (a council meeting
    inside the window after their preparation time, green or tight in the fit matrix),
    over the P&C documents whose view window has not closed yet (each council counted once
    per document), by the quarter in which the window closes. The queries of
    ``pcycle.queries.fit.fit_summary``, whatever the number of documents and
    municipalities."""
    # One series, pooled per quarter: a line per document would crowd the chart (the
    # matrix page shows every document and council).
    series = str(_("P&C documents with an open view window"))
    counted: dict[tuple[str, Period], Share] = defaultdict(Share)
    for row in fit_summary():
        counted[(series, Period.of(row.window.closes))] += Share(row.able, row.total)
    return _indicator(
        Measure.FIT,
        _("Councils that can give their view in time"),
        _(
            "Share of the municipal councils with a council meeting inside the view window "
            "after their preparation time, per P&C document whose window is still open."
        ),
        counted,
    )


COMPUTED: dict[str, Callable[[], Indicator]] = {
    Measure.ON_TIME: on_time,
    Measure.CO_READING: co_reading,
    Measure.ATTENDANCE: attendance,
    Measure.FINANCIAL: financial,
    Measure.FIT: fit,
}


def indicator(measure: str) -> Indicator | None:
    """The indicator ``measure`` (None for one not computed here)."""
    compute = COMPUTED.get(measure)
    return compute() if compute is not None else None


def indicators(measures: Iterable[str]) -> dict[str, Indicator]:
    """The computed indicators among ``measures``, each once."""
    return {m: ind for m in dict.fromkeys(measures) if (ind := indicator(m)) is not None}


def visible_meetings(found: Indicator, user, *, last: int = 12) -> tuple[MeetingShare, ...]:
    """The last ``last`` meetings of ``found`` that ``user`` may see. One query."""
    if not found.meetings:
        return ()
    visible = set(
        meeting_scope(user)
        .filter(pk__in=[row.meeting.pk for row in found.meetings])
        .values_list("pk", flat=True)
    )
    return tuple(row for row in found.meetings if row.meeting.pk in visible)[-last:]


# --- charts -----------------------------------------------------------------------------


def trend_chart(found: Indicator, *, key: str) -> Chart:
    """The indicator over its periods, one line per series (bars for a single period)."""
    draw = line_chart if len(found.periods) > 1 else bar_chart
    return draw(
        key=key,
        title=found.title,
        description=found.description,
        category_header=_("Period"),
        categories=[period.label for period in found.periods],
        series=[
            Series(
                name,
                tuple(share.value for share in shares),
                tuple(share.label for share in shares),
            )
            for name, shares in found.series
        ],
    )


def meeting_chart(found: Indicator, rows: Iterable[MeetingShare], *, key: str) -> Chart:
    """The indicator per meeting (``rows``: ``visible_meetings``) as bars."""
    rows = list(rows)
    return bar_chart(
        key=key,
        title=_("%(title)s per meeting") % {"title": found.title},
        description=_("The share per held meeting, the most recent meetings last."),
        category_header=_("Meeting"),
        categories=[
            f"{row.meeting.body.code} {row.meeting.starts_at.astimezone(AMSTERDAM):%d-%m-%Y}"
            for row in rows
        ],
        series=[
            Series(
                found.title,
                tuple(row.share.value for row in rows),
                tuple(row.share.label for row in rows),
            )
        ],
    )
