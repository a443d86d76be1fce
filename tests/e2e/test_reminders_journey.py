""" "Mijn taken" and the reminder preferences in a real browser: the manager sees the
task count in the header, finds their tasks in the right groups (overdue, within a
week, later) and the escalated work of others, and changes how they are reminded; the
secretariat sends the due reminders at once. Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Action, Proposal, ReminderPreference
from governance.queries.agenda import document_deadline_of
from governance.queries.days_off import organisation_days_off
from tests.factories import (
    TZ,
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
)

from .test_journeys import LOGIN_URL, _log_in, _text

pytestmark = pytest.mark.e2e

MY_TASKS_URL = "/mijn-taken/"
PREFERENCES_URL = "/mijn-taken/herinneringen/"
SEND_NOW_URL = "/mijn-taken/nu-versturen/"
# The Dutch wording is not settled yet: "herinnering…" or the English msgid.
REMINDERS = re.compile(r"herinner|reminder", re.IGNORECASE)


def _group(page, name: str):
    """The section of one task group, found by its heading's id (not its wording)."""
    return page.locator(f'section[aria-labelledby="group-{name}"]')


def _wait_for_count(page):
    """The header's task count, once htmx has swapped it in."""
    count = page.locator("nav.hecht-nav #my-tasks-count")
    expect(count).to_be_visible()
    return count


@pytest.fixture
def tasks(manager, ab):
    """The manager owes three actions (overdue, in three days, in a month) and the
    documents of an agenda item; a colleague's action is long overdue (escalated)."""
    today = timezone.localdate()
    manager.email = "directeur@hecht.example"
    manager.save(update_fields=["email"])
    colleague = UserFactory(username="beleidsmedewerker", first_name="Anna", last_name="de Vries")

    def action(description: str, owner, days: int) -> Action:
        return ActionFactory(
            description=description, owner=owner, due_date=today + dt.timedelta(days=days)
        )

    day = today + dt.timedelta(days=42)
    meeting = MeetingFactory(
        body=ab, starts_at=dt.datetime.combine(day, dt.time(14), tzinfo=TZ), is_public=True
    )
    proposal = ProposalFactory(
        title="Regionale woonvisie", owner=manager, status=Proposal.Status.IN_ROUTE
    )
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, title="Regionale woonvisie", route_step=step)
    return {
        "overdue": action("Evaluatie inkoopbeleid afronden", manager, -2),
        "soon": action("Reactie op zienswijze Leiden opstellen", manager, 3),
        "later": action("Jaarplan informatiebeveiliging actualiseren", manager, 30),
        "escalated": action("Archiefinventaris aanvullen", colleague, -14),
        "documents": item,
        "documents_due": document_deadline_of(meeting, days_off=organisation_days_off()),
        "colleague": colleague,
    }


