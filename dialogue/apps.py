from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    """Task and chain dialogue, scenarios, weighted ballots and the external review.
    Models arrive with the dialogue issue."""

    name = "dialogue"
    verbose_name = _("Task dialogue")
