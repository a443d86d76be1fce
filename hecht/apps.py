from django.apps import AppConfig


class HechtConfig(AppConfig):
    name = "hecht"
    verbose_name = "Hecht"
