"""The organisation's days off ("Vrije dagen"): readable by everyone, also without a
login (a public body publishes when it is closed); changed by the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance import services
from governance.access import access_closing_day, may_manage_days_off
from governance.forms.days_off import ClosingDayForm, WaiveForm
from governance.queries import days_off as queries
from governance.views._http import AuthenticatedRequest
from governance.views.meetings import year_from_query


def _page(request: HttpRequest, year: int, *, form=None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    manage = may_manage_days_off(request.user)
    return render(
        request,
        "governance/days_off.html",
        {
            "year": year,
            "years": sorted({today.year, today.year + 1, year}),
            "today": today,
            "rows": queries.days_off_of_year(year),
            "can_manage": manage,
            "form": form or ClosingDayForm(),
            "history": queries.days_off_history() if manage else None,
        },
        status=status,
    )


def _back(day) -> HttpResponse:
    return redirect(f"{reverse('governance:days-off')}?jaar={day.year}")


@require_GET
def days_off(request: HttpRequest) -> HttpResponse:
    """The national days off and the organisation's closing days of a year (``?jaar=``)."""
    return _page(request, year_from_query(request))


@login_required
@require_POST
def closing_day_add(request: AuthenticatedRequest) -> HttpResponse:
    if not may_manage_days_off(request.user):
        raise PermissionDenied
    form = ClosingDayForm(request.POST)
    if form.is_valid():
        try:
            closing_day = services.closing_day_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The closing day has been added."))
            return _back(closing_day.date)
    year = form.cleaned_data.get("date", timezone.localdate()).year
    return _page(request, year, form=form, status=400)


@login_required
@require_POST
def national_day_waive(request: AuthenticatedRequest) -> HttpResponse:
    if not may_manage_days_off(request.user):
        raise PermissionDenied
    form = WaiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a national day off."))
        return redirect("governance:days-off")
    day = form.cleaned_data["date"]
    try:
        services.national_day_waive(actor=request.user, date=day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The organisation works on this national day off."))
    return _back(day)


@login_required
@require_POST
def closing_day_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    closing_day = access_closing_day(request.user, pk)
    try:
        services.closing_day_remove(actor=request.user, closing_day=closing_day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The closing day has been removed.")
            if closing_day.kind == closing_day.Kind.CLOSED
            else _("The national day off is a day off again."),
        )
    return _back(closing_day.date)
