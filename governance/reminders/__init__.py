"""Reminders of every kind of deadline, once, in one digest.

- ``registry``: the deadline sources other apps register from ``AppConfig.ready()``
- ``policy``: pure rules (stages in working days, digest slots, back-off)
- ``sources``: the governance core's own sources (documents, actions, written responses)
- ``owed``: what a person owes ("Mijn taken", the header count and the e-mail)
- ``ledger``: plan, claim, deliver, retry, reclaim (PostgreSQL is the record, not Redis)
- ``mail``: the e-mail itself
"""

from __future__ import annotations

from .registry import Deadline, Window, register

__all__ = ["Deadline", "Window", "register"]
