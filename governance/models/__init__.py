"""Governance models, one module per aggregate; import them from here."""

from .actions import Action, ActionNote
from .agenda import AgendaItem
from .days_off import ClosingDay
from .decisions import Decision, Vote, VoteChoice, WrittenResponse
from .documents import CoverNote, DistributionKey, DistributionShare, Document, DocumentVersion
from .meetings import Meeting
from .notes import PrivateNote
from .packs import AgendaPack
from .proposals import (
    Confidentiality,
    Programme,
    Proposal,
    RouteStep,
    RouteTemplate,
    RouteTemplateStep,
    StepPurpose,
    Track,
    WooGround,
)
from .reminders import ReminderDelivery, ReminderPreference
from .review import (
    CoverNoteSection,
    DocumentView,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from .structure import Body, Membership, Municipality, User

__all__ = [
    "ReviewRound",
    "ReviewInvitation",
    "ReviewComment",
    "PrivateNote",
    "DocumentView",
    "CoverNoteSection",
    "Action",
    "ActionNote",
    "AgendaItem",
    "AgendaPack",
    "Body",
    "ClosingDay",
    "Confidentiality",
    "CoverNote",
    "Decision",
    "DistributionKey",
    "DistributionShare",
    "Document",
    "DocumentVersion",
    "Meeting",
    "Membership",
    "Municipality",
    "Programme",
    "Proposal",
    "ReminderDelivery",
    "ReminderPreference",
    "RouteStep",
    "RouteTemplate",
    "RouteTemplateStep",
    "StepPurpose",
    "Track",
    "User",
    "Vote",
    "VoteChoice",
    "WooGround",
    "WrittenResponse",
]
