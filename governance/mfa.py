"""Who needs a second factor, and from when (BIO: multi-factor authentication).

- The secretariat, the directie and staff (who may open ``/beheer/``) need it at once:
  they see everything and change the record.
- Everyone else (board members, audit committee members, contact officials) is offered
  it and needs it ``HECHT_MFA_GRACE_DAYS`` days after ``User.mfa_grace_from`` (their
  first login since MFA was introduced; not yet logged in counts as "from now").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from governance.roles import MANAGEMENT, SECRETARIAT

ALWAYS_REQUIRED_GROUPS = frozenset({SECRETARIAT.group_name, MANAGEMENT.group_name})


@dataclass(frozen=True)
class Requirement:
    required: bool
    # For those not yet required: the moment it becomes required (shown in the notice).
    deadline: dt.datetime | None = None


def requirement(*, always: bool, grace_from: dt.datetime | None, now: dt.datetime) -> Requirement:
    """The rule on plain values: ``always`` for secretariat, directie and staff."""
    if always:
        return Requirement(required=True)
    deadline = (grace_from or now) + dt.timedelta(days=settings.HECHT_MFA_GRACE_DAYS)
    return Requirement(required=now >= deadline, deadline=deadline)


def always_required(user) -> bool:
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=ALWAYS_REQUIRED_GROUPS).exists()


def requirement_for(user, *, now: dt.datetime) -> Requirement:
    return requirement(always=always_required(user), grace_from=user.mfa_grace_from, now=now)
