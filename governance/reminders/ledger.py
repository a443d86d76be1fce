"""The delivery ledger: plan due reminders, claim them, deliver them, retry, reclaim.

1. ``plan`` asks every registered source for the deadlines near a reminder stage and
   inserts a row per (deadline, recipient, stage) reached that is not in the ledger yet
   — with ``ON CONFLICT DO NOTHING`` on the unique key, so two workers planning at once
   plan once.
2. ``reclaim`` puts rows stuck in "sending" (their worker died) back to "pending".
3. ``claim`` moves every due pending row to "sending" under a new claim token in one
   ``UPDATE … WHERE status = 'pending'`` (a compare-and-swap: of two concurrent
   sweeps, only one moves a row).
4. ``deliver`` sends one e-mail per recipient with the rows of one claim and marks them
   sent only while they still carry that claim; on a mail-server failure the rows go
   back to "pending" with a back-off.

A mail can be sent twice only when the process dies between the mail server accepting
it and the "sent" commit, and the row is then reclaimed (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import operator
import smtplib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from governance.models import ReminderDelivery, User
from governance.models.reminders import DEFAULT_DIGEST_TIME
from governance.queries.days_off import organisation_days_off

from . import policy, registry
from .mail import digest_message, language_of
from .owed import tasks_for
from .sources import management_ids

logger = logging.getLogger(__name__)
Status = ReminderDelivery.Status


@dataclass(frozen=True)
class Recipient:
    digest_time: dt.time
    urgent_immediately: bool
    muted: frozenset[str]


def _recipients(user_ids: set[int]) -> dict[int, Recipient]:
    """Active people among ``user_ids`` with their preferences (one query)."""
    rows = User.objects.filter(pk__in=user_ids, is_active=True).values_list(
        "pk",
        "reminder_preference__digest_time",
        "reminder_preference__urgent_immediately",
        "reminder_preference__muted_kinds",
    )
    return {
        pk: Recipient(
            # None without a preference row (django-stubs types the joined columns as
            # not null).
            digest_time=digest_time or DEFAULT_DIGEST_TIME,  # type: ignore[truthy-bool]
            urgent_immediately=(
                True if urgent is None else urgent  # type: ignore[redundant-expr]
            ),
            muted=frozenset(muted or ()),
        )
        for pk, digest_time, urgent, muted in rows
    }


def _mailed_today(user_ids: set[int], now: dt.datetime) -> set[int]:
    """Who among ``user_ids`` already had a reminder mail today (one query)."""
    if not user_ids:
        return set()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return set(
        ReminderDelivery.objects.filter(
            recipient_id__in=user_ids, status=Status.SENT, sent_at__gte=start
        ).values_list("recipient_id", flat=True)
    )


def _window(source: registry.Source, now: dt.datetime) -> registry.Window:
    """The due range in which a deadline can have a stage to send today: its first
    stage reached, its last one not longer ago than the catch-up period (a safe bound;
    ``policy.reached_stages`` applies the exact rule)."""
    before = max((-s.offset for s in source.stages if s.offset < 0), default=0)
    after = max((s.offset for s in source.stages if s.offset > 0), default=0)
    return registry.Window(
        now=now,
        due_from=now - dt.timedelta(days=policy.calendar_span(after) + policy.CATCH_UP_DAYS),
        due_until=now + dt.timedelta(days=policy.calendar_span(before)),
    )


def plan(now: dt.datetime) -> int:
    """Insert the reminders reached at ``now`` that are not in the ledger yet; returns
    how many new rows were offered (a concurrent sweep may have inserted some first:
    the database skips those)."""
    today = timezone.localtime(now).date()
    days_off = organisation_days_off()
    wanted: list[tuple[registry.Source, registry.Deadline, policy.Stage, tuple[int, ...]]] = []
    managers: tuple[int, ...] | None = None
    for source in registry.sources():
        stages = source.stages
        if not stages:
            continue
        window = _window(source, now)
        for deadline in source.collect(window):
            if not window.wants(deadline):
                continue
            for stage in policy.reached_stages(deadline.due_on, today, stages, days_off=days_off):
                if stage.escalate:
                    managers = management_ids() if managers is None else managers
                    recipients = managers
                else:
                    recipients = deadline.recipient_ids
                wanted.append((source, deadline, stage, recipients))
    planned = _planned(wanted)
    new = [
        (source, deadline, stage, user_id)
        for source, deadline, stage, recipients in wanted
        for user_id in recipients
        if (source.kind, deadline.object_id, deadline.due_at, stage.code, user_id) not in planned
    ]
    if not new:
        return 0
    people = _recipients({user_id for *_, user_id in new})
    mailed_today = _mailed_today(set(people), now)
    rows: list[tuple] = []
    for source, deadline, stage, user_id in new:
        person = people.get(user_id)
        if person is None:
            continue
        if not source.mandatory and not stage.escalate and source.kind in person.muted:
            continue
        send_after = policy.send_after(
            stage,
            policy.stage_day(deadline.due_on, stage, days_off),
            now=now,
            digest_at=person.digest_time,
            urgent_immediately=person.urgent_immediately,
            mailed_today=user_id in mailed_today,
            days_off=days_off,
        )
        rows.append(
            (
                source.kind,
                deadline.object_id,
                deadline.due_at,
                stage.code,
                user_id,
                deadline.mail_title[:250],
                stage.urgent,
                send_after,
            )
        )
    _insert_new(rows, now)
    return len(rows)


def _planned(wanted) -> set[tuple]:
    """The ledger keys already present for the deadlines in ``wanted`` (one query; its
    cost follows the window, not the ledger's history)."""
    by_kind: dict[str, set[int]] = {}
    for source, deadline, _stage, _recipients in wanted:
        by_kind.setdefault(source.kind, set()).add(deadline.object_id)
    if not by_kind:
        return set()
    match = functools.reduce(
        operator.or_, (Q(kind=kind, object_id__in=ids) for kind, ids in by_kind.items())
    )
    return set(
        ReminderDelivery.objects.filter(match).values_list(
            "kind", "object_id", "due_at", "stage", "recipient_id"
        )
    )


_COLUMNS = ("kind", "object_id", "due_at", "stage", "recipient_id", "title", "urgent", "send_after")
_TYPES = ("text", "bigint", "timestamptz", "text", "bigint", "text", "boolean", "timestamptz")


def _insert_new(rows: list[tuple], now: dt.datetime) -> None:
    """Insert ``rows`` (values in ``_COLUMNS`` order), skipping any a concurrent sweep
    inserted first. On PostgreSQL a fixed number of statements whatever the number of
    rows; elsewhere Django's bulk insert."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        ReminderDelivery.objects.bulk_create(
            [
                ReminderDelivery(**dict(zip(_COLUMNS, row, strict=True)), created_at=now)
                for row in rows
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        return
    # COPY into a temporary table, then one INSERT … ON CONFLICT: COPY encodes the
    # values in psycopg's C code, several times faster than binding arrays.
    table = ReminderDelivery._meta.db_table
    columns = ", ".join(_COLUMNS)
    typed = ", ".join(f"{name} {kind}" for name, kind in zip(_COLUMNS, _TYPES, strict=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE reminder_new ({typed})")
        with cursor.cursor.copy(f"COPY reminder_new ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}, created_at, status, attempts, reason) "  # noqa: S608
            f"SELECT {columns}, %s, 'pending', 0, '' FROM reminder_new "
            "ON CONFLICT (kind, object_id, due_at, recipient_id, stage) DO NOTHING",
            [now],
        )
        # Dropped at once (a rollback drops it too): the caller's transaction may plan again.
        cursor.execute("DROP TABLE reminder_new")


def reclaim(now: dt.datetime) -> int:
    """Rows a worker claimed but did not finish within the timeout go back to
    "pending" (the worker died or was killed); the timeout is longer than the delivery
    task's hard time limit, so a live worker's claim is never taken from it."""
    timeout = dt.timedelta(seconds=settings.HECHT_REMINDER_RECLAIM_SECONDS)
    return ReminderDelivery.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - timeout
    ).update(status=Status.PENDING, claim_token=None, reason="Reclaimed after timeout")


def claim(now: dt.datetime) -> tuple[uuid.UUID, list[int]]:
    """Claim every due pending row under a new token; returns the token and the
    recipients with claimed rows. Two sweeps at once never claim the same row: the
    ``status = 'pending'`` condition is re-checked under the row lock."""
    token = uuid.uuid4()
    with transaction.atomic():
        ReminderDelivery.objects.filter(status=Status.PENDING, send_after__lte=now).update(
            status=Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    recipients = (
        ReminderDelivery.objects.filter(claim_token=token, status=Status.SENDING)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return token, list(recipients)


@dataclass(frozen=True)
class SweepResult:
    planned: int
    reclaimed: int
    token: uuid.UUID
    recipients: list[int]


def sweep(now: dt.datetime | None = None) -> SweepResult:
    """Plan, reclaim and claim; the caller delivers per recipient."""
    now = now or timezone.now()
    planned = plan(now)
    reclaimed = reclaim(now)
    token, recipients = claim(now)
    return SweepResult(planned, reclaimed, token, recipients)


# --- delivery ------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryResult:
    sent: int = 0
    cancelled: int = 0
    failed: int = 0
    retry: int = 0


def deliver(token: uuid.UUID | str, user_id: int, now: dt.datetime | None = None):
    """Send ``user_id`` one e-mail with the reminders of claim ``token``. Idempotent:
    rows that are no longer "sending" under this token (done, or reclaimed by a later
    sweep) are left alone, so a repeated task sends nothing."""
    now = now or timezone.now()
    rows = list(
        ReminderDelivery.objects.filter(
            claim_token=token, recipient_id=user_id, status=Status.SENDING
        ).order_by("due_at", "pk")
    )
    if not rows:
        return DeliveryResult()
    claimed = ReminderDelivery.objects.filter(
        claim_token=token, status=Status.SENDING, pk__in=[row.pk for row in rows]
    )
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        claimed.update(status=Status.CANCELLED, reason="Recipient is no longer active")
        return DeliveryResult(cancelled=len(rows))
    with translation.override(language_of(user)):
        tasks = tasks_for(user, now=now)  # titles and labels in the recipient's language
    # A reminder still applies when the work is open and due when it was planned for; a
    # moved due date plans its own stages (the due moment is part of the ledger key).
    due = tasks.due_moments()
    live: list[ReminderDelivery] = []
    cancelled: dict[str, list[int]] = {}
    for row in rows:
        if row.key not in due:
            cancelled.setdefault("Done or no longer owed before sending", []).append(row.pk)
        elif due[row.key] != row.due_at:
            cancelled.setdefault("The due date changed before sending", []).append(row.pk)
        else:
            live.append(row)
    for reason, ids in cancelled.items():
        claimed.filter(pk__in=ids).update(status=Status.CANCELLED, reason=reason)
    stale = [pk for ids in cancelled.values() for pk in ids]
    if not live:
        return DeliveryResult(cancelled=len(stale))
    live_ids = [row.pk for row in live]
    if not user.email:
        claimed.filter(pk__in=live_ids).update(
            status=Status.FAILED, reason="The recipient has no e-mail address"
        )
        return DeliveryResult(cancelled=len(stale), failed=len(live))
    message = digest_message(user, tasks, reminded=live, now=now)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        return _failed(claimed.filter(pk__in=live_ids), live, exc, now, cancelled=len(stale))
    done = claimed.filter(pk__in=live_ids).update(status=Status.SENT, sent_at=now, reason="")
    if done != len(live_ids):
        logger.warning("Reminders %s were reclaimed while being sent", live_ids)
    return DeliveryResult(sent=done, cancelled=len(stale))


def _failed(claimed, rows, exc: Exception, now: dt.datetime, *, cancelled: int):
    attempts = max(row.attempts for row in rows)
    reason = f"{type(exc).__name__}: {exc}"[:1000]
    ids = [row.pk for row in rows]
    logger.warning("Sending reminders %s failed (attempt %s): %s", ids, attempts, reason)
    if attempts >= settings.HECHT_REMINDER_MAX_ATTEMPTS:
        claimed.update(status=Status.FAILED, claim_token=None, reason=reason)
        return DeliveryResult(cancelled=cancelled, failed=len(rows))
    delay = policy.backoff(
        attempts,
        base=dt.timedelta(seconds=settings.HECHT_REMINDER_RETRY_SECONDS),
        cap=dt.timedelta(hours=6),
    )
    claimed.update(status=Status.PENDING, claim_token=None, send_after=now + delay, reason=reason)
    return DeliveryResult(cancelled=cancelled, retry=len(rows))
