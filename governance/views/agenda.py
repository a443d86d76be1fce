"""The agenda item page, and the agenda builder of a meeting: items in order, moved, changed,
added, removed.

Every button is a plain form (POST, then redirect back), so the builder works without
JavaScript; with htmx, moving and removing swap the list in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import services
from governance.access import (
    access_agenda_item,
    access_meeting,
    document_scope,
    may_close_written,
    may_record_decisions,
    may_see_written_responses,
    proposal_scope,
    require,
)
from governance.extensions import panels_for
from governance.forms.decisions import WrittenResponseForm
from governance.forms.proposals import AgendaItemForm, add_service_error
from governance.models import AgendaItem, Meeting
from governance.queries import agenda as queries
from governance.queries import decisions as decision_queries
from governance.queries.days_off import organisation_days_off
from governance.services.decisions import decision_waits_for_start
from governance.services.written import responding_membership, written_close_waits
from governance.views._http import AuthenticatedRequest, HtmxRequest, posted_position

TEMPLATE = "governance/agenda_builder.html"


def _builder_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    days_off = organisation_days_off()
    return {
        "meeting": meeting,
        "rows": queries.meeting_agenda(meeting, request.user, days_off=days_off),
        "deadline": queries.item_deadline(meeting, days_off=days_off),
        "editable": not meeting.is_held,
        "accepts_items": not meeting.is_held and meeting.status != Meeting.Status.CANCELLED,
        "form": extra.pop("form", None) or AgendaItemForm(),
        "errors": extra.pop("errors", []),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agenda_builder(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's items in order; the POST adds an item without proposal."""
    meeting = access_meeting(request.user, pk, build_agenda=True)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "governance.add_agendaitem")
        if form.is_valid():
            try:
                services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The item has been added to the agenda."))
                return redirect("governance:agenda-builder", pk=meeting.pk)
    return render(request, TEMPLATE, _builder_context(request, meeting, form=form))


def _after_item_change(request: HtmxRequest, meeting: Meeting, error=None) -> HttpResponse:
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
def agenda_item_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One place ``direction`` up or down (the buttons), or to ``position`` (drag and drop)."""
    item = access_agenda_item(request.user, pk, write=True)
    error = None
    try:
        if "position" in request.POST:
            services.agenda_item_place(
                actor=request.user, item=item, position=posted_position(request)
            )
        else:
            services.agenda_item_move(
                actor=request.user, item=item, direction=request.POST.get("direction", "")
            )
    except ValidationError as exc:
        error = exc
    return _after_item_change(request, item.meeting, error)


@login_required
@require_POST
def agenda_item_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = access_agenda_item(request.user, pk, delete=True)
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
def agenda_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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


def _documents(item: AgendaItem, user):
    """The item's own documents and those of its proposal, as far as ``user`` may see."""
    where = Q(agenda_item=item)
    if item.route_step is not None:
        where |= Q(proposal_id=item.route_step.proposal_id)
    return list(
        document_scope(user).filter(where).select_related("current_version").order_by("order", "pk")
    )


def _item_context(request: HttpRequest, item: AgendaItem) -> dict:
    user = request.user
    meeting = item.meeting
    seats = decision_queries.roster(meeting)
    proposal = None
    if item.route_step is not None:
        proposal = proposal_scope(user).filter(pk=item.route_step.proposal_id).first()
    status = queries.item_document_status([item], user=user)[item.pk]
    context = {
        "item": item,
        "meeting": meeting,
        "proposal": proposal,
        "status": status,
        "deadline": status.deadline,
        "panels": panels_for(user, [proposal.pk])[proposal.pk] if proposal else [],
        "documents": _documents(item, user),
        "row": decision_queries.item_decision(item, user, seats=seats),
        "upload_url": reverse("governance:item-document-upload", kwargs={"pk": item.pk})
        if user.has_perm("governance.add_document")
        else None,
        # A written procedure's decisions come from closing it; afterwards they can
        # be corrected like any other.
        "can_record": may_record_decisions(user)
        and (meeting.kind == Meeting.Kind.REGULAR or (meeting.is_written and meeting.is_held)),
        "can_close": meeting.is_written and not meeting.is_held and may_close_written(user),
    }
    # What the services would refuse now is not offered; the page says when it can be.
    context["decision_waits"] = context["can_record"] and decision_waits_for_start(meeting)
    context["close_waits"] = context["can_close"] and written_close_waits(meeting)
    if meeting.is_written:
        context["written_open"] = meeting.takes_written_responses
        if may_see_written_responses(user, meeting):
            context["responses"] = decision_queries.written_responses(item, seats)
        if (
            context["written_open"]
            and user.has_perm("governance.add_writtenresponse")
            and responding_membership(user, meeting) is not None
        ):
            own = decision_queries.own_response(item, user)
            context["own_response"] = own
            context["response_form"] = WrittenResponseForm(instance=own)
    return context


@require_GET
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_agenda_item(request.user, pk)
    return render(request, "governance/agenda_item_detail.html", _item_context(request, item))
