"""The registry of deadline sources.

Every app that creates work with a due date registers one function from its
``AppConfig.ready()``; the core never imports the other apps::

    reminders.register("vote", vote_deadlines, label=_("Votes"), stages=[(-2,), (0, "urgent")])

A source function takes a :class:`Window` and returns the open deadlines in it, each
with the people who owe the work. It runs a fixed number of queries whatever the number
of deadlines, and filters on ``window.user_ids`` and the due range in the database
where it can (the caller applies the exact filter again, so a coarse filter is fine).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings

from .policy import AMSTERDAM, Stage, parse_policy


@dataclass(frozen=True)
class Window:
    """What a source is asked for: deadlines owed by ``user_ids`` (None: by anyone)
    and due in [``due_from``, ``due_until``] (None: unbounded)."""

    now: dt.datetime
    user_ids: frozenset[int] | None = None
    due_from: dt.datetime | None = None
    due_until: dt.datetime | None = None

    def wants(self, deadline: Deadline) -> bool:
        if self.due_from is not None and deadline.due_at < self.due_from:
            return False
        if self.due_until is not None and deadline.due_at > self.due_until:
            return False
        return self.user_ids is None or bool(self.user_ids.intersection(deadline.recipient_ids))


@dataclass(frozen=True)
class Deadline:
    """Work someone owes by a moment. ``all_day`` deadlines are due at the end of
    ``due_at``'s day and shown as a date. ``confidential`` ones are named by
    ``neutral_title`` outside the application (e-mail)."""

    kind: str
    object_id: int
    due_at: dt.datetime
    title: str
    url: str
    recipient_ids: tuple[int, ...]
    context: str = ""
    owner: str = ""  # who owes it, as shown to others (escalations)
    all_day: bool = False
    confidential: bool = False
    neutral_title: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def due_on(self) -> dt.date:
        """The local day it is due (Europe/Amsterdam, the application's time zone)."""
        return self.due_at.astimezone(AMSTERDAM).date()

    @property
    def mail_title(self) -> str:
        return self.neutral_title if self.confidential else self.title


SourceFunction = Callable[[Window], Iterable[Deadline]]


@dataclass(frozen=True)
class Source:
    kind: str
    collect: SourceFunction
    label: object  # a lazy translation
    mandatory: bool
    default_stages: tuple[Stage, ...] = field(default_factory=tuple)

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages from ``HECHT_REMINDER_POLICY[kind]`` when set, else the defaults."""
        override = getattr(settings, "HECHT_REMINDER_POLICY", {}).get(self.kind)
        return parse_policy(override) if override is not None else self.default_stages

    @property
    def escalates(self) -> bool:
        return any(stage.escalate for stage in self.stages)

    @property
    def owner_stages(self) -> tuple[Stage, ...]:
        """The stages that remind the person who owes the work."""
        return tuple(stage for stage in self.stages if not stage.escalate)

    @property
    def escalation_stages(self) -> tuple[Stage, ...]:
        """The stages that tell the management."""
        return tuple(stage for stage in self.stages if stage.escalate)


_SOURCES: dict[str, Source] = {}


def register(
    kind: str,
    collect: SourceFunction,
    *,
    label,
    stages: Iterable[Sequence],
    mandatory: bool = False,
) -> None:
    """Register a deadline source. Registering the same kind again replaces it (so a
    reloaded ``ready()`` is harmless); ``kind`` names it in the ledger and settings."""
    if not kind.replace("_", "").isalnum() or len(kind) > 40:
        raise ValueError(f"bad deadline kind {kind!r}")
    _SOURCES[kind] = Source(kind, collect, label, mandatory, parse_policy(stages))


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda source: source.kind)


def source(kind: str) -> Source:
    return _SOURCES[kind]


def optional_kinds() -> list[Source]:
    """The kinds a user may opt out of."""
    return [s for s in sources() if not s.mandatory]
