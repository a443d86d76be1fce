"""Write operations of the governance core, one module per aggregate.

Each entry point is one durable transaction, checks the actor's permission,
validates completely before writing (nothing is half-saved) and leaves a history
row with the actor and a reason. Import services from here.
"""

from .actions import ACTION_FIELDS, action_add_note, action_create, action_update
from .agenda import (
    AGENDA_ITEM_FIELDS,
    agenda_item_add,
    agenda_item_move,
    agenda_item_place,
    agenda_item_remove,
    agenda_item_update,
)
from .calendar import calendar_token_reset, personal_feed_url
from .cover_notes import (
    COVER_NOTE_FIELDS,
    cover_note_mark_complete,
    cover_note_reopen,
    cover_note_save,
)
from .days_off import closing_day_add, closing_day_remove, national_day_waive
from .decisions import decision_record
from .documents import document_upload, document_version_upload
from .meetings import MEETING_FIELDS, meeting_create, meeting_update
from .packs import packs_request
from .programme import track_update
from .proposals import (
    PROPOSAL_FIELDS,
    proposal_create,
    proposal_update,
    proposal_withdraw,
    route_plan_backwards,
    route_step_add,
    route_step_move,
    route_step_place,
    route_step_remove,
    route_step_schedule,
)
from .publication import (
    agenda_publish,
    agenda_publish_refusal,
    agenda_unpublish,
    decisions_publish,
    decisions_publish_refusal,
    decisions_unpublish,
)
from .reminders import reminder_preferences_update, reminders_retry, reminders_send_now
from .written import written_close, written_respond

__all__ = [
    "closing_day_add",
    "closing_day_remove",
    "national_day_waive",
    "ACTION_FIELDS",
    "AGENDA_ITEM_FIELDS",
    "COVER_NOTE_FIELDS",
    "MEETING_FIELDS",
    "PROPOSAL_FIELDS",
    "action_add_note",
    "action_create",
    "action_update",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_place",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_publish",
    "agenda_publish_refusal",
    "agenda_unpublish",
    "calendar_token_reset",
    "cover_note_mark_complete",
    "cover_note_reopen",
    "cover_note_save",
    "decision_record",
    "decisions_publish",
    "decisions_publish_refusal",
    "decisions_unpublish",
    "document_upload",
    "document_version_upload",
    "meeting_create",
    "meeting_update",
    "packs_request",
    "personal_feed_url",
    "proposal_create",
    "proposal_update",
    "proposal_withdraw",
    "reminder_preferences_update",
    "reminders_retry",
    "reminders_send_now",
    "route_plan_backwards",
    "route_step_add",
    "route_step_move",
    "route_step_place",
    "route_step_remove",
    "route_step_schedule",
    "track_update",
    "written_close",
    "written_respond",
]
