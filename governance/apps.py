from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from governance.roles import sync_roles

    sync_roles()


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Keep the role groups in step with roles.py.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="governance.sync_roles")
        # The core's own deadline sources; other apps register theirs the same way.
        from governance.reminders.sources import register_core_sources

        register_core_sources()
        from governance.checks import check_reminder_policy

        checks.register(check_reminder_policy)
