"""'Mijn taken' (everything the user owes), its count in the header, the reminder
preferences and the secretariat's "send reminders now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import services
from governance.forms.reminders import ReminderPreferenceForm
from governance.models import ReminderPreference
from governance.reminders import policy, registry
from governance.reminders.owed import tasks_for
from governance.views._http import AuthenticatedRequest


@login_required
@require_GET
def my_tasks(request: AuthenticatedRequest) -> HttpResponse:
    """Everything the user owes from every registered source, soonest due first — the
    same list the reminder e-mail carries."""
    now = timezone.now()
    tasks = tasks_for(request.user, now=now)
    return render(
        request,
        "governance/my_tasks.html",
        {
            "tasks": tasks,
            "tasks_groups": tasks.grouped(now),
            "kinds": get_text_list(
                [_lower_first(str(s.label)) for s in registry.sources()], _("and")
            ),
            "can_send_now": request.user.has_perm("governance.send_reminders"),
            "can_view_ledger": request.user.has_perm("governance.view_reminderdelivery"),
        },
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@login_required
@require_GET
def my_tasks_count(request: AuthenticatedRequest) -> HttpResponse:
    """The header's task count (loaded by htmx after the page, so no page pays for it):
    what the user owes; escalations of others' work are not counted."""
    tasks = tasks_for(request.user, escalations=False)
    return render(request, "governance/my_tasks_count.html", {"tasks": tasks})


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request: AuthenticatedRequest) -> HttpResponse:
    preference = ReminderPreference.objects.filter(user=request.user).first()
    form = ReminderPreferenceForm(request.POST or None, user=request.user, preference=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_preferences_update(
                actor=request.user, user=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your reminder preferences have been saved."))
            return redirect("governance:reminder-preferences")
    return render(
        request,
        "governance/reminder_preferences.html",
        {
            "form": form,
            "mandatory": [s for s in registry.sources() if s.mandatory],
            "policy_rows": policy_rows(),
        },
    )


def policy_rows() -> list[dict]:
    """The reminder policy in effect, in words, one row per kind of deadline."""
    return [
        {
            "source": source,
            "owner": [policy.describe(stage) for stage in source.owner_stages],
            "escalation": [policy.describe(stage) for stage in source.escalation_stages],
        }
        for source in sorted(registry.sources(), key=lambda s: str(s.label))
    ]


@login_required
@require_POST
def reminders_send_now(request: AuthenticatedRequest) -> HttpResponse:
    services.reminders_send_now(actor=request.user)
    messages.success(request, _("Due reminders are being sent."))
    return redirect("governance:my-tasks")
