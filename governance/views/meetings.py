from __future__ import annotations

import copy
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from governance import packs, services
from governance.access import access_meeting, is_insider_of, meeting_scope, require
from governance.extensions import move_consequences
from governance.filters.meetings import MeetingFilter
from governance.forms.meetings import MeetingForm
from governance.models import AgendaPack
from governance.queries import actions as action_queries
from governance.queries import agenda as queries_agenda
from governance.queries import meetings as queries
from governance.queries import notes as queries_notes
from governance.queries.days_off import organisation_days_off
from governance.roles import role_labels
from governance.services.meetings import MOVE_FIELDS
from governance.views._http import AuthenticatedRequest
from hecht import params

# The value the meeting form's "Yes, save" button sends to confirm moving a meeting
# whose agenda is published.
CONFIRM_MOVE = "yes"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """ "Mijn overzicht": the user's bodies and next meetings; for the public, the
    next public meetings."""
    user = request.user
    return render(
        request,
        "governance/home.html",
        {
            "memberships": queries.user_memberships(user),
            "upcoming": queries.upcoming_meetings(user),
            "my_actions": action_queries.my_open_actions(user),
            "today": timezone.localdate(),
            "roles": role_labels(user),
            "can_add_meeting": user.has_perm("governance.add_meeting"),
        },
    )


def year_from_query(request: HttpRequest) -> int:
    """The ``?jaar=`` of a calendar page (this year when absent); 404 for anything that is
    not a year 1900-2200 in ASCII digits (``hecht.params``)."""
    try:
        year = params.year_param(request.GET, "jaar", default=timezone.localdate().year)
    except BadRequest:
        raise Http404 from None
    return year


@require_GET
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """Year calendar of all visible meetings, grouped by month, filterable by body."""
    year = year_from_query(request)
    scope = meeting_scope(request.user)
    meeting_filter = MeetingFilter(request.GET, queryset=scope)
    today = timezone.localdate()
    return render(
        request,
        "governance/meeting_calendar.html",
        {
            "year": year,
            "years": sorted({*queries.meeting_years(scope), today.year, today.year + 1}),
            "filter": meeting_filter,
            "months": queries.year_calendar(meeting_filter.qs, year),
            "filter_query": _filter_query(request),
            "month_link": (year, today.month if year == today.year else 1),
            "can_add_meeting": request.user.has_perm("governance.add_meeting"),
        },
    )


@require_GET
def meeting_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and params.MIN_YEAR <= year <= params.MAX_YEAR):
        raise Http404
    meeting_filter = MeetingFilter(request.GET, queryset=meeting_scope(request.user))
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "governance/meeting_month.html",
        {
            "first": first,
            "previous": previous,
            "following": following,
            "weeks": queries.month_grid(meeting_filter.qs, year, month),
            "filter": meeting_filter,
            "filter_query": _filter_query(request),
        },
    )


def _filter_query(request: HttpRequest) -> str:
    """The filter part of the query string, to carry across calendar navigation."""
    query = request.GET.copy()
    query.pop("jaar", None)
    return query.urlencode()


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting with its agenda: the items the user may see, each with its document
    status against the meeting's document deadline (a fixed number of queries)."""
    meeting = access_meeting(request.user, pk)
    user = request.user
    # Outsiders read the published agenda only (access.agenda_item_scope) and get the
    # public pack, which exists only once the agenda is published.
    insider = is_insider_of(user, meeting)
    published = meeting.agenda_published_at is not None
    days_off = organisation_days_off()
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "can_change": user.has_perm("governance.change_meeting"),
            "can_view_history": user.has_perm("governance.view_historicalmeeting"),
            "tab": "details",
            "agenda": queries_agenda.meeting_agenda(meeting, user, days_off=days_off),
            "document_deadline": queries_agenda.item_deadline(meeting, days_off=days_off),
            # Documents need a login: for the public the status would always read
            # "missing", so it is not shown.
            "show_document_status": user.is_authenticated,
            "can_build_agenda": user.has_perm("governance.change_agendaitem"),
            "can_publish": user.has_perm("governance.publish_meeting"),
            "agenda_unpublished": not insider and not published,
            # Logged-in users download through governance:pack-download: insiders get
            # the members' pack, others the public one (the public use the portal).
            "pack": packs.shown_pack(
                meeting,
                AgendaPack.Variant.MEMBERS if insider else AgendaPack.Variant.PUBLIC,
            )
            if user.is_authenticated
            else None,
            # A link to the user's own private notes on this meeting (views/notes.py).
            "has_notes": queries_notes.has_meeting_notes(user, meeting),
        },
    )


@login_required
@require_GET
def meeting_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The "Wijzigingen" tab: a full page, or only the tab panel for htmx."""
    meeting = access_meeting(request.user, pk, history=True)
    context = {
        "meeting": meeting,
        "history": queries.meeting_history(meeting),
        "can_change": request.user.has_perm("governance.change_meeting"),
        "can_view_history": True,
        "tab": "history",
    }
    template = "governance/meeting_detail.html"
    if request.htmx:
        template += "#tab-panel"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "governance.add_meeting")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": None})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, write=True)
    # The form's validation writes the new values onto ``meeting``: the move checks
    # compare with the meeting as it is saved.
    saved = copy.copy(meeting)
    form = MeetingForm(request.POST or None, instance=meeting)
    confirm_move = False
    consequences: list[str] = []
    if request.method == "POST" and form.is_valid():
        # What the new date breaks elsewhere (e.g. a statutory P&C date, pcycle): said
        # before saving, and again after.
        if "starts_at" in form.changed_data:
            consequences = move_consequences(saved, form.cleaned_data["starts_at"])
        # Moving a meeting whose agenda is published rebuilds its packs and updates the
        # calendar subscribers: say so and ask to confirm before saving.
        confirm_move = (
            (meeting.agenda_published_at is not None or bool(consequences))
            and bool(MOVE_FIELDS.intersection(form.changed_data))
            and request.POST.get("confirm_move") != CONFIRM_MOVE
        )
    if request.method == "POST" and form.is_valid() and not confirm_move:
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            for consequence in consequences:
                messages.warning(request, consequence)
            return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "governance/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "confirm_move": confirm_move,
            "confirm": CONFIRM_MOVE,
            "consequences": consequences,
            "published": meeting.agenda_published_at is not None,
        },
    )
