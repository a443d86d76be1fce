import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from governance.demo import SEED_MEETINGS
from governance.models import Body, Meeting, Membership, Municipality, User
from tests.factories import TZ

TODAY = dt.datetime(2026, 11, 25, 10, tzinfo=TZ)


def _counts():
    models = [Municipality, Body, Membership, Meeting, User, Group]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update(
        {f"history:{m.__name__}": m.history.count() for m in models if hasattr(m, "history")}
    )
    counts["user_groups"] = User.groups.through.objects.count()
    return counts


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    with time_machine.travel(TODAY):
        call_command("load_demo", verbosity=0)


def test_load_demo_is_idempotent(demo, settings):
    first = _counts()
    with time_machine.travel(TODAY + dt.timedelta(days=1)):
        call_command("load_demo", verbosity=0)
    assert _counts() == first


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert Municipality.objects.count() == 0


def test_load_demo_with_force_runs_without_debug(db, settings):
    settings.DEBUG = False
    with time_machine.travel(TODAY):
        call_command("load_demo", "--force", verbosity=0)
    assert Municipality.objects.count() == 18


def test_demo_people_structure(demo):
    assert Municipality.objects.count() == 18
    assert all(m.population_is_approximate for m in Municipality.objects.all())
    ab = Body.objects.get(code="AB")
    ab_members = Membership.objects.active().filter(body=ab, municipality__isnull=False)
    assert ab_members.values("municipality").distinct().count() == 18
    assert ab_members.count() == 18
    assert (
        Membership.objects.active().filter(body__code="DB", municipality__isnull=False).count() == 5
    )
    assert (
        3
        <= Membership.objects.active().filter(body__code="AC").exclude(role="advisor").count()
        <= 5
    )
    assert Membership.objects.active().filter(body__code="BAO").count() >= 5
    for municipality in Municipality.objects.all():
        officials = User.objects.filter(municipality=municipality, groups__name="Contactambtenaar")
        assert 1 <= officials.count() <= 2, municipality
    assert User.objects.get(username="secretariaat").has_perm("governance.add_meeting")
    assert User.objects.get(username="directeur").has_perm("governance.view_all_meetings")
    assert not User.objects.get(username="ab-gouda").has_perm("governance.change_meeting")


def test_demo_contains_the_seed_meetings_as_history(demo):
    for body, kind, day, _title, _public in SEED_MEETINGS:
        meeting = Meeting.objects.get(body__code=body, kind=kind, starts_at__date=day)
        assert meeting.status == Meeting.Status.MINUTES_ADOPTED
    theme = Meeting.objects.get(kind=Meeting.Kind.THEME, starts_at__date=dt.date(2024, 2, 14))
    assert theme.title == "Opdrachtgeverschap en takendialoog"


def test_demo_calendar_covers_this_year_and_next_with_upcoming_meetings(demo):
    for year in (2026, 2027):
        per_body = {
            code: Meeting.objects.filter(body__code=code, starts_at__year=year).count()
            for code in ("AB", "DB", "BAO", "AC")
        }
        assert per_body == {"AB": 6, "DB": 11, "BAO": 11, "AC": 4}, (year, per_body)
    with time_machine.travel(TODAY):
        upcoming = Meeting.objects.upcoming()
        assert upcoming.filter(status=Meeting.Status.AGENDA_PUBLISHED).exists()
        assert upcoming.filter(body__code="AB", is_public=True).exists()
    assert (
        not Meeting.objects.filter(starts_at__year=2027)
        .exclude(status=Meeting.Status.PLANNED)
        .exists()
    )
