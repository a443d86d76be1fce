"""Actions (actiepunten) and the development programme (ontwikkelagenda)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import access, services
from governance.access import (
    access_action,
    access_track,
    action_scope,
    may_add_progress,
)
from governance.filters.actions import ActionFilter
from governance.forms.actions import ActionForm, ActionNoteForm, TrackForm
from governance.models import Action
from governance.queries import actions as queries
from governance.views._http import AuthenticatedRequest
from hecht import params

PAGE_SIZE = 25


@login_required
@require_GET
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    """The actions the user may see, filtered, earliest due date first."""
    user = request.user
    action_filter = ActionFilter(request.GET, queryset=action_scope(user), request=request)
    page = Paginator(
        queries.ordered(queries.with_links(action_filter.qs, user)), PAGE_SIZE
    ).get_page(params.page_param(request.GET))
    counts = queries.status_counts(action_filter.qs_without_status())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/action_list.html",
        {
            "filter": action_filter,
            "page": page,
            "actions": queries.mark_overdue(page.object_list),
            "status_options": [
                (option, counts.by_status.get(option.data["value"], 0))
                for option in action_filter.form["status"]
            ],
            "overdue_count": counts.overdue,
            "filter_query": query.urlencode(),
            "can_add": user.has_perm("governance.add_action"),
        },
    )


def _detail_context(request: HttpRequest, action: Action, **extra) -> dict:
    user = request.user
    return {
        "action": queries.action_detail(action, user),
        "can_change": user.has_perm("governance.change_action"),
        "can_view_history": user.has_perm("governance.view_historicalaction"),
        "may_add_progress": may_add_progress(user, action),
        "tab": "details",
        **extra,
    }


@login_required
@require_GET
def action_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = access_action(request.user, pk)
    context = _detail_context(request, action)
    if context["may_add_progress"]:
        context["note_form"] = ActionNoteForm()
    return render(request, "governance/action_detail.html", context)


@login_required
@require_GET
def action_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The "Wijzigingen" tab: a full page, or only the tab panel for htmx."""
    action = access_action(request.user, pk, history=True)
    context = _detail_context(request, action, tab="history")
    context["history"] = queries.action_history(action)
    template = "governance/action_detail.html"
    if request.htmx:
        template += "#tab-panel"
    return render(request, template, context)


@login_required
@require_POST
def action_note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Report progress (owner, secretariat, management); errors re-render the detail."""
    action = access_action(request.user, pk, add_note=True)
    form = ActionNoteForm(request.POST)
    if form.is_valid():
        try:
            services.action_add_note(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The progress has been recorded."))
            return redirect("governance:action-detail", pk=action.pk)
    return render(
        request, "governance/action_detail.html", _detail_context(request, action, note_form=form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "governance.add_action")
    form = ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect("governance:action-detail", pk=action.pk)
    return render(request, "governance/action_form.html", {"form": form, "action": None})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = access_action(request.user, pk, write=True)
    form = ActionForm(request.POST or None, instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user,
                action=action,
                note=form.cleaned_data["note"],
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect("governance:action-detail", pk=action.pk)
    return render(request, "governance/action_form.html", {"form": form, "action": action})


# --- The development programme -------------------------------------------------------


@login_required
@require_GET
def programme_overview(request: AuthenticatedRequest) -> HttpResponse:
    """The current programme with every track at a glance."""
    programme = queries.current_programme()
    tracks = queries.programme_tracks(programme, request.user) if programme else []
    return render(
        request,
        "governance/programme_overview.html",
        {"programme": programme, "tracks": tracks},
    )


@login_required
@require_GET
def track_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = access_track(request.user, pk)
    return render(
        request,
        "governance/track_detail.html",
        {
            "track": track,
            "actions": queries.track_actions(track, request.user),
            "proposals": queries.track_proposals(track, request.user),
            "can_change": request.user.has_perm("governance.change_track"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def track_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = access_track(request.user, pk, write=True)
    form = TrackForm(request.POST or None, instance=track)
    if request.method == "POST" and form.is_valid():
        try:
            services.track_update(actor=request.user, track=track, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The track has been saved."))
            return redirect("governance:track-detail", pk=track.pk)
    return render(request, "governance/track_form.html", {"form": form, "track": track})
