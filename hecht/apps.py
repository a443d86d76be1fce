from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from hecht.middleware import session_start


class HechtConfig(AppConfig):
    name = "hecht"
    verbose_name = "Hecht"

    def ready(self) -> None:
        # The absolute session lifetime counts from the login, however it happened.
        user_logged_in.connect(session_start, dispatch_uid="hecht.session_start")
