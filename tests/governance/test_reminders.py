"""Reminders end to end in one process: the deadline sources, planning, claiming and
delivering through the ledger, retries, reclaiming, the e-mail in both languages,
"Mijn taken" (equal to the e-mail), the header count and the preferences."""

import datetime as dt
import re
import smtplib
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.checks import check_reminder_policy
from governance.models import Action, Meeting, ReminderDelivery, ReminderPreference
from governance.reminders import ledger, registry
from governance.reminders.owed import tasks_for
from governance.reminders.sources import (
    action_deadlines,
    document_deadlines,
    written_response_deadlines,
)
from governance.roles import BOARD_MEMBER, MANAGEMENT, SECRETARIAT
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
)

TZ = ZoneInfo("Europe/Amsterdam")
Status = ReminderDelivery.Status
DUE = dt.date(2026, 12, 7)  # a Monday


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def owner(db):
    return UserFactory(
        username="eigenaar", email="eigenaar@hecht.example", roles=[MANAGEMENT], language="nl"
    )


@pytest.fixture
def director(db):
    return UserFactory(username="directeur-2", email="directeur@hecht.example", roles=[MANAGEMENT])


def action(owner, due=DUE, **kwargs):
    return ActionFactory(
        actor=Action.Actor.PERSON, owner=owner, due_date=due, description="Memo opstellen", **kwargs
    )


def run(now):
    """One sweep plus the deliveries it queues (as the Celery tasks would)."""
    result = ledger.sweep(now)
    for user_id in result.recipients:
        ledger.deliver(result.token, user_id, now)
    return result


def rows(**filters):
    return list(ReminderDelivery.objects.filter(**filters).order_by("pk"))


# --- sources -----------------------------------------------------------------------------


def test_action_source_gives_open_owned_dated_actions(owner, director):
    mine = action(owner)
    action(owner, status=Action.Status.DONE)
    ActionFactory(actor=Action.Actor.HECHT, due_date=DUE)  # nobody to remind
    action(owner, due=None)
    other = action(director)
    found = list(action_deadlines(registry.Window(now=at(2026, 12, 1, 9))))
    assert {d.object_id for d in found} == {mine.pk, other.pk}
    mine_only = registry.Window(now=at(2026, 12, 1, 9), user_ids=frozenset({owner.pk}))
    assert [d.object_id for d in action_deadlines(mine_only)] == [mine.pk]
    deadline = next(d for d in found if d.object_id == mine.pk)
    assert deadline.all_day and deadline.due_on == DUE and deadline.recipient_ids == (owner.pk,)
    assert deadline.url == reverse("governance:action-detail", args=[mine.pk])


@pytest.fixture
def coming_item(db, ab, owner):
    meeting = MeetingFactory(body=ab, starts_at=at(2026, 12, 16, 14))
    proposal = ProposalFactory(owner=owner, status="in_route", title="Kadernota 2028")
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting)
    return AgendaItemFactory(meeting=meeting, route_step=step, title="Kadernota 2028")


def test_document_source_until_a_document_is_delivered(coming_item, owner):
    window = registry.Window(now=at(2026, 12, 1, 9))
    (deadline,) = document_deadlines(window)
    assert deadline.recipient_ids == (owner.pk,)
    # AB documents are due 10 working days before 16 December, at 12:00.
    assert deadline.due_at == at(2026, 12, 2, 12)
    assert "Kadernota 2028" in deadline.title and not deadline.confidential
    DocumentFactory(proposal=coming_item.route_step.proposal)
    assert list(document_deadlines(window)) == []


def test_document_source_without_owner_goes_to_the_management(coming_item, owner, director):
    proposal = coming_item.route_step.proposal
    proposal.owner = None
    proposal.confidentiality = "confidential"
    proposal.woo_ground = "5.1.2.e"
    proposal.save()
    window = registry.Window(now=at(2026, 12, 1, 9))
    (deadline,) = document_deadlines(window)
    assert set(deadline.recipient_ids) == {owner.pk, director.pk}
    # Confidential: the e-mail names the reference only.
    assert deadline.confidential and proposal.title not in deadline.mail_title
    assert proposal.reference in deadline.mail_title
    mine = registry.Window(now=at(2026, 12, 1, 9), user_ids=frozenset({director.pk}))
    assert [d.object_id for d in document_deadlines(mine)] == [coming_item.pk]


