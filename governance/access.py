"""Permission-checked fetchers. No other code fetches a meeting for a user.

Visibility of meetings:
- the secretariat and management (``governance.view_all_meetings``) see every meeting;
- a person with a membership of a body that is active today sees all that body's
  meetings (a new member may read back the body's history);
- everyone, also without logging in, sees public meetings.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from governance.models import Meeting, Membership


def meeting_scope(user) -> QuerySet[Meeting]:
    """All meetings ``user`` may see (anonymous users included)."""
    meetings = Meeting.objects.select_related("body")
    if user.is_authenticated and user.has_perm("governance.view_all_meetings"):
        return meetings
    if not user.is_authenticated:
        return meetings.filter(is_public=True)
    member_bodies = Membership.objects.active().filter(user=user).values("body_id")
    return meetings.filter(Q(is_public=True) | Q(body_id__in=member_bodies))


def access_meeting(user, pk: int, *, write: bool = False, history: bool = False) -> Meeting:
    """Return the meeting ``pk`` if ``user`` may see it.

    Raises ``Http404`` when the meeting does not exist or is not visible to the
    user (so its existence is not disclosed), and ``PermissionDenied`` when it is
    visible but the user may not change it (``write``) or read its change history
    (``history``).
    """
    try:
        meeting = meeting_scope(user).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if write and not user.has_perm("governance.change_meeting"):
        raise PermissionDenied
    if history and not user.has_perm("governance.view_historicalmeeting"):
        raise PermissionDenied
    return meeting
