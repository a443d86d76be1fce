from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PcycleConfig(AppConfig):
    """P&C calendar, statutory Wgr deadlines, P&C documents, councils' views and the
    quick wins. Models arrive with the P&C issue; the app is registered now so that
    its place in the dependency direction (governance <- pcycle) is fixed."""

    name = "pcycle"
    verbose_name = _("Planning & control cycle")