def test_document_source_skips_cancelled_and_past_meetings(coming_item):
    assert list(document_deadlines(registry.Window(now=at(2026, 12, 17, 9)))) == []
    Meeting.objects.filter(pk=coming_item.meeting_id).update(status=Meeting.Status.CANCELLED)
    assert list(document_deadlines(registry.Window(now=at(2026, 12, 1, 9)))) == []


def test_written_response_source_lists_members_who_have_not_answered(ab, gouda, leiden):
    from governance.models import WrittenResponse

    first = UserFactory(username="lid-1", roles=[BOARD_MEMBER])
    second = UserFactory(username="lid-2", roles=[BOARD_MEMBER])
    MembershipFactory(user=first, body=ab, municipality=gouda)
    MembershipFactory(user=second, body=ab, municipality=leiden)
    MembershipFactory(user=UserFactory(username="secr"), body=ab, role="secretary")
    meeting = MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=at(2026, 12, 1, 9),
        response_deadline=at(2026, 12, 8, 17),
        title="Zienswijze begroting",
    )
    item = AgendaItemFactory(meeting=meeting)
    window = registry.Window(now=at(2026, 12, 2, 9))
    (deadline,) = written_response_deadlines(window)
    assert deadline.recipient_ids == tuple(sorted((first.pk, second.pk)))
    assert deadline.due_at == at(2026, 12, 8, 17)
    WrittenResponse.objects.create(agenda_item=item, member=first, answer="agree")
    (deadline,) = written_response_deadlines(window)
    assert deadline.recipient_ids == (second.pk,)
    # After the deadline nobody owes a response any more.
    assert list(written_response_deadlines(registry.Window(now=at(2026, 12, 8, 18)))) == []


def test_sources_are_registered_by_the_app_config():
    kinds = {source.kind: source for source in registry.sources()}
    assert set(kinds) >= {"documents", "action", "written_response", "review"}
    assert kinds["documents"].mandatory and kinds["written_response"].mandatory
    assert kinds["review"].mandatory and kinds["review"].escalates
    assert not kinds["action"].mandatory and kinds["action"].escalates
    assert [s.kind for s in registry.optional_kinds()] == ["action"]


@pytest.fixture
def vote_source(monkeypatch, owner):
    """A deadline source as another app (the dialogue) would add it: one function and
    one ``register`` line; the registry is restored after the test."""
    ballots = [(501, at(2026, 12, 9, 17), "Stemmen over de scenario's", owner.pk)]

    def vote_deadlines(window):
        for pk, closes_at, title, member_id in ballots:
            yield registry.Deadline(
                kind="vote",
                object_id=pk,
                due_at=closes_at,
                title=title,
                url=f"/stemmingen/{pk}/",
                recipient_ids=(member_id,),
            )

    monkeypatch.setattr(registry, "_SOURCES", dict(registry._SOURCES))
    registry.register("vote", vote_deadlines, label="Stemmingen", stages=[(-2,), (0, "urgent")])
    return ballots


