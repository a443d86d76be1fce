from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The imports inside ``ready`` break the app-loading cycle: Django imports this module while
# it builds the app registry, and the registrations import models.

_READ = tuple(
    f"pcycle.view_{model}"
    for model in (
        "pcdocument",
        "exemptcategory",
        "councilview",
        "councilcalendar",
        "councilmeeting",
        "quickwin",
        "quickwinnote",
    )
)
_HISTORY = tuple(
    f"pcycle.view_historical{model}"
    for model in ("pcdocument", "councilview", "councilmeeting", "councilcalendar", "quickwin")
)
_CALENDARS = (
    "pcycle.add_councilmeeting",
    "pcycle.change_councilmeeting",
    "pcycle.delete_councilmeeting",
    "pcycle.change_councilcalendar",
)
# Who may do what in the P&C cycle (``pcycle/access.py`` adds the municipality scope).
GRANTS: dict[str, tuple[str, ...]] = {
    "secretariat": (
        *_READ,
        *_HISTORY,
        *_CALENDARS,
        "pcycle.add_pcdocument",
        "pcycle.change_pcdocument",
        "pcycle.add_exemptcategory",
        "pcycle.change_exemptcategory",
        "pcycle.add_councilview",
        "pcycle.change_councilview",
        "pcycle.register_any_councilview",
        "pcycle.reply_councilview",
        "pcycle.manage_any_councilmeeting",
        "pcycle.change_quickwin",
        "pcycle.add_quickwinnote",
    ),
    "management": (
        *_READ,
        *_HISTORY,
        "pcycle.add_pcdocument",
        "pcycle.change_pcdocument",
        "pcycle.reply_councilview",
        "pcycle.change_quickwin",
        "pcycle.add_quickwinnote",
    ),
    "contact_official": (
        *_READ,
        *_CALENDARS,
        "pcycle.add_councilview",
        "pcycle.change_councilview",
    ),
    "board_member": _READ,
    "audit_committee_member": _READ,
}


class PcycleConfig(AppConfig):
    """P&C calendar, statutory Wgr deadlines, P&C documents, councils' views, council
    calendars and the fit check, and the quick wins with their indicators."""

    name = "pcycle"
    verbose_name = _("Planning & control cycle")

    def ready(self) -> None:
        from governance.extensions import (  # app-loading cycle (see above)
            register_demo,
            register_move_check,
            register_panel,
        )
        from governance.roles import grant  # app-loading cycle
        from pcycle import demo  # app-loading cycle
        from pcycle.queries.cycle import cycle_panels, move_check  # app-loading cycle
        from pcycle.queries.views import views_panels  # app-loading cycle
        from pcycle.reminders import register_sources  # app-loading cycle

        for role, perms in GRANTS.items():
            grant(role, *perms)
        register_demo("pcycle", demo.load)
        register_move_check("pcycle", move_check)
        register_panel("pcycle-cycle", cycle_panels)
        register_panel("pcycle-views", views_panels)
        register_sources()
