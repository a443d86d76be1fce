"""Read models of the quick wins: the overview with each one's latest note, indicator and
the meetings it reports to, the detail page and the progress report (PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.access import Viewer, proposal_scope
from governance.models import Proposal, RouteStep
from hecht import pdf
from hecht.charts import Chart

from ..access import quick_win_scope
from ..models import QuickWin, QuickWinNote
from . import kpis


@dataclass(frozen=True)
class QuickWinRow:
    win: QuickWin
    notes: list[QuickWinNote]
    reports: list[Proposal]
    indicator: kpis.Indicator | None
    chart: Chart | None
    meeting_chart: Chart | None = None
    meeting_rows: tuple[kpis.MeetingShare, ...] = field(default=())

    @property
    def latest_note(self) -> QuickWinNote | None:
        return self.notes[0] if self.notes else None


def _wins(user: Viewer):
    steps = RouteStep.objects.select_related("body", "meeting").order_by("position")
    reports = proposal_scope(user).prefetch_related(Prefetch("steps", queryset=steps))
    notes = QuickWinNote.objects.select_related("author").order_by("-written_on", "-pk")
    return quick_win_scope(user).prefetch_related(
        Prefetch("notes", queryset=notes, to_attr="note_list"),
        Prefetch("reports", queryset=reports.order_by("created_at"), to_attr="report_list"),
    )


def report_meetings(rows: list[QuickWinRow]) -> list[RouteStep]:
    """The steps of the reporting proposals' routes (BAO, Auditcommissie, AB), each
    proposal once, in date order: the meetings the quick wins report to."""
    seen: dict[int, RouteStep] = {}
    for row in rows:
        for proposal in row.reports:
            for step in proposal.steps.all():
                seen.setdefault(step.pk, step)
    return sorted(
        seen.values(),
        key=lambda step: (step.meeting is None, step.meeting and step.meeting.starts_at),
    )


def quick_win_rows(user: Viewer, *, chart_prefix: str = "qw") -> list[QuickWinRow]:
    """Every quick win ``user`` may see, with its notes (newest first), the reporting
    proposals ``user`` may see with their routes, and its indicator with a chart.
    Four queries plus the indicators' own (``kpis``), whatever the number of notes."""
    wins = list(_wins(user))
    found = kpis.indicators(win.measure for win in wins)
    rows = []
    for win in wins:
        indicator = found.get(win.measure)
        rows.append(
            QuickWinRow(
                win=win,
                notes=win.note_list,
                reports=win.report_list,
                indicator=indicator,
                chart=(
                    kpis.trend_chart(indicator, key=f"{chart_prefix}-{win.number}")
                    if indicator
                    else None
                ),
            )
        )
    return rows


def quick_win_detail(win: QuickWin, user: Viewer) -> QuickWinRow:
    """One quick win as ``quick_win_rows`` has it, with its indicator per meeting (the
    meetings ``user`` may see) when it is counted per meeting."""
    win = _wins(user).get(pk=win.pk)
    indicator = kpis.indicator(win.measure)
    meeting_rows = kpis.visible_meetings(indicator, user) if indicator else ()
    return QuickWinRow(
        win=win,
        notes=win.note_list,  # type: ignore[attr-defined]
        reports=win.report_list,  # type: ignore[attr-defined]
        indicator=indicator,
        chart=kpis.trend_chart(indicator, key=f"qw-{win.number}") if indicator else None,
        meeting_chart=(
            kpis.meeting_chart(indicator, meeting_rows, key=f"qw-{win.number}-meetings")
            if indicator and meeting_rows
            else None
        ),
        meeting_rows=meeting_rows,
    )


def progress_report_title() -> str:
    return _("Quick wins: progress report")


def progress_report_pdf(user: Viewer) -> bytes:
    """The progress report for the general board: every quick win, its status, notes and
    indicator chart with its data table, as a tagged PDF/UA document in Dutch. Whoever
    calls it has checked that ``user`` may read the quick wins."""
    rows = quick_win_rows(user, chart_prefix="report")
    title = progress_report_title()
    return pdf.render_pdf(
        "pdf/quickwins_report.html",
        {
            "rows": rows,
            "report_steps": report_meetings(rows),
            "generated_at": date_format(timezone.localtime(), "j F Y H:i"),
            "pdf_title": title,
        },
        title=title,
    )
