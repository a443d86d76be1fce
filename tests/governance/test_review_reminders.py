"""The ``review`` deadline source: the readers of every municipality that has not finished
an open round owe a response by its deadline; reminded once per stage, in "Mijn taken"
and in the digest e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from governance.models import Membership, ReminderDelivery
from governance.reminders import ledger, registry
from governance.reminders.owed import tasks_for
from governance.reminders.sources import review_deadlines
from governance.roles import BOARD_MEMBER, CONTACT_OFFICIAL
from governance.services import review as svc
from tests.factories import TZ, BodyFactory, MembershipFactory, UserFactory

OPENED = dt.datetime(2026, 11, 30, 9, tzinfo=TZ)  # a Monday; ten working days: 14 December


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def opened(review_proposal, secretary, leiden, gouda, contact_official, gouda_official):
    contact_official.email = "ca@leiden.example"
    contact_official.save()
    with time_machine.travel(OPENED, tick=False):
        return svc.review_round_open(
            actor=secretary,
            proposal=review_proposal,
            working_days=10,
            municipalities=[leiden, gouda],
        )


def test_one_deadline_per_unfinished_municipality(opened, contact_official, gouda_official):
    found = {d.context: d for d in review_deadlines(registry.Window(now=OPENED))}
    assert set(found) == {"Voor Leiden", "Voor Gouda"}
    leiden = found["Voor Leiden"]
    assert leiden.recipient_ids == (contact_official.pk,)
    assert leiden.due_on == dt.date(2026, 12, 14) and leiden.all_day
    assert leiden.url == reverse("governance:review-read", args=[opened.pk])
    assert "Meerjarenbeleid gezondheid" in leiden.title and not leiden.confidential
    svc.review_finish(actor=gouda_official, review_round=opened, outcome="no_remarks")
    assert [d.context for d in review_deadlines(registry.Window(now=OPENED))] == ["Voor Leiden"]
    svc.review_round_close(actor=opened.opened_by, review_round=opened)
    assert list(review_deadlines(registry.Window(now=OPENED))) == []


def test_the_window_filters_people_and_dates(opened, contact_official):
    mine = registry.Window(now=OPENED, user_ids=frozenset({contact_official.pk}))
    assert [d.recipient_ids for d in review_deadlines(mine)] == [(contact_official.pk,)]
    later = registry.Window(now=OPENED, due_from=at(2026, 12, 15, 0))
    assert list(review_deadlines(later)) == []


def test_bao_members_owe_it_only_when_the_round_includes_the_bao(
    review_proposal, secretary, leiden, contact_official
):
    bao = BodyFactory(code="BAO", name="BAO", kind="officials")
    member = UserFactory(username="bao-leiden", roles=[BOARD_MEMBER], municipality=leiden)
    MembershipFactory(user=member, body=bao, municipality=leiden, role=Membership.Role.MEMBER)
    svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=10, municipalities=[leiden]
    )
    (plain,) = review_deadlines(registry.Window(now=OPENED))
    assert plain.recipient_ids == (contact_official.pk,)
    svc.review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=[leiden],
        includes_bao=True,
    )
    with_bao = [d for d in review_deadlines(registry.Window(now=OPENED)) if d != plain]
    assert with_bao[0].recipient_ids == tuple(sorted((contact_official.pk, member.pk)))


def test_a_confidential_round_is_named_neutrally_in_mail(opened, review_proposal):
    review_proposal.confidentiality = "confidential"
    review_proposal.woo_ground = "5.1.2b"
    review_proposal.save()
    deadline = next(iter(review_deadlines(registry.Window(now=OPENED))))
    assert deadline.confidential
    assert "Meerjarenbeleid" not in deadline.mail_title
    assert review_proposal.reference in deadline.mail_title


def test_opening_tells_the_readers_once_and_it_is_in_my_tasks(client, opened, contact_official):
    def sweep(now):
        result = ledger.sweep(now)
        for user_id in result.recipients:
            ledger.deliver(result.token, user_id, now)

    # The first stage (ten working days before) is reached on the day the round opens;
    # the digest goes at 07:30 the next morning.
    for now in (at(2026, 11, 30, 9, 5), at(2026, 11, 30, 15), at(2026, 12, 1, 7, 31)):
        sweep(now)
    mine = ReminderDelivery.objects.filter(recipient=contact_official, kind="review")
    assert [row.stage for row in mine] == ["before-10"]
    (message,) = [m for m in mail.outbox if m.to == ["ca@leiden.example"]]
    assert reverse("governance:review-read", args=[opened.pk]) in message.body
    sweep(at(2026, 12, 1, 9))
    assert mine.count() == 1  # planned once
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        tasks = tasks_for(contact_official, now=at(2026, 12, 1, 10)).own
        client.force_login(contact_official)
        page = client.get(reverse("governance:my-tasks")).content.decode()
    assert [task.deadline.kind for task in tasks] == ["review"]
    assert reverse("governance:review-read", args=[opened.pk]) in page


def test_a_contact_official_without_municipality_owes_nothing(opened):
    UserFactory(username="ca-zonder", roles=[CONTACT_OFFICIAL])
    recipients = {
        pk for d in review_deadlines(registry.Window(now=OPENED)) for pk in d.recipient_ids
    }
    assert len(recipients) == 2