def test_a_registered_source_reaches_the_page_the_preferences_and_the_mail(
    client, owner, vote_source
):
    monday = at(2026, 12, 7, 10)  # the vote closes on Wednesday: 2 working days before
    with time_machine.travel(monday, tick=False):
        client.force_login(owner)
        page = client.get(reverse("governance:my-tasks")).content.decode()
        preferences = client.get(reverse("governance:reminder-preferences")).content.decode()
    assert "vote:501" in task_links(page)
    lead = re.search(r'<p class="hecht-lead">(.*?)</p>', page).group(1)
    assert "stemmingen" in lead and "actiepunten" in lead
    assert 'value="vote"' in preferences  # optional: it can be switched off
    assert "2 werkdagen vooraf" in policy_row(preferences, "Stemmingen")
    run(monday)
    (row,) = rows(kind="vote")
    assert row.stage == "before-2" and row.status == Status.SENT
    (message,) = mail.outbox
    assert "Stemmen over de scenario" in message.body and "/stemmingen/501/" in message.body
    mute(owner, "vote")
    run(at(2026, 12, 9, 10))  # the due day: muted, so nothing new
    assert [r.stage for r in rows(kind="vote")] == ["before-2"]


def test_policy_can_be_overridden_in_settings(settings):
    settings.HECHT_REMINDER_POLICY = {"action": [(-2,), (0, "urgent")]}
    assert [s.code for s in registry.source("action").stages] == ["before-2", "due"]
    assert check_reminder_policy() == []


@pytest.mark.parametrize(
    ("policy", "ids"),
    [
        ({"actie": [[-1]]}, ["governance.E002"]),  # a kind nobody registered
        ({"action": [[0, "loud"]], "documents": "-1"}, ["governance.E003", "governance.E003"]),
        ([["action", [-1]]], ["governance.E001"]),
    ],
)
def test_system_check_refuses_a_policy_the_sweep_could_not_use(settings, policy, ids):
    settings.HECHT_REMINDER_POLICY = policy
    assert [error.id for error in check_reminder_policy()] == ids
    with pytest.raises(SystemCheckError):
        call_command("check")


# --- planning, claiming, delivering --------------------------------------------------------


def test_each_stage_is_sent_once_in_the_digest(owner):
    task = action(owner)
    run(at(2026, 11, 30, 0, 5))  # "a week before" is reached; digest at 07:30
    (row,) = rows()
    assert (row.stage, row.status, row.send_after) == (
        "before-5",
        Status.PENDING,
        at(2026, 11, 30, 7, 30),
    )
    assert mail.outbox == []
    run(at(2026, 11, 30, 7, 31))
    run(at(2026, 11, 30, 7, 36))  # the next sweep five minutes later
    assert len(mail.outbox) == 1
    (row,) = rows()
    assert row.status == Status.SENT and row.attempts == 1
    message = mail.outbox[0]
    assert message.to == ["eigenaar@hecht.example"]
    assert reverse("governance:action-detail", args=[task.pk]) in message.body
    # Later stages each once.
    for moment in [at(2026, 12, 4, 7, 31), at(2026, 12, 4, 12), at(2026, 12, 7, 0, 5)]:
        run(moment)
    assert [r.stage for r in rows(status=Status.SENT)] == ["before-5", "before-1", "due"]
    assert len(mail.outbox) == 3


def test_urgent_stage_goes_at_once_or_in_the_digest_as_preferred(owner):
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10))
    assert len(mail.outbox) == 1 and rows()[0].stage == "due"
    # The owner has no language of their own: the site's, Dutch.
    assert mail.outbox[0].subject.startswith("Dringend: 1 taak moet vandaag af of is te laat")
    ReminderPreference.objects.create(user=owner, urgent_immediately=False)
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10, 5))
    assert len(mail.outbox) == 1  # waits for tomorrow's digest
    assert rows(status=Status.PENDING)[0].send_after == at(2026, 12, 8, 7, 30)


def test_digest_time_preference_is_used(owner):
    ReminderPreference.objects.create(user=owner, digest_time=dt.time(9, 0))
    action(owner)
    run(at(2026, 11, 30, 7, 45))
    assert mail.outbox == []
    run(at(2026, 11, 30, 9, 0))
    assert len(mail.outbox) == 1


def test_one_mail_per_person_with_everything_due(owner):
    first, second = action(owner), action(owner, due=dt.date(2026, 12, 1))
    run(at(2026, 11, 30, 7, 31))  # before-5 of the first, before-1 of the second
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    for task in (first, second):
        assert reverse("governance:action-detail", args=[task.pk]) in body


