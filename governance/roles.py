"""Roles are Django Groups with permissions; object scope (which body, which
municipality) comes from memberships and ``User.municipality``.

``sync_roles`` runs after every ``migrate`` (wired in ``GovernanceConfig.ready``) so
the groups and their permissions are always exactly what this module says.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    group_name: str  # stable, stored in the database
    label: Promise  # shown in the UI, translated
    permissions: tuple[str, ...]  # "app_label.codename"


# The work of the governance core (issue 3): proposals and their route, agenda,
# documents, cover notes, decisions, actions and the development programme.
_CORE_WORK = (
    "proposal",
    "routestep",
    "routetemplate",
    "routetemplatestep",
    "agendaitem",
    "document",
    "documentversion",
    "covernote",
    "distributionkey",
    "distributionshare",
    "decision",
    "vote",
    "writtenresponse",
    "action",
    "actionnote",
    "programme",
    "track",
)
_HISTORY = tuple(
    f"governance.view_historical{name}"
    for name in ("proposal", "routestep", "agendaitem", "document", "covernote", "decision")
    + ("action", "track")
)


# Co-reading (issue 14): the secretariat and the directie open rounds, read every
# submitted comment and answer them (the author's side).
_REVIEW_AUTHOR = (
    "governance.add_reviewround",
    "governance.change_reviewround",
    "governance.view_reviewround",
    "governance.view_reviewinvitation",
    "governance.view_reviewcomment",
    "governance.answer_reviewcomment",
    "governance.view_historicalreviewround",
    "governance.view_historicalreviewcomment",
)


def _perms(*verbs: str, models: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"governance.{verb}_{model}" for verb in verbs for model in models)


_READ_STRUCTURE = (
    "governance.view_municipality",
    "governance.view_body",
    "governance.view_membership",
)

SECRETARIAT = Role(
    "secretariat",
    "Bestuurssecretariaat",
    _("Board secretariat"),
    (
        *_READ_STRUCTURE,
        "governance.view_meeting",
        "governance.add_meeting",
        "governance.change_meeting",
        "governance.publish_meeting",
        "governance.view_agendapack",
        "governance.view_reminderdelivery",
        "governance.send_reminders",
        "governance.view_all_meetings",
        "governance.view_historicalmeeting",
        "governance.change_municipality",
        "governance.change_body",
        "governance.add_membership",
        "governance.change_membership",
        "governance.view_user",
        "governance.add_user",
        "governance.change_user",
        "governance.reset_second_factor",
        "governance.manage_days_off",
        *_perms("add", "change", "view", models=_CORE_WORK),
        *_perms("delete", models=("agendaitem",)),
        "governance.view_all_proposals",
        *_HISTORY,
        *_REVIEW_AUTHOR,
        "governance.view_documentview",
    ),
)
MANAGEMENT = Role(
    "management",
    "Directie",
    _("Management"),
    (
        *_READ_STRUCTURE,
        "governance.view_meeting",
        "governance.view_all_meetings",
        "governance.view_historicalmeeting",
        # The directie authors proposals and cover notes, delivers documents and
        # owns actions and programme tracks; the secretariat plans and decides.
        *_perms("view", models=_CORE_WORK),
        *_perms("add", "change", models=("proposal", "covernote", "action", "track")),
        *_perms("add", models=("document", "documentversion", "actionnote")),
        "governance.view_all_proposals",
        *_HISTORY,
        *_REVIEW_AUTHOR,
    ),
)
# Contact officials co-read in the rounds their municipality is invited to (scope:
# ``User.municipality``, see ``governance.access.review_round_scope``).
CONTACT_OFFICIAL = Role(
    "contact_official",
    "Contactambtenaar",
    _("Contact official"),
    (*_READ_STRUCTURE, "governance.add_reviewcomment"),
)
# Members respond to written procedures of the bodies they sit on (scope: membership).
_MEMBER = (*_READ_STRUCTURE, "governance.add_writtenresponse")
BOARD_MEMBER = Role("board_member", "Bestuurslid", _("Board member"), _MEMBER)
AUDIT_COMMITTEE_MEMBER = Role(
    "audit_committee_member", "Lid auditcommissie", _("Audit committee member"), _MEMBER
)

ROLES: tuple[Role, ...] = (
    SECRETARIAT,
    MANAGEMENT,
    CONTACT_OFFICIAL,
    BOARD_MEMBER,
    AUDIT_COMMITTEE_MEMBER,
)
ROLES_BY_GROUP = {role.group_name: role for role in ROLES}
ROLES_BY_CODE = {role.code: role for role in ROLES}

# Permissions the apps built on the core grant to these roles, registered from their
# ``AppConfig.ready()`` (``grant("secretariat", "pcycle.add_councilview")``), so the core
# does not name their models. Synced with the rest after every ``migrate``.
_granted: dict[str, set[str]] = {role.code: set() for role in ROLES}


def grant(role_code: str, *perms: str) -> None:
    """Add ``perms`` ("app_label.codename") to the role ``role_code``."""
    if role_code not in ROLES_BY_CODE:
        raise LookupError(f"Unknown role {role_code!r}")
    _granted[role_code].update(perms)


def role_permissions(role: Role) -> tuple[str, ...]:
    """The role's permissions: the core's and those granted by other apps."""
    return (*role.permissions, *sorted(_granted[role.code] - set(role.permissions)))


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"Unknown permissions in roles: {sorted(missing)}")
    return found


def sync_roles() -> None:
    """Create the role groups and set their permissions to exactly the declared ones."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        wanted = _permissions(role_permissions(role))
        if set(group.permissions.all()) != set(wanted):
            group.permissions.set(wanted)


def role_labels(user) -> list[str]:
    """The translated role names of a user, in the order of ``ROLES``."""
    if not user.is_authenticated:
        return []
    names = {g.name for g in user.groups.all()}
    return [str(role.label) for role in ROLES if role.group_name in names]
