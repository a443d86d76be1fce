"""Pages of the budget-year cycle: the year timeline, a P&C document (register, preview of
its statutory dates, detail, plan, sent)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.access import require
from governance.queries.days_off import organisation_days_off
from governance.views._http import AuthenticatedRequest, add_service_errors
from hecht.params import MAX_YEAR, MIN_YEAR, year_param
from pcycle import timeline
from pcycle.access import access_pc_document, may_read
from pcycle.forms.cycle import DocumentCreateForm, DocumentPlanForm, DocumentSentForm
from pcycle.queries import cycle as queries
from pcycle.services import cycle as services


def _require_read(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


@login_required
@require_GET
def cycle(request: AuthenticatedRequest) -> HttpResponse:
    """To the budget year being prepared."""
    _require_read(request)
    return redirect("pcycle:cycle-year", year=queries.current_budget_year(request.user))


@login_required
@require_GET
def cycle_year(request: AuthenticatedRequest, year: int) -> HttpResponse:
    _require_read(request)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return render(
        request,
        "pcycle/cycle_year.html",
        {"timeline": queries.year_timeline(request.user, year)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "pcycle.add_pcdocument")
    initial = {"year": year_param(request.GET, "year", invalid="default")}
    form = DocumentCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.pc_document_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(label)s has been registered.") % {"label": document})
            return redirect("pcycle:document-detail", pk=document.pk)
    return render(
        request,
        "pcycle/document_form.html",
        {"form": form, "preview": _preview(form) if form.is_bound else None},
    )


def _preview(form: DocumentCreateForm) -> list[queries.StepRow] | None:
    """The statutory dates of the kind, year and AB meeting chosen so far (also on a form
    with errors in other fields): None while kind or year is missing."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    kind, year = data.get("kind"), data.get("year")
    if not kind or not year:
        return None
    meeting = data.get("adoption_meeting")
    facts = timeline.Facts(
        kind=kind,
        year=year,
        exempt=data.get("exempt_category") is not None,
        adoption_day=timezone.localtime(meeting.starts_at).date() if meeting else None,
        planned_to_councils_on=data.get("planned_to_councils_on"),
        views_requested_by=data.get("views_requested_by"),
        planned_to_province_on=data.get("planned_to_province_on"),
    )
    try:
        steps = timeline.steps(facts, today=timezone.localdate(), days_off=organisation_days_off())
    except (ValueError, OverflowError):
        return None
    return [queries.StepRow(step) for step in steps]


@login_required
@require_GET
def document_preview(request: AuthenticatedRequest) -> HttpResponse:
    """The htmx partial of the create form: the statutory dates for the choices so far."""
    require(request.user, "pcycle.add_pcdocument")
    form = DocumentCreateForm(request.GET)
    return render(request, "pcycle/_document_preview.html", {"preview": _preview(form)})


@login_required
@require_GET
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access_pc_document(request.user, pk)
    (row,) = queries.document_timelines([document])
    return render(
        request,
        "pcycle/document_detail.html",
        {
            "document": document,
            "row": row,
            "sent_form": DocumentSentForm(initial={"on": timezone.localdate()}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access_pc_document(request.user, pk, write=True)
    form = DocumentPlanForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.pc_document_plan(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The planning has been saved."))
            return redirect("pcycle:document-detail", pk=document.pk)
    # A failed form must not show the unsaved values as the document's facts.
    document.refresh_from_db()
    (row,) = queries.document_timelines([document])
    return render(
        request, "pcycle/document_plan.html", {"document": document, "form": form, "row": row}
    )


@login_required
@require_POST
def document_sent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access_pc_document(request.user, pk, write=True)
    form = DocumentSentForm(request.POST)
    if form.is_valid():
        try:
            services.pc_document_record_sent(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The date of sending has been recorded."))
            return redirect("pcycle:document-detail", pk=document.pk)
    (row,) = queries.document_timelines([document])
    return render(
        request,
        "pcycle/document_detail.html",
        {"document": document, "row": row, "sent_form": form},
        status=400,
    )
