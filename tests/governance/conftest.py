"""Fixtures shared by the governance tests."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import TZ

# The demo is loaded as if today were this Wednesday.
DEMO_TODAY = dt.datetime(2026, 11, 25, 10, tzinfo=TZ)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    with time_machine.travel(DEMO_TODAY):
        call_command("load_demo", verbosity=0)
