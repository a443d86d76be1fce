"""The quick wins: overview, detail (status, progress notes, indicator) and the progress
report for the general board (PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance.views._http import AuthenticatedRequest, add_service_errors

from ..access import access_quick_win, may_read
from ..forms.quickwins import QuickWinNoteForm, QuickWinStatusForm
from ..queries import quickwins as queries
from ..services.quickwins import quick_win_note_add, quick_win_set_status


@login_required
@require_GET
def quickwin_list(request: AuthenticatedRequest) -> HttpResponse:
    if not may_read(request.user):
        raise Http404
    rows = queries.quick_win_rows(request.user)
    return render(
        request,
        "pcycle/quickwin_list.html",
        {"rows": rows, "report_steps": queries.report_meetings(rows)},
    )


def _detail(request: AuthenticatedRequest, win, *, status_form=None, note_form=None, status=200):
    user = request.user
    can_change = user.has_perm("pcycle.change_quickwin")
    can_note = user.has_perm("pcycle.add_quickwinnote")
    row = queries.quick_win_detail(win, user)
    return render(
        request,
        "pcycle/quickwin_detail.html",
        {
            "row": row,
            "win": row.win,
            "report_steps": queries.report_meetings([row]),
            "status_form": status_form
            or (QuickWinStatusForm(initial={"status": win.status}) if can_change else None),
            "note_form": note_form or (QuickWinNoteForm() if can_note else None),
        },
        status=status,
    )


@login_required
@require_GET
def quickwin_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, access_quick_win(request.user, pk))


@login_required
@require_POST
def quickwin_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    win = access_quick_win(request.user, pk, write=True)
    form = QuickWinStatusForm(request.POST)
    if form.is_valid():
        try:
            quick_win_set_status(
                actor=request.user, quick_win=win, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("pcycle:quickwin-detail", pk=win.pk)
    return _detail(request, win, status_form=form, status=422)


@login_required
@require_POST
def quickwin_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    win = access_quick_win(request.user, pk, note=True)
    form = QuickWinNoteForm(request.POST)
    if form.is_valid():
        try:
            quick_win_note_add(actor=request.user, quick_win=win, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress has been recorded."))
            return redirect("pcycle:quickwin-detail", pk=win.pk)
    return _detail(request, win, note_form=form, status=422)


@login_required
@require_GET
def quickwins_report(request: AuthenticatedRequest) -> HttpResponse:
    if not may_read(request.user):
        raise Http404
    response = HttpResponse(
        queries.progress_report_pdf(request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="quick-wins-voortgangsrapportage.pdf"'
    return response
