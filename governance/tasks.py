"""Celery tasks of the governance core. Tasks take ids and are idempotent; services
enqueue them with ``transaction.on_commit`` so a worker never sees uncommitted rows."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="governance.build_agenda_packs", acks_late=True)
def build_agenda_packs(meeting_id: int) -> dict[str, str]:
    """(Re)build the public and members' pack of a meeting. Idempotent: the packs are
    keyed by the content they are built from, so a retry or a second run with nothing
    changed writes nothing new."""
    from governance.packs import build_meeting_packs

    return build_meeting_packs(meeting_id)
