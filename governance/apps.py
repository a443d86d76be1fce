from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The imports inside the functions below break the app-loading cycle: Django imports this
# module while it builds the app registry, and roles, reminders and checks import models,
# which need that registry to be complete.


def _sync_roles(sender, **kwargs) -> None:
    from governance.roles import sync_roles  # app-loading cycle (see above)

    sync_roles()


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Keep the role groups in step with roles.py.
        # Connected to the last app with models, so that the permissions other apps grant
        # (``roles.grant``) exist when it runs: post_migrate follows INSTALLED_APPS.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(_sync_roles, sender=last, dispatch_uid="governance.sync_roles")
        # The core's own deadline sources; other apps register theirs the same way.
        from governance.checks import check_reminder_policy  # app-loading cycle
        from governance.reminders.sources import register_core_sources  # app-loading cycle

        register_core_sources()

        checks.register(check_reminder_policy)
