"""The council calendars (overview, one municipality's calendar with its forms, a
meeting's edit page) and the fit matrix. Every logged-in role of the P&C pages reads
them; the secretariat, and a contact official for their own municipality, change them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.models import Municipality
from governance.views._http import AuthenticatedRequest, add_service_errors
from pcycle.access import access_council_meeting, may_manage_calendar, may_read
from pcycle.forms.calendars import (
    CalendarSettingsForm,
    CouncilMeetingForm,
    CsvUploadForm,
    IcalUploadForm,
)
from pcycle.models import CouncilCalendar, CouncilMeeting
from pcycle.queries import calendars as queries
from pcycle.queries import fit as fit_queries
from pcycle.services import calendars as services

DETAIL = "pcycle/calendar_detail.html"


def _require_read(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


def _municipality(request: HttpRequest, pk: int, *, write: bool = False) -> Municipality:
    """The municipality ``pk`` (404 when unknown) for a reader of the P&C pages (403
    otherwise); ``write``: one whose calendar ``request.user`` manages (403)."""
    _require_read(request)
    municipality = queries.municipality_with_calendar(pk)
    if municipality is None:
        raise Http404
    if write and not may_manage_calendar(request.user, municipality):
        raise PermissionDenied
    return municipality


def _settings_of(municipality: Municipality) -> CouncilCalendar:
    calendar = queries.calendar_of(municipality)
    return calendar or CouncilCalendar(municipality=municipality)


def _detail(
    request: HttpRequest, municipality: Municipality, *, status: int = 200, **forms: BaseForm
) -> HttpResponse:
    settings = _settings_of(municipality)
    return render(
        request,
        DETAIL,
        {
            "municipality": municipality,
            "settings": settings,
            "preparation_weeks": queries.preparation_weeks(municipality),
            "meetings": queries.meetings_of(municipality),
            "can_manage": may_manage_calendar(request.user, municipality),
            "meeting_form": forms.get("meeting_form") or CouncilMeetingForm(prefix="meeting"),
            "csv_form": forms.get("csv_form") or CsvUploadForm(prefix="csv"),
            "ical_form": forms.get("ical_form") or IcalUploadForm(prefix="ical"),
            "settings_form": forms.get("settings_form")
            or CalendarSettingsForm(instance=settings, prefix="settings"),
        },
        status=status,
    )


def _back(municipality: Municipality) -> HttpResponse:
    return redirect("pcycle:calendar", pk=municipality.pk)


@login_required
@require_GET
def calendars(request: AuthenticatedRequest) -> HttpResponse:
    """The 18 councils' calendars at a glance."""
    _require_read(request)
    today = timezone.localdate()
    return render(
        request,
        "pcycle/calendars.html",
        {"rows": queries.calendar_overview(today=today), "today": today},
    )


@login_required
@require_GET
def calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, _municipality(request, pk))


@login_required
@require_POST
def meeting_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk, write=True)
    form = CouncilMeetingForm(request.POST, prefix="meeting")
    if form.is_valid():
        try:
            services.council_meeting_add(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The council meeting has been added."))
            return _back(municipality)
    return _detail(request, municipality, status=400, meeting_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access_council_meeting(request.user, pk, write=True)
    if request.method != "POST":
        form = CouncilMeetingForm(instance=meeting)
        status = 200
    else:
        # The form fills in a copy: the service compares with the stored meeting.
        form = CouncilMeetingForm(request.POST, instance=CouncilMeeting(pk=meeting.pk))
        if form.is_valid():
            try:
                services.council_meeting_update(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The council meeting has been changed."))
                return _back(meeting.municipality)
        status = 400
    return render(
        request,
        "pcycle/calendar_meeting_form.html",
        {"meeting": meeting, "municipality": meeting.municipality, "form": form},
        status=status,
    )


@login_required
@require_POST
def meeting_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access_council_meeting(request.user, pk, write=True)
    services.council_meeting_delete(actor=request.user, meeting=meeting)
    messages.success(request, _("The council meeting has been removed."))
    return _back(meeting.municipality)


def _imported(request: HttpRequest, result: services.ImportResult) -> None:
    messages.success(
        request,
        _("The calendar has been imported: %(summary)s.") % {"summary": result.summary()},
    )


def _import_upload(
    request: AuthenticatedRequest,
    pk: int,
    *,
    form_class: type[CsvUploadForm] | type[IcalUploadForm],
    prefix: str,
    importer: Callable[..., services.ImportResult],
) -> HttpResponse:
    """An uploaded calendar file (CSV or iCalendar) imported by ``importer``; the form
    with the errors, or back to the calendar with what was imported."""
    municipality = _municipality(request, pk, write=True)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            result = importer(
                actor=request.user, municipality=municipality, data=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _imported(request, result)
            return _back(municipality)
    return _detail(request, municipality, status=400, **{f"{prefix}_form": form})


@login_required
@require_POST
def calendar_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _import_upload(
        request,
        pk,
        form_class=CsvUploadForm,
        prefix="csv",
        importer=services.council_calendar_import_csv,
    )


@login_required
@require_POST
def calendar_ical(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _import_upload(
        request,
        pk,
        form_class=IcalUploadForm,
        prefix="ical",
        importer=services.council_calendar_import_ical,
    )


@login_required
@require_POST
def calendar_fetch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Fetch the feed now (through the SSRF guard) and import it; the outcome as a
    message on the calendar page."""
    municipality = _municipality(request, pk, write=True)
    try:
        result = services.council_calendar_fetch(actor=request.user, municipality=municipality)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        _imported(request, result)
    return _back(municipality)


@login_required
@require_POST
def calendar_settings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk, write=True)
    form = CalendarSettingsForm(
        request.POST, instance=_settings_of(municipality), prefix="settings"
    )
    if form.is_valid():
        try:
            services.council_calendar_update(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The calendar settings have been saved."))
            return _back(municipality)
    return _detail(request, municipality, status=400, settings_form=form)


@login_required
@require_GET
def fit(request: AuthenticatedRequest) -> HttpResponse:
    """The fit matrix: which councils can give their view in time, per document."""
    _require_read(request)
    return render(request, "pcycle/fit.html", {"matrix": fit_queries.fit_matrix(request.user)})
