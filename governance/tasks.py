"""Celery tasks of the governance core. Tasks take ids and are idempotent; services
enqueue them with ``transaction.on_commit`` so a worker never sees uncommitted rows."""

from __future__ import annotations

from celery import shared_task

from governance.accounts_mail import mfa_reset_message
from governance.models import User
from governance.packs import build_meeting_packs
from governance.packs.mail import tell_secretariat
from governance.reminders import ledger
from hecht.tasks import enqueue_on_commit


@shared_task(name="governance.build_agenda_packs", acks_late=True)
def build_agenda_packs(meeting_id: int) -> dict[str, str]:
    """(Re)build the public and members' pack of a meeting. Idempotent: the packs are
    keyed by the content they are built from, so a retry or a second run with nothing
    changed writes nothing new."""
    return build_meeting_packs(meeting_id)


@shared_task(name="governance.notify_pack_failure", acks_late=True)
def notify_pack_failure(meeting_id: int) -> int:
    """Tell the secretariat that building a meeting's packs failed; returns the number
    of messages (one per recipient). Idempotent: a failure is told once (the pack row
    records it), so a retried or repeated task, or another failure of the same build,
    sends nothing more."""
    return tell_secretariat(meeting_id)


@shared_task(
    name="governance.sweep_reminders",
    acks_late=True,
    soft_time_limit=120,
    time_limit=150,
)
def sweep_reminders() -> dict[str, int]:
    """Plan the reminders reached now, reclaim stuck ones and claim the due ones, then
    queue one delivery per recipient. Idempotent: the ledger's unique key and the
    compare-and-swap claim make a second run (or a concurrent one) send nothing twice."""
    result = ledger.sweep()
    for user_id in result.recipients:
        enqueue_on_commit(deliver_reminders, str(result.token), user_id)
    return {
        "planned": result.planned,
        "reclaimed": result.reclaimed,
        "recipients": len(result.recipients),
    }


@shared_task(
    name="governance.deliver_reminders",
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_reminders(token: str, user_id: int) -> dict[str, int]:
    """Send one recipient the reminders of one claim. Idempotent: only rows still
    "sending" under ``token`` are sent, and they are marked sent afterwards."""
    return vars(ledger.deliver(token, user_id))


@shared_task(name="governance.send_mfa_reset_notice")
def send_mfa_reset_notice(user_id: int) -> None:
    """Tell a person that their second factor was reset (so an unexpected reset, by
    someone who took over a secretariat account, does not go unnoticed)."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None and user.email:
        mfa_reset_message(user).send()
