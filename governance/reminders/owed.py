"""What a person owes: the one query behind "Mijn taken", its count in the header and
the reminder e-mail, so the page and the mail never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from governance.queries.days_off import organisation_days_off

from . import policy, registry
from .sources import management_ids


@dataclass(frozen=True)
class OwedTask:
    deadline: registry.Deadline
    source: registry.Source
    overdue: bool

    @property
    def key(self) -> str:
        return self.deadline.key


@dataclass(frozen=True)
class MyTasks:
    """``own``: what the person owes, soonest due first. ``escalated``: work of others
    past its escalation stage, for the management."""

    own: list[OwedTask]
    escalated: list[OwedTask]

    def due_moments(self) -> dict[str, dt.datetime]:
        """When each listed task is due, by key."""
        return {task.key: task.deadline.due_at for task in (*self.own, *self.escalated)}

    @property
    def count(self) -> int:
        return len(self.own)

    @property
    def overdue_count(self) -> int:
        return sum(task.overdue for task in self.own)

    def __bool__(self) -> bool:
        return bool(self.own or self.escalated)

    def grouped(self, now: dt.datetime) -> list[tuple[str, list[OwedTask]]]:
        """``own`` in the page's groups: overdue, due within a week, later (empty
        groups left out)."""
        week = now + dt.timedelta(days=7)
        groups: dict[str, list[OwedTask]] = {"overdue": [], "week": [], "later": []}
        for task in self.own:
            if task.overdue:
                groups["overdue"].append(task)
            elif task.deadline.due_at <= week:
                groups["week"].append(task)
            else:
                groups["later"].append(task)
        return [(name, tasks) for name, tasks in groups.items() if tasks]


def _sorted(tasks: list[OwedTask]) -> list[OwedTask]:
    return sorted(tasks, key=lambda t: (t.deadline.due_at, t.deadline.kind, t.deadline.object_id))


def tasks_for(user, *, now: dt.datetime | None = None, escalations: bool = True) -> MyTasks:
    """Everything ``user`` owes from every registered source, and — for the management,
    unless ``escalations`` is off — the work of others that reached an escalation stage.
    A fixed number of queries per source."""
    if not user.is_authenticated:
        return MyTasks([], [])
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    mine = registry.Window(now=now, user_ids=frozenset({user.pk}))
    own: list[OwedTask] = []
    escalated: list[OwedTask] = []
    escalating = [source for source in registry.sources() if source.escalates]
    is_manager = escalations and bool(escalating) and user.pk in management_ids()
    days_off = None  # loaded once, for the first escalating source
    for source in registry.sources():
        own.extend(
            OwedTask(deadline, source, policy.is_overdue(deadline.due_at, now))
            for deadline in source.collect(mine)
            if mine.wants(deadline)
        )
        if is_manager and source in escalating:
            first = min((s for s in source.stages if s.escalate), key=lambda s: s.offset)
            overdue = registry.Window(now=now, due_until=now)
            days_off = organisation_days_off() if days_off is None else days_off
            for deadline in source.collect(overdue):
                reached = policy.stage_day(deadline.due_on, first, days_off)
                if (
                    overdue.wants(deadline)
                    and reached <= today
                    and user.pk not in deadline.recipient_ids
                ):
                    escalated.append(OwedTask(deadline, source, True))
    return MyTasks(_sorted(own), _sorted(escalated))
