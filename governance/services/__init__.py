"""Write operations of the governance core, one module per aggregate.

Each entry point is one durable transaction, checks the actor's permission,
validates completely before writing (nothing is half-saved) and leaves a history
row with the actor and a reason. Import services from here.
"""

from .meetings import MEETING_FIELDS, meeting_create, meeting_update

__all__ = ["MEETING_FIELDS", "meeting_create", "meeting_update"]