def test_escalation_reaches_the_management_not_muted(owner, director):
    ReminderPreference.objects.create(user=director, muted_kinds=["action"])
    task = action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 10, 10))  # overdue by 3 working days
    stages = {(r.recipient_id, r.stage) for r in rows(status=Status.SENT)}
    assert stages == {(owner.pk, "after-1"), (owner.pk, "escalate-3"), (director.pk, "escalate-3")}
    to_director = next(m for m in mail.outbox if m.to == ["directeur@hecht.example"])
    assert reverse("governance:action-detail", args=[task.pk]) in to_director.body


def mute(person, *kinds):
    services.reminder_preferences_update(
        actor=person,
        user=person,
        digest_time=dt.time(7, 30),
        urgent_immediately=True,
        muted_kinds=kinds,
    )


def test_muted_kind_is_not_reminded_but_mandatory_kinds_are(owner, coming_item):
    mute(owner, "action")
    action(owner)
    run(at(2026, 11, 30, 7, 31))
    assert {r.kind for r in rows()} == {"documents"}
    with pytest.raises(ValidationError, match="Stukken voor de agenda|Documents for the agenda"):
        mute(owner, "documents")


def test_work_done_before_sending_is_cancelled_not_sent(owner):
    task = action(owner)
    run(at(2026, 11, 30, 0, 5))
    Action.objects.filter(pk=task.pk).update(status=Action.Status.DONE)
    run(at(2026, 11, 30, 7, 31))
    assert mail.outbox == []
    (row,) = rows()
    assert row.status == Status.CANCELLED and row.reason


def test_a_reminder_for_a_due_date_that_moved_is_cancelled_and_the_new_date_reminded(owner):
    task = action(owner)  # due Monday 7 December: 5 working days before is 30 November
    run(at(2026, 11, 30, 0, 5))
    Action.objects.filter(pk=task.pk).update(due_date=dt.date(2027, 1, 15))
    run(at(2026, 11, 30, 7, 31))
    assert mail.outbox == []
    (row,) = rows()
    assert row.status == Status.CANCELLED and "due date changed" in row.reason
    run(at(2027, 1, 8, 7, 31))  # 5 working days before 15 January
    assert [(r.due_at.date(), r.stage, r.status) for r in rows()] == [
        (dt.date(2026, 12, 7), "before-5", Status.CANCELLED),
        (dt.date(2027, 1, 15), "before-5", Status.SENT),
    ]
    assert len(mail.outbox) == 1


def test_recipient_without_email_is_failed_with_a_reason(owner):
    owner.email = ""
    owner.save()
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10))
    (row,) = rows()
    assert row.status == Status.FAILED and "e-mail" in row.reason
    assert mail.outbox == []


def test_inactive_people_are_not_reminded(owner):
    owner.is_active = False
    owner.save()
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10))
    assert rows() == [] and mail.outbox == []


class FlakyBackend:
    """A mail backend whose server refuses the first ``failures`` messages."""

    failures = 0
    sent: list = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        FlakyBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.sent = 0, []
    return FlakyBackend


def test_smtp_failure_is_retried_with_backoff_and_delivered_once(owner, flaky, settings):
    flaky.failures = 2
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10))
    (row,) = rows()
    assert row.status == Status.PENDING and row.attempts == 1
    assert row.send_after == at(2026, 12, 7, 10, 5) and "SMTPServerDisconnected" in row.reason
    run(at(2026, 12, 7, 10, 3))  # not yet
    assert rows()[0].attempts == 1
    run(at(2026, 12, 7, 10, 5))
    assert rows()[0].send_after == at(2026, 12, 7, 10, 15)  # 10 minutes after the 2nd
    run(at(2026, 12, 7, 10, 15))
    run(at(2026, 12, 7, 10, 20))
    (row,) = rows()
    assert row.status == Status.SENT and row.attempts == 3 and row.reason == ""
    assert len(flaky.sent) == 1