def test_my_tasks_journey(new_page, scan, manager, tasks):
    page = new_page()
    page.goto(LOGIN_URL)
    _log_in(page, manager)

    # The header shows how many tasks the manager owes (loaded by htmx after the page).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Mijn overzicht", "My overview")
    )
    count = _wait_for_count(page)
    expect(count).to_have_text(re.compile(r"^4\D"))  # the number, then the hidden words
    expect(count).to_have_class(re.compile(r"\bhecht-nav__count--overdue\b"))
    scan(page, "01-overview-with-count")

    # "Mijn taken" via the main menu.
    page.locator(f'nav.hecht-nav a[href="{MY_TASKS_URL}"]').click()
    expect(page).to_have_url(re.compile(re.escape(MY_TASKS_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(_text("Mijn taken", "My tasks"))
    expect(page.locator(f'nav.hecht-nav a[href="{MY_TASKS_URL}"]')).to_have_attribute(
        "aria-current", "page"
    )
    _wait_for_count(page)
    expect(page.locator("#task-summary .hecht-task-summary__count")).to_contain_text("4")
    expect(page.locator("#task-summary .hecht-task-summary__overdue")).to_contain_text("1")

    def keys(name: str) -> list[str]:
        return (
            _group(page, name)
            .locator("[data-task]")
            .evaluate_all("items => items.map(item => item.dataset.task)")
        )

    documents_key = f"documents:{tasks['documents'].pk}"
    # Ten working days before a meeting six weeks away: weeks ahead, before the action
    # due in a month (soonest due first within a group).
    assert timezone.now() + dt.timedelta(days=7) < tasks["documents_due"]
    expected = {
        "overdue": [f"action:{tasks['overdue'].pk}"],
        "week": [f"action:{tasks['soon'].pk}"],
        "later": [documents_key, f"action:{tasks['later'].pk}"],
    }
    for name, wanted in expected.items():
        expect(page.locator(f"#group-{name}")).to_be_visible()
        assert keys(name) == wanted, name
    assert keys("escalated") == [f"action:{tasks['escalated'].pk}"]

    overdue = _group(page, "overdue").locator(f'[data-task="action:{tasks["overdue"].pk}"]')
    expect(overdue).to_have_class(re.compile(r"\bhecht-task--overdue\b"))
    expect(overdue.locator(".hecht-badge--overdue")).to_be_visible()
    expect(overdue.locator(".hecht-task__title")).to_have_attribute(
        "href", f"/acties/{tasks['overdue'].pk}/"
    )
    documents = page.locator(f'[data-task="{documents_key}"]')
    expect(documents.locator(".hecht-badge--task-documents")).to_be_visible()
    expect(documents.locator(".hecht-task__title")).to_contain_text("Regionale woonvisie")
    escalated = _group(page, "escalated").locator("[data-task]")
    expect(escalated.locator(".hecht-task__owner")).to_contain_text("Anna de Vries")
    expect(escalated.locator(".hecht-task__title")).to_have_text("Archiefinventaris aanvullen")
    # The manager is no secretary: no "send now" button.
    expect(page.locator(f'form[action="{SEND_NOW_URL}"]')).to_have_count(0)
    scan(page, "02-my-tasks")

    # The reminder preferences.
    page.locator(f'main a[href="{PREFERENCES_URL}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(PREFERENCES_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(REMINDERS)
    expect(page.locator("main")).to_contain_text("directeur@hecht.example")
    form = page.locator("main form.hecht-form")
    expect(form.locator("#id_digest_time")).to_have_value("07:30")
    urgent_at_once = form.locator('input[name="urgent_immediately"][value="1"]')
    urgent_in_digest = form.locator('input[name="urgent_immediately"][value="0"]')
    actions = form.locator('input[name="reminded_kinds"][value="action"]')
    expect(urgent_at_once).to_be_checked()
    expect(form.locator('input[name="language"][value="nl"]')).to_be_checked()
    expect(actions).to_be_checked()
    # The mandatory kinds: documents, review rounds, written procedures, councils' views.
    expect(form.locator("input[type=checkbox][disabled]")).to_have_count(4)
    _wait_for_count(page)
    scan(page, "03-preferences")

    form.locator("#id_digest_time").select_option("16:30")
    urgent_in_digest.check()
    actions.uncheck()
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(PREFERENCES_URL) + "$"))
    expect(page.locator(".hecht-messages .utrecht-alert--ok[role=status]")).to_contain_text(
        REMINDERS
    )
    expect(form.locator("#id_digest_time")).to_have_value("16:30")
    expect(urgent_in_digest).to_be_checked()
    expect(actions).not_to_be_checked()
    preference = ReminderPreference.objects.get(user=manager)
    assert preference.muted_kinds == ["action"]
    assert preference.urgent_immediately is False
    assert preference.digest_time == dt.time(16, 30)
    _wait_for_count(page)
    scan(page, "04-preferences-saved")

    # Back to the tasks: muting the reminders does not hide the work itself.
    page.locator(f'main nav.hecht-breadcrumb a[href="{MY_TASKS_URL}"]').click()
    expect(page.locator(f'[data-task="action:{tasks["overdue"].pk}"]')).to_be_visible()
    expect(_wait_for_count(page)).to_have_text(re.compile(r"^4\D"))


def test_secretariat_sends_reminders_now_journey(new_page, scan, secretary, mailoutbox):
    secretary.email = "secretariaat@hecht.example"
    secretary.save(update_fields=["email"])
    overdue = ActionFactory(
        description="Besluitenlijst AB publiceren",
        owner=secretary,
        due_date=timezone.localdate() - dt.timedelta(days=5),
    )

    page = new_page()
    page.goto(f"{LOGIN_URL}?next={MY_TASKS_URL}")
    _log_in(page, secretary)
    expect(page).to_have_url(re.compile(re.escape(MY_TASKS_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(_text("Mijn taken", "My tasks"))
    expect(_wait_for_count(page)).to_have_text(re.compile(r"^1\D"))
    expect(_group(page, "overdue").locator(f'[data-task="action:{overdue.pk}"]')).to_be_visible()
    send_now = page.locator(f'main form[action="{SEND_NOW_URL}"] button[type=submit]')
    expect(send_now).to_be_visible()
    scan(page, "01-my-tasks-secretariat")

    send_now.click()
    expect(page).to_have_url(re.compile(re.escape(MY_TASKS_URL) + "$"))
    expect(page.locator(".hecht-messages .utrecht-alert--ok[role=status]")).to_be_visible()
    # Eager Celery: the sweep ran after the commit and mailed the overdue action at once.
    assert [message.to for message in mailoutbox] == [[secretary.email]]
    assert "Besluitenlijst AB publiceren" in mailoutbox[0].body
    _wait_for_count(page)
    scan(page, "02-reminders-sent")
