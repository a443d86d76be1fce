"""Writes on the quick wins: their status and their dated, attributed progress notes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import User
from governance.services._common import save_with_history

from ..models import QuickWin, QuickWinNote


@transaction.atomic(durable=True)
def quick_win_set_status(*, actor: User, quick_win: QuickWin, status: str) -> QuickWin:
    """Set the status of ``quick_win`` (``pcycle.change_quickwin``); unchanged is a
    no-op."""
    require(actor, "pcycle.change_quickwin")
    locked = QuickWin.objects.select_for_update().get(pk=quick_win.pk)
    if status not in QuickWin.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="invalid")
    if locked.status == status:
        return locked
    previous = locked.get_status_display()
    locked.status = status
    save_with_history(
        locked,
        actor=actor,
        reason=_("Status changed from %(old)s to %(new)s")
        % {"old": previous, "new": locked.get_status_display()},
    )
    return locked


@transaction.atomic(durable=True)
def quick_win_note_add(
    *, actor: User, quick_win: QuickWin, written_on: dt.date, text: str
) -> QuickWinNote:
    """Add a progress note to ``quick_win`` (``pcycle.add_quickwinnote``), dated
    ``written_on`` (not in the future) and signed by ``actor``."""
    require(actor, "pcycle.add_quickwinnote")
    locked = QuickWin.objects.select_for_update().get(pk=quick_win.pk)
    if written_on > timezone.localdate():
        raise ValidationError(
            {"written_on": _("A progress note cannot be dated in the future.")}, code="future"
        )
    note = QuickWinNote(quick_win=locked, written_on=written_on, author=actor, text=text.strip())
    save_with_history(note, actor=actor, reason=_("Progress note added"))
    return note