def test_smtp_failing_for_good_ends_failed_and_can_be_retried(owner, flaky, settings, secretary):
    settings.HECHT_REMINDER_MAX_ATTEMPTS = 2
    flaky.failures = 5
    action(owner, due=dt.date(2026, 12, 7))
    run(at(2026, 12, 7, 10))
    run(at(2026, 12, 7, 10, 5))
    (row,) = rows()
    assert row.status == Status.FAILED and row.attempts == 2 and row.claim_token is None
    flaky.failures = 0
    with pytest.raises(PermissionDenied):
        services.reminders_retry(actor=owner, deliveries=[row])
    assert services.reminders_retry(actor=secretary, deliveries=[row]) == 1
    run(at(2026, 12, 7, 11))
    assert rows()[0].status == Status.SENT and len(flaky.sent) == 1


def test_stuck_sending_row_is_reclaimed_after_the_timeout(owner, settings):
    action(owner, due=dt.date(2026, 12, 7))
    now = at(2026, 12, 7, 10)
    result = ledger.sweep(now)  # claimed, but the worker "dies" before delivering
    assert rows()[0].status == Status.SENDING
    assert ledger.sweep(now + dt.timedelta(minutes=10)).reclaimed == 0
    later = now + dt.timedelta(seconds=settings.HECHT_REMINDER_RECLAIM_SECONDS + 1)
    again = run(later)
    assert again.reclaimed == 1
    (row,) = rows()
    assert row.status == Status.SENT and row.attempts == 2
    # The dead worker's late delivery (its task redelivered) finds nothing to send.
    assert ledger.deliver(result.token, owner.pk, later) == ledger.DeliveryResult()
    assert len(mail.outbox) == 1


def test_deliver_twice_sends_once(owner):
    action(owner, due=dt.date(2026, 12, 7))
    result = ledger.sweep(at(2026, 12, 7, 10))
    assert ledger.deliver(result.token, owner.pk, at(2026, 12, 7, 10)).sent == 1
    assert ledger.deliver(result.token, owner.pk, at(2026, 12, 7, 10)).sent == 0
    assert len(mail.outbox) == 1


def test_sweep_query_count_does_not_grow_with_deadlines(
    owner, director, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        ReminderDelivery.objects.all().delete()
        for _ in range(n):
            action(owner, due=dt.date(2026, 12, 7))
            action(director, due=dt.date(2026, 12, 3))
        with CaptureQueriesContext(connection) as queries:
            ledger.sweep(at(2026, 12, 7, 10))
        return len(queries)

    assert count(1) == count(20)


# --- the e-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("nl", "Dringend: 1 taak moet vandaag af of is te laat", ["Beste", "uiterlijk", "te laat"]),
        ("en", "Urgent: 1 task is due", ["Dear", "due", "overdue"]),
    ],
)
def test_email_in_the_recipients_language_as_text_and_html(owner, language, subject, words):
    owner.language = language
    owner.save()
    action(owner, due=dt.date(2026, 12, 4))
    run(at(2026, 12, 7, 10))
    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    assert message.extra_headers["Content-Language"] == language
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'<html lang="{language}">' in html
    for word in words:
        assert word in message.body and word in html
    assert "http://127.0.0.1:8000/mijn-taken/" in message.body
    assert not re.search(r"\{[{%]|[}%]\}", message.body + html)


# --- Mijn taken, the header count and the preferences ---------------------------------------


def task_links(html: str) -> set[str]:
    return set(re.findall(r'data-task="([^"]+)"', html))


