"""The agenda builder of a meeting: items in order, moved, changed, added, removed.

Every button is a plain form (POST, then redirect back), so the builder works without
JavaScript; with htmx, moving and removing swap the list in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from governance import queries_agenda as queries
from governance import services
from governance.access import access_agenda_item, access_meeting
from governance.forms_proposals import AgendaItemForm, add_service_error
from governance.models import AgendaItem, Meeting
from governance.services.agenda import HELD_STATUSES

TEMPLATE = "governance/agenda_builder.html"


def _builder_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    return {
        "meeting": meeting,
        "rows": queries.meeting_agenda(meeting, request.user),
        "deadline": queries.item_deadline(meeting),
        "editable": meeting.status not in HELD_STATUSES,
        "accepts_items": meeting.status not in HELD_STATUSES
        and meeting.status != Meeting.Status.CANCELLED,
        "form": extra.pop("form", None) or AgendaItemForm(),
        "errors": extra.pop("errors", []),
        **extra,
    }


def _builder_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = access_meeting(request.user, pk)
    if not request.user.has_perm("governance.change_agendaitem"):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def agenda_builder(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's items in order; the POST adds an item without proposal."""
    meeting = _builder_meeting(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("governance.add_agendaitem"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The item has been added to the agenda."))
                return redirect("governance:agenda-builder", pk=meeting.pk)
    return render(request, TEMPLATE, _builder_context(request, meeting, form=form))


def _after_item_change(request: HttpRequest, meeting: Meeting, error=None) -> HttpResponse:
    """htmx gets the list in place (with the error, if any); others a redirect."""
    if request.htmx:
        meeting.refresh_from_db()
        errors = error.messages if error else []
        return render(
            request, TEMPLATE + "#agenda-list", _builder_context(request, meeting, errors=errors)
        )
    if error is not None:
        for text in error.messages:
            messages.error(request, text)
    return redirect("governance:agenda-builder", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_agenda_item(request.user, pk, write=True)
    error = None
    try:
        services.agenda_item_move(
            actor=request.user, item=item, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        error = exc
    return _after_item_change(request, item.meeting, error)


@login_required
@require_POST
def agenda_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_agenda_item(request.user, pk, write=True)
    if not request.user.has_perm("governance.delete_agendaitem"):
        raise PermissionDenied
    error = None
    try:
        services.agenda_item_remove(actor=request.user, item=item)
    except ValidationError as exc:
        error = exc
    else:
        if not request.htmx:
            messages.success(
                request, _("Item “%(title)s” has been removed.") % {"title": item.title}
            )
    return _after_item_change(request, item.meeting, error)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item: AgendaItem = access_agenda_item(request.user, pk, write=True)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agenda item has been saved."))
            return redirect("governance:agenda-builder", pk=item.meeting_id)
    return render(
        request,
        "governance/agenda_item_form.html",
        {"form": form, "item": item, "meeting": item.meeting},
    )
