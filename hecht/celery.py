"""Celery application, as in Celery's "First steps with Django" guide."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")

app = Celery("hecht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