def test_my_tasks_page_equals_the_email(client, owner, director, coming_item, settings):
    settings.HECHT_SITE_URL = "https://bestuur.hecht.example"
    own = [action(owner, due=dt.date(2026, 12, 4)), action(owner, due=dt.date(2027, 2, 1))]
    late = action(director, due=dt.date(2026, 11, 20))  # escalated to the owner
    with time_machine.travel(at(2026, 12, 7, 10), tick=False):
        client.force_login(owner)
        page = client.get(reverse("governance:my-tasks")).content.decode()
        run(at(2026, 12, 7, 10))
    keys = {f"action:{a.pk}" for a in (*own, late)} | {f"documents:{coming_item.pk}"}
    assert task_links(page) == keys
    (message,) = [m for m in mail.outbox if m.to == [owner.email]]
    html = message.alternatives[0][0]
    mailed = set(re.findall(r'href="https://bestuur\.hecht\.example(/[^"]+)"', html))
    on_page = {task.deadline.url for task in tasks_for(owner, now=at(2026, 12, 7, 10)).own}
    on_page |= {f"/acties/{late.pk}/"}
    assert mailed - {"/mijn-taken/", "/mijn-taken/herinneringen/"} == on_page


def test_my_tasks_page_has_a_constant_query_count(client, owner, django_assert_num_queries):
    client.force_login(owner)
    url = reverse("governance:my-tasks")
    action(owner)
    client.get(url)
    # 12, the second-factor device, the days off (the escalating sources share them), and
    # pcycle's councils' views (one query for its own tasks, one for the escalations)
    with django_assert_num_queries(16) as few:
        assert client.get(url).status_code == 200
    for _ in range(15):
        action(owner)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(task_links(response.content.decode())) == 16


def test_header_count_partial(client, owner, django_assert_num_queries):
    client.force_login(owner)
    action(owner, due=dt.date(2020, 1, 1))
    action(owner, due=dt.date(2099, 1, 1))
    # Session, user, the second-factor device, one per source (documents: 2; pcycle's
    # councils' views: 1 while no document has a views procedure).
    with django_assert_num_queries(9):
        response = client.get(reverse("governance:my-tasks-count"))
    text = response.content.decode()
    assert re.search(r'id="my-tasks-count">2<', text) and "hecht-nav__count--overdue" in text


