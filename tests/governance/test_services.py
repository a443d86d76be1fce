import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services
from governance.models import Meeting
from tests.factories import TZ

START = dt.datetime(2027, 2, 10, 14, tzinfo=TZ)


def test_only_the_secretariat_may_plan(ab, ab_member, manager):
    for actor in (ab_member, manager):
        with pytest.raises(PermissionDenied):
            services.meeting_create(actor=actor, body=ab, starts_at=START)
    assert not Meeting.objects.exists()


def test_anonymous_may_not_plan(ab):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=AnonymousUser(), body=ab, starts_at=START)


def test_create_uses_the_body_default_location_and_records_the_actor(ab, secretary):
    ab.default_location = "Bestuurskamer Hecht"
    ab.save()
    meeting = services.meeting_create(actor=secretary, body=ab, starts_at=START)
    assert meeting.location == "Bestuurskamer Hecht"
    record = meeting.history.get()
    assert record.history_user == secretary
    assert record.history_change_reason


def test_invalid_meeting_is_not_saved(ab, secretary):
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=secretary, body=ab, starts_at=START, ends_at=START - dt.timedelta(hours=1)
        )
    assert not Meeting.objects.exists()


def test_update_without_changes_writes_no_history(public_ab_meeting, secretary):
    before = public_ab_meeting.history.count()
    services.meeting_update(
        actor=secretary, meeting=public_ab_meeting, location=public_ab_meeting.location
    )
    assert public_ab_meeting.history.count() == before


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        # Publishing an agenda is an act of services.publication, not a status.
        (Meeting.Status.PLANNED, Meeting.Phase.AGENDA_PUBLISHED, False),
        (Meeting.Status.PLANNED, Meeting.Status.HELD, True),
        (Meeting.Status.PLANNED, Meeting.Status.CANCELLED, True),
        (Meeting.Status.HELD, Meeting.Status.MINUTES_ADOPTED, True),
        (Meeting.Status.CANCELLED, Meeting.Status.PLANNED, True),
        (Meeting.Status.PLANNED, Meeting.Status.MINUTES_ADOPTED, False),
        (Meeting.Status.HELD, Meeting.Status.PLANNED, False),
        (Meeting.Status.HELD, Meeting.Status.CANCELLED, False),
        (Meeting.Status.MINUTES_ADOPTED, Meeting.Status.HELD, False),
    ],
)
def test_status_transitions(public_ab_meeting, secretary, old, new, allowed):
    public_ab_meeting.status = old
    public_ab_meeting.save()
    if allowed:
        services.meeting_update(actor=secretary, meeting=public_ab_meeting, status=new)
        public_ab_meeting.refresh_from_db()
        assert public_ab_meeting.status == new
    else:
        with pytest.raises(ValidationError):
            services.meeting_update(actor=secretary, meeting=public_ab_meeting, status=new)
        public_ab_meeting.refresh_from_db()
        assert public_ab_meeting.status == old


def test_update_refuses_unknown_fields(public_ab_meeting, secretary):
    with pytest.raises(TypeError):
        services.meeting_update(actor=secretary, meeting=public_ab_meeting, id=5)


def test_a_long_change_reason_is_shortened_to_fit_the_history_row(secretary, ab):
    from governance.services._common import save_with_history

    meeting = Meeting(body=ab, starts_at=dt.datetime(2027, 1, 13, 14, tzinfo=TZ))
    save_with_history(meeting, actor=secretary, reason="Gewijzigd: " + "veld, " * 40)
    reason = meeting.history.latest().history_change_reason
    assert reason.startswith("Gewijzigd: veld,") and reason.endswith("…")
    assert len(reason) == 100
