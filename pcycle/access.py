"""Who may see and change what in the P&C cycle: one rule per question, used by the pages,
the PDFs, the reminders and the admin (like ``governance.access``, whose gate ``require``
and whose proposal scope it builds on).

- Every logged-in role reads the P&C calendar, the councils' views and replies, the
  council calendars and the quick wins (``pcycle.view_*``). A P&C document is visible
  when its proposal is (``governance.access.proposal_scope``) or, being public, once it
  has been sent to the councils: from then on every council has it.
- The secretariat and the directie plan P&C documents and write the executive board's
  replies; the secretariat registers views and keeps council calendars for every
  municipality (``register_any_councilview``, ``manage_any_councilmeeting``).
- A contact official registers their own council's view and keeps their own council's
  calendar (``User.municipality``); nobody else's.
- Nothing without a login (404, like governance's proposals).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from governance.access import Viewer, proposal_scope, require
from governance.models import Confidentiality, Municipality

from .models import CouncilMeeting, CouncilView, PcDocument, QuickWin

VIEW_PERM = "pcycle.view_pcdocument"


def may_read(user: Viewer) -> bool:
    """Whether ``user`` may read the P&C pages at all."""
    return user.is_authenticated and user.has_perm(VIEW_PERM)


def pc_document_scope(user: Viewer) -> QuerySet[PcDocument]:
    """The P&C documents ``user`` may see (none without a login)."""
    documents = PcDocument.objects.select_related("proposal", "exempt_category")
    if not may_read(user):
        return documents.none()
    sent_and_public = Q(sent_to_councils_on__isnull=False) & Q(
        proposal__confidentiality=Confidentiality.PUBLIC
    )
    return documents.filter(Q(proposal_id__in=proposal_scope(user).values("pk")) | sent_and_public)


def access_pc_document(
    user: Viewer, pk: int, *, write: bool = False, reply: bool = False
) -> PcDocument:
    """The P&C document ``pk``: 404 when not visible, 403 when ``write`` (plan its dates:
    ``pcycle.change_pcdocument``) or ``reply`` (``pcycle.reply_councilview``) is asked and
    not held."""
    try:
        document = pc_document_scope(user).get(pk=pk)
    except PcDocument.DoesNotExist:
        raise Http404 from None
    if write:
        require(user, "pcycle.change_pcdocument")
    if reply:
        require(user, "pcycle.reply_councilview")
    return document


def acts_for(user: Viewer, municipality: Municipality | int, perm: str, any_perm: str) -> bool:
    """Whether ``user`` holds ``perm`` for ``municipality``: everywhere with ``any_perm``,
    else only for the municipality they are bound to (``User.municipality``)."""
    if not user.is_authenticated or not user.has_perm(perm):
        return False
    if user.has_perm(any_perm):
        return True
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return user.municipality_id is not None and user.municipality_id == pk


def may_register_view(user: Viewer, municipality: Municipality | int) -> bool:
    """Register (or correct) the view of ``municipality``'s council."""
    return acts_for(user, municipality, "pcycle.add_councilview", "pcycle.register_any_councilview")


def require_register_view(user: Viewer, municipality: Municipality | int) -> None:
    if not may_register_view(user, municipality):
        raise PermissionDenied


def council_view_scope(user: Viewer) -> QuerySet[CouncilView]:
    """Views of the councils on the P&C documents ``user`` may see."""
    return CouncilView.objects.select_related("municipality", "document").filter(
        document__in=pc_document_scope(user)
    )


def access_council_view(
    user: Viewer, pk: int, *, write: bool = False, reply: bool = False
) -> CouncilView:
    """The view ``pk``: 404 when not visible; ``write`` needs ``may_register_view`` for its
    municipality, ``reply`` the permission to reply (403 otherwise)."""
    try:
        view = council_view_scope(user).get(pk=pk)
    except CouncilView.DoesNotExist:
        raise Http404 from None
    if write:
        require_register_view(user, view.municipality_id)
    if reply:
        require(user, "pcycle.reply_councilview")
    return view


def may_manage_calendar(user: Viewer, municipality: Municipality | int) -> bool:
    """Add, change or remove meetings of ``municipality``'s council calendar, import it
    and set its preparation time."""
    return acts_for(
        user, municipality, "pcycle.add_councilmeeting", "pcycle.manage_any_councilmeeting"
    )


def require_manage_calendar(user: Viewer, municipality: Municipality | int) -> None:
    if not may_manage_calendar(user, municipality):
        raise PermissionDenied


def council_meeting_scope(user: Viewer) -> QuerySet[CouncilMeeting]:
    """Council meetings are public dates: every reader of the P&C pages sees all."""
    meetings = CouncilMeeting.objects.select_related("municipality")
    return meetings if may_read(user) else meetings.none()


def access_council_meeting(user: Viewer, pk: int, *, write: bool = False) -> CouncilMeeting:
    try:
        meeting = council_meeting_scope(user).get(pk=pk)
    except CouncilMeeting.DoesNotExist:
        raise Http404 from None
    if write:
        require_manage_calendar(user, meeting.municipality_id)
    return meeting


def quick_win_scope(user: Viewer) -> QuerySet[QuickWin]:
    wins = QuickWin.objects.select_related("track")
    return wins if may_read(user) else wins.none()


def access_quick_win(user: Viewer, pk: int, *, write: bool = False, note: bool = False) -> QuickWin:
    """The quick win ``pk``; ``write`` (its status) needs ``pcycle.change_quickwin``,
    ``note`` (a progress note) ``pcycle.add_quickwinnote``."""
    try:
        win = quick_win_scope(user).get(pk=pk)
    except QuickWin.DoesNotExist:
        raise Http404 from None
    if write:
        require(user, "pcycle.change_quickwin")
    if note:
        require(user, "pcycle.add_quickwinnote")
    return win