def test_pages_need_a_login(client, settings):
    for name in ("my-tasks", "my-tasks-count", "reminder-preferences"):
        response = client.get(reverse(f"governance:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_preferences_page_saves_with_history(client, owner):
    client.force_login(owner)
    url = reverse("governance:reminder-preferences")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"digest_time": "08:30", "urgent_immediately": "0", "language": "en"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=owner)
    assert preference.digest_time == dt.time(8, 30)
    assert preference.urgent_immediately is False and preference.muted_kinds == ["action"]
    assert preference.history.first().history_user == owner
    owner.refresh_from_db()
    assert owner.language == "en"
    change = owner.history.first()
    assert change.history_user == owner and change.history_change_reason == "Taal gewijzigd"
    for bad in (
        {"digest_time": "03:00", "language": "nl"},
        {"digest_time": "09:00", "language": "de"},
    ):
        response = client.post(url, {"urgent_immediately": "1", **bad})
        assert (
            response.status_code == 200
            and "utrecht-form-field--invalid" in response.content.decode()
        )
    owner.refresh_from_db()
    assert ReminderPreference.objects.get(user=owner).digest_time == dt.time(8, 30)
    assert owner.language == "en"  # nothing half-saved
    with pytest.raises(ValidationError, match="Dutch or English|Nederlands of Engels"):
        services.reminder_preferences_update(
            actor=owner,
            user=owner,
            digest_time=dt.time(8),
            urgent_immediately=True,
            muted_kinds=[],
            language="de",
        )


def policy_table(client) -> str:
    page = client.get(reverse("governance:reminder-preferences")).content.decode()
    return page[page.index("hecht-policy-table") : page.index("</table>")]


def policy_row(table: str, label: str) -> str:
    start = table.index(f">{label}")
    return table[start : table.index("</tr>", start)]


def test_preferences_page_states_the_policy_in_effect(client, owner, settings):
    client.force_login(owner)  # Dutch
    table = policy_table(client)
    actions = policy_row(table, "Actiepunten")
    assert "5 werkdagen vooraf" in actions and "op de dag zelf (dringend)" in actions
    assert "3 werkdagen na de uiterste datum" in actions  # to the management
    assert 'Stukken voor de agenda <span class="hecht-muted">(altijd)</span>' in table
    settings.HECHT_REMINDER_POLICY = {"action": [[-2], [0]]}
    actions = policy_row(policy_table(client), "Actiepunten")
    assert "2 werkdagen vooraf" in actions and "5 werkdagen vooraf" not in actions
    assert "dringend" not in actions and ">geen<" in actions  # no escalation any more


def test_nobody_sets_someone_elses_preferences(owner, director):
    with pytest.raises(PermissionDenied):
        services.reminder_preferences_update(
            actor=director,
            user=owner,
            digest_time=dt.time(8),
            urgent_immediately=True,
            muted_kinds=[],
        )


def test_send_now_is_for_the_secretariat(client, owner, secretary):
    url = reverse("governance:reminders-send-now")
    client.force_login(owner)
    assert client.post(url).status_code == 403
    action(owner, due=dt.date(2020, 1, 1))  # long overdue: no stage within reach
    client.force_login(secretary)
    response = client.post(url)
    assert response.status_code == 302
    assert client.get(url).status_code == 405


def test_admin_ledger_lists_and_retries(client, secretary, owner):
    ReminderDelivery.objects.create(
        kind="action",
        object_id=1,
        due_at=at(2026, 12, 7, 23),
        stage="due",
        recipient=owner,
        title="Memo",
        status=Status.FAILED,
        send_after=at(2026, 12, 7, 10),
        attempts=8,
        reason="SMTPServerDisconnected: gone",
    )
    secretary.is_staff = True
    secretary.save()
    client.force_login(secretary)
    url = reverse("admin:governance_reminderdelivery_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert "SMTPServerDisconnected" in page
    row = ReminderDelivery.objects.get()
    client.post(url, {"action": "retry", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 0
    assert row.reason == f"Retry requested by {secretary.username}"
    assert SECRETARIAT.group_name in secretary.groups.values_list("name", flat=True)


# --- Celery tasks, beat schedule and the management command --------------------------------


def test_beat_schedules_the_sweep_with_an_expiry():
    from hecht.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["reminders-sweep"]
    assert entry["task"] == "governance.sweep_reminders" in app.tasks
    assert entry["options"]["expires"] < entry["schedule"]
    for name in ("governance.sweep_reminders", "governance.deliver_reminders"):
        task = app.tasks[name]
        assert task.acks_late and task.time_limit > task.soft_time_limit
        assert task.time_limit < django_settings.HECHT_REMINDER_RECLAIM_SECONDS


def test_sweep_task_delivers_eagerly_without_a_broker(owner, django_capture_on_commit_callbacks):
    from governance.tasks import sweep_reminders

    action(owner, due=dt.date(2020, 1, 1))
    with (
        time_machine.travel(at(2020, 1, 2, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = sweep_reminders.delay().get()
    assert result == {"planned": 1, "reclaimed": 0, "recipients": 1}
    assert len(mail.outbox) == 1 and rows()[0].status == Status.SENT


def test_send_reminders_command(owner):
    action(owner, due=dt.date(2026, 12, 7))
    out = StringIO()
    call_command("send_reminders", "--at", "2026-12-07T10:00", stdout=out)
    assert "planned 1" in out.getvalue() and "sent 1" in out.getvalue()
    call_command("send_reminders", "--at", "2026-12-07T10:05", stdout=out)
    assert "planned 0" in out.getvalue().splitlines()[-1]
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_reminders", "--at", "next monday", stdout=out)


def test_recording_an_action_due_today_sweeps_at_once(
    client, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    form = {
        "description": "Vandaag af",
        "actor": Action.Actor.PERSON,
        "owner": owner.pk,
        "due_date": timezone.localdate().isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("governance:action-create"), form).status_code == 302
    assert [row.stage for row in rows(status=Status.SENT)] == ["due"]
