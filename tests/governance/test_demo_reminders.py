"""Every actor in the demo gets exactly the reminders the policy promises: two weeks
of sweeps (every few hours) over the demo data, compared with the stages the pure
policy says are reached, and never more than one digest a day per person."""

import datetime as dt
from collections import Counter

import time_machine
from django.core import mail

from governance.models import ReminderDelivery, User
from governance.reminders import ledger, policy, registry
from governance.reminders.sources import management_ids
from tests.factories import TZ
from tests.governance.conftest import DEMO_TODAY

SWEEPS = [dt.time(0, 5), dt.time(7, 35), dt.time(12, 0), dt.time(17, 0)]


def promised(now: dt.datetime) -> set[tuple]:
    """What the policy promises at ``now``, computed from the sources and the pure
    rules: for every open deadline, the latest reached stage of each track, to the
    people who owe it (the management for escalations) who can be e-mailed."""
    today = now.astimezone(TZ).date()
    reachable = set(
        User.objects.filter(is_active=True).exclude(email="").values_list("pk", flat=True)
    )
    rows = set()
    for source in registry.sources():
        for deadline in source.collect(registry.Window(now=now)):
            for stage in policy.reached_stages(deadline.due_on, today, source.stages):
                recipients = management_ids() if stage.escalate else deadline.recipient_ids
                rows |= {
                    (source.kind, deadline.object_id, deadline.due_at, pk, stage.code)
                    for pk in recipients
                    if pk in reachable
                }
    return rows


def test_demo_actors_get_exactly_the_promised_reminders_once(demo):
    expected: set[tuple] = set()
    moments = [
        dt.datetime.combine(DEMO_TODAY.date() + dt.timedelta(days=day), at, tzinfo=TZ)
        for day in range(14)
        for at in SWEEPS
    ]
    for now in moments:
        with time_machine.travel(now, tick=False):
            expected |= promised(now)
            result = ledger.sweep(now)
            for user_id in result.recipients:
                ledger.deliver(result.token, user_id, now)
    sent = {
        (r.kind, r.object_id, r.due_at, r.recipient_id, r.stage): r
        for r in ReminderDelivery.objects.filter(status=ReminderDelivery.Status.SENT)
    }
    # Some reminders are still waiting for tomorrow's digest at the end of the run.
    pending = set(
        ReminderDelivery.objects.filter(status=ReminderDelivery.Status.PENDING).values_list(
            "kind", "object_id", "due_at", "recipient_id", "stage"
        )
    )
    assert expected, "the demo has no deadlines near a reminder stage"
    assert set(sent) | pending == expected
    assert not ReminderDelivery.objects.exclude(
        status__in=[ReminderDelivery.Status.SENT, ReminderDelivery.Status.PENDING]
    ).exists()
    assert {row.attempts for row in sent.values()} == {1}
    assert {kind for kind, *_ in expected} >= {"action", "documents"}
    # One mail per claim and person; at most one digest (a mail without urgent
    # reminders) per person per day.
    mails = Counter(
        (r.recipient_id, r.claim_token, r.sent_at.astimezone(TZ).date()) for r in sent.values()
    )
    assert len(mail.outbox) == len(mails)
    urgent_claims = {(r.recipient_id, r.claim_token) for r in sent.values() if r.urgent}
    digests = Counter(
        (user_id, day) for user_id, token, day in mails if (user_id, token) not in urgent_claims
    )
    assert max(digests.values()) == 1
