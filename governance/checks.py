"""System checks of the governance core: the reminder policy in the settings must name
registered kinds of deadlines and well-formed stages. ``migrate`` and ``check`` run
them, so a typo in ``HECHT_REMINDER_POLICY`` stops a deployment instead of the sweep."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error

from governance.reminders import registry
from governance.reminders.policy import parse_policy


def check_reminder_policy(app_configs=None, **kwargs) -> list[Error]:
    policy = getattr(settings, "HECHT_REMINDER_POLICY", {})
    if not isinstance(policy, dict):
        return [
            Error(
                "HECHT_REMINDER_POLICY must map kinds of deadlines to lists of stages.",
                id="governance.E001",
            )
        ]
    known = sorted(source.kind for source in registry.sources())
    errors: list[Error] = []
    for kind, spec in policy.items():
        if kind not in known:
            errors.append(
                Error(
                    f"HECHT_REMINDER_POLICY names {kind!r}, which is not a kind of deadline.",
                    hint=f"Known kinds: {', '.join(known)}.",
                    id="governance.E002",
                )
            )
            continue
        try:
            parse_policy(spec)
        except ValueError as exc:
            errors.append(
                Error(
                    f"HECHT_REMINDER_POLICY[{kind!r}] is not a list of stages: {exc}.",
                    hint='Each stage is [working days, flags…], e.g. [-5], [0, "urgent"], '
                    '[3, "escalate"].',
                    id="governance.E003",
                )
            )
    return errors
