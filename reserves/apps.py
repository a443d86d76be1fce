from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservesConfig(AppConfig):
    """Reserve policy, positions, the rule outcome, recovery plan and audit dashboard.
    Models arrive with the reserves issue."""

    name = "reserves"
    verbose_name = _("Reserves")
