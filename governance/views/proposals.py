"""Proposals (voorstellen): list, register, detail with route timeline, edit, withdraw,
change history, and the route editor with backward planning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import services
from governance.access import (
    access_proposal,
    access_route_step,
    is_review_author,
    proposal_scope,
    require,
)
from governance.extensions import panels_for
from governance.filters.proposals import ProposalFilter
from governance.forms.proposals import (
    PlanForm,
    ProposalForm,
    StepAddForm,
    StepScheduleForm,
    WithdrawForm,
    add_service_error,
)
from governance.models import Proposal, RouteStep
from governance.queries import proposals as queries
from governance.queries.days_off import organisation_days_off
from governance.services.proposals import plan_gaps, plan_route, steps_can_swap
from governance.views._http import AuthenticatedRequest, posted_position
from hecht import params

PAGE_SIZE = 25


@login_required
@require_GET
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    proposal_filter = ProposalFilter(request.GET, queryset=proposal_scope(user))
    page = Paginator(
        queries.with_route(proposal_filter.qs).order_by("-created_at", "-pk"), PAGE_SIZE
    ).get_page(params.page_param(request.GET))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/proposal_list.html",
        {
            "filter": proposal_filter,
            "page": page,
            "rows": queries.proposal_rows(page.object_list, user),
            "filter_query": query.urlencode(),
            "can_add": user.has_perm("governance.add_proposal"),
        },
    )


def _detail_context(request: HttpRequest, proposal: Proposal, **extra) -> dict:
    user = request.user
    detail = queries.proposal_detail(proposal, user)
    upload_url = None
    if user.has_perm("governance.add_document") and proposal.status != Proposal.Status.WITHDRAWN:
        upload_url = reverse("governance:proposal-document-upload", kwargs={"pk": proposal.pk})
    return {
        "proposal": proposal,
        "detail": detail,
        "documents": detail.documents,
        "deadline": detail.next_deadline,
        "upload_url": upload_url,
        "can_change": user.has_perm("governance.change_proposal"),
        "can_route": user.has_perm("governance.change_routestep"),
        "can_view_history": user.has_perm("governance.view_historicalproposal"),
        "is_review_author": is_review_author(user),
        "can_open_review": user.has_perm("governance.add_reviewround") and not proposal.is_closed,
        "tab": "details",
        "panels": panels_for(user, [proposal.pk])[proposal.pk],
        **extra,
    }


@login_required
@require_GET
def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk)
    return render(request, "governance/proposal_detail.html", _detail_context(request, proposal))


@login_required
@require_GET
def proposal_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The "Wijzigingen" tab: a full page, or only the tab panel for htmx."""
    proposal = access_proposal(request.user, pk, history=True)
    context = _detail_context(
        request, proposal, tab="history", history=queries.proposal_history(proposal)
    )
    template = "governance/proposal_detail.html"
    if request.htmx:
        template += "#tab-panel"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "governance.add_proposal")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Proposal %(reference)s has been registered.")
                % {"reference": proposal.reference},
            )
            return redirect("governance:proposal-detail", pk=proposal.pk)
    return render(request, "governance/proposal_form.html", {"form": form, "proposal": None})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, write=True)
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(actor=request.user, proposal=proposal, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The proposal has been saved."))
            return redirect("governance:proposal-detail", pk=proposal.pk)
    return render(request, "governance/proposal_form.html", {"form": form, "proposal": proposal})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and withdraw (POST) a proposal, with a reason."""
    proposal = access_proposal(request.user, pk, write=True)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_withdraw(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The proposal has been withdrawn."))
            return redirect("governance:proposal-detail", pk=proposal.pk)
    return render(
        request, "governance/proposal_withdraw.html", {"form": form, "proposal": proposal}
    )


# --- the route editor --------------------------------------------------------------------


def _route_context(request: HttpRequest, proposal: Proposal, **extra) -> dict:
    steps = list(
        RouteStep.objects.filter(proposal=proposal)
        .select_related("body", "meeting__body")
        .order_by("position")
    )
    days_off = organisation_days_off()
    options = queries.meeting_options({step.body_id for step in steps}, days_off=days_off)
    schedule_forms = extra.pop("schedule_forms", {})
    rows = []
    for step in steps:
        meetings = [option.meeting for option in options[step.body_id]]
        form = schedule_forms.get(step.pk) or StepScheduleForm(
            step=step, meetings=meetings, days_off=days_off
        )
        rows.append({"step": step, "form": form})
    for index, row in enumerate(rows):
        before = steps[index - 1] if index > 0 else None
        after = steps[index + 1] if index + 1 < len(steps) else None
        row["can_move_up"] = before is not None and steps_can_swap(before, steps[index])
        row["can_move_down"] = after is not None and steps_can_swap(steps[index], after)
    targets = options[steps[-1].body_id] if steps else []
    plan_form = extra.pop("plan_form", None)
    plan = None
    if plan_form is None:
        # The preview: a GET form (no side effects) shows the computed plan first.
        target_meetings = [t.meeting for t in targets]
        if "target" in request.GET:
            plan_form = PlanForm(request.GET, meetings=target_meetings, days_off=days_off)
            if plan_form.is_valid():
                try:
                    plan = plan_route(proposal, plan_form.cleaned_data["target"], days_off=days_off)
                except ValidationError as exc:
                    add_service_error(plan_form, exc)
        else:
            plan_form = PlanForm(meetings=target_meetings, days_off=days_off)
    return {
        "proposal": proposal,
        "rows": rows,
        "add_form": extra.pop("add_form", None) or StepAddForm(),
        "plan_form": plan_form,
        "plan": plan,
        "plan_target": plan_form.cleaned_data["target"] if plan else None,
        "plan_gaps": plan_gaps(plan) if plan else [],
        "route_open": not proposal.is_closed,
        "errors": extra.pop("errors", []),
        **extra,
    }


def _route_page(request: HttpRequest, proposal: Proposal, **extra) -> HttpResponse:
    """The route editor with a refused operation's form and errors."""
    return render(
        request, "governance/proposal_route.html", _route_context(request, proposal, **extra)
    )


def _back_to_route(proposal: Proposal) -> HttpResponse:
    return redirect("governance:proposal-route", pk=proposal.pk)


@login_required
@require_GET
def proposal_route(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The route editor: steps, a meeting per step, and planning back from a target.
    Every change is a POST to a URL of its own (below), then back here."""
    proposal = access_proposal(request.user, pk, route=True)
    return _route_page(request, proposal)


@login_required
@require_POST
def route_step_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = access_proposal(request.user, pk, route=True)
    form = StepAddForm(request.POST)
    if not form.is_valid():
        return _route_page(request, proposal, add_form=form)
    try:
        services.route_step_add(actor=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return _route_page(request, proposal, add_form=form)
    messages.success(request, _("The step has been added."))
    return _back_to_route(proposal)


@login_required
@require_POST
def route_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Plan every step back from the chosen target meeting (after the preview)."""
    proposal = access_proposal(request.user, pk, route=True)
    steps = list(proposal.steps.order_by("position"))
    days_off = organisation_days_off()
    targets = queries.target_meetings(proposal, steps, days_off=days_off)
    form = PlanForm(request.POST, meetings=[t.meeting for t in targets], days_off=days_off)
    if not form.is_valid():
        return _route_page(request, proposal, plan_form=form)
    try:
        services.route_plan_backwards(
            actor=request.user, proposal=proposal, target_meeting=form.cleaned_data["target"]
        )
    except ValidationError as exc:
        add_service_error(form, exc)
        return _route_page(request, proposal, plan_form=form)
    messages.success(request, _("The route has been planned."))
    return _back_to_route(proposal)


@login_required
@require_POST
def route_step_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move a step one place up or down (``direction``, the buttons) or to ``position``
    (drag and drop)."""
    step = access_route_step(request.user, pk)
    direction = request.POST.get("direction", "")
    if "position" not in request.POST and direction not in ("up", "down"):
        return HttpResponse(status=400)
    try:
        if "position" in request.POST:
            services.route_step_place(
                actor=request.user, step=step, position=posted_position(request)
            )
        else:
            services.route_step_move(actor=request.user, step=step, direction=direction)
    except ValidationError as exc:
        return _route_page(request, step.proposal, errors=exc.messages)
    messages.success(request, _("The step has been moved."))
    return _back_to_route(step.proposal)


@login_required
@require_POST
def route_step_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    step = access_route_step(request.user, pk)
    try:
        services.route_step_remove(actor=request.user, step=step)
    except ValidationError as exc:
        return _route_page(request, step.proposal, errors=exc.messages)
    messages.success(request, _("The step has been removed."))
    return _back_to_route(step.proposal)


@login_required
@require_POST
def route_step_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put the step on a meeting of its body (or take it off)."""
    step = access_route_step(request.user, pk)
    days_off = organisation_days_off()
    options = queries.meeting_options({step.body_id}, days_off=days_off)[step.body_id]
    form = StepScheduleForm(
        request.POST, step=step, meetings=[o.meeting for o in options], days_off=days_off
    )
    if not form.is_valid():
        return _route_page(request, step.proposal, schedule_forms={step.pk: form})
    try:
        services.route_step_schedule(
            actor=request.user, step=step, meeting=form.cleaned_data["meeting"]
        )
    except ValidationError as exc:
        add_service_error(form, exc)
        return _route_page(request, step.proposal, schedule_forms={step.pk: form})
    messages.success(request, _("The step's meeting has been saved."))
    return _back_to_route(step.proposal)
