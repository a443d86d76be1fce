"""Registries through which the apps built on the core (pcycle, reserves, dialogue) add to
its pages and its demo without the core importing them (``hecht <- governance <- apps``).

Each app registers from its ``AppConfig.ready()``, as it does its deadline sources
(``governance.reminders.register``) and its role permissions (``governance.roles.grant``):

- :func:`register_panel`: a short panel on the proposal page and on the agenda-item page
  of a proposal, e.g. "Zienswijzen: 15 van 18 ontvangen" on a draft budget. The function
  takes the viewer and proposal ids and answers in a fixed number of queries.
- :func:`register_move_check`: what moving a meeting would break, said on the meeting form
  before the move is saved and in the message after it, e.g. a Wgr date that the new date
  of the general board can no longer meet.
- :func:`register_demo`: a loader that adds the app's part to ``manage.py load_demo``,
  called in the same transaction after the core's demo (idempotent, like the rest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A few lines about a proposal from another app: a heading, the lines, and where to
    read more. ``state`` ("ok", "warning") colours its badge."""

    heading: str
    lines: tuple[str, ...]
    url: str = ""
    link_text: str = ""
    state: str = "ok"


PanelFunction = Callable[[Any, list[int]], dict[int, list[Panel]]]
MoveCheck = Callable[[Any, dt.datetime], list[str]]
DemoLoader = Callable[..., None]

_panels: dict[str, PanelFunction] = {}
_move_checks: dict[str, MoveCheck] = {}
_demo_loaders: dict[str, DemoLoader] = {}


def register_panel(name: str, function: PanelFunction) -> None:
    """``function(user, proposal_ids) -> {proposal_id: [Panel, ...]}`` for the proposals
    the user may see (the caller passes only those)."""
    _panels[name] = function


def register_move_check(name: str, function: MoveCheck) -> None:
    """``function(meeting, new_starts_at) -> [message, ...]``: what moving ``meeting`` to
    ``new_starts_at`` breaks (empty when nothing)."""
    _move_checks[name] = function


def register_demo(name: str, function: DemoLoader) -> None:
    """``function(summary, *, today, now)`` adds the app's demo rows (idempotent)."""
    _demo_loaders[name] = function


def panels_for(user: Any, proposal_ids: Iterable[int]) -> dict[int, list[Panel]]:
    """Every registered app's panels for ``proposal_ids``, in registration order."""
    ids = sorted(set(proposal_ids))
    result: dict[int, list[Panel]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for function in _panels.values():
        for pk, panels in function(user, ids).items():
            result.setdefault(pk, []).extend(panels)
    return result


def move_consequences(meeting: Any, new_starts_at: dt.datetime) -> list[str]:
    """What moving ``meeting`` to ``new_starts_at`` breaks, as said by every app."""
    if new_starts_at == meeting.starts_at:
        return []
    messages: list[str] = []
    for function in _move_checks.values():
        messages.extend(function(meeting, new_starts_at))
    return messages


def load_demo_extensions(summary: Any, *, today: dt.date, now: dt.datetime) -> None:
    for function in _demo_loaders.values():
        function(summary, today=today, now=now)
