"""Calendar feeds (iCalendar): public, per body, personal; the key reset; SEQUENCE.

Every feed is read back twice: with ``icalendar`` and with the small strict parser
below, written from RFC 5545 section 3.1 (CRLF, folding at 75 octets, BEGIN/END
nesting), so a bug shared by our builder and the library cannot hide.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import icalendar
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from governance import feeds, services
from governance.models import Meeting, User
from tests.authz import ACTORS
from tests.authz.feeds import PERSONAL_FEED, PUBLIC_FEEDS, TOKEN_RESET
from tests.factories import TZ, AgendaItemFactory, BodyFactory, MeetingFactory

NOW = dt.datetime(2026, 6, 1, 9, tzinfo=TZ)
UTC = dt.UTC
# The actors of tests/authz by their conftest fixture.
FIXTURES = {"other_body_member": "ac_member", "member": "ab_member"}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# --- a second, independent parser ------------------------------------------------


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> Prop:
        found = [p for p in self.props if p.name == name]
        assert len(found) == 1, f"{self.name} has {len(found)} × {name}"
        return found[0]

    def sub(self, name: str) -> list[Component]:
        return [c for c in self.children if c.name == name]


NAME = re.compile(r"[A-Za-z0-9-]+")


def _split_params(text: str) -> tuple[str, dict[str, str], str]:
    """Split ``NAME;P=V;Q="a:b":value`` at the first colon outside quotes."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = text[:i], text[i + 1 :]
            break
    else:
        raise AssertionError(f"no value in {text!r}")
    name, *raw_params = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', head)
    assert NAME.fullmatch(name), f"bad property name {name!r}"
    params = {}
    for raw in raw_params:
        key, sep, val = raw.partition("=")
        assert sep and NAME.fullmatch(key), f"bad parameter {raw!r}"
        params[key.upper()] = val
    return name.upper(), params, value


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def strict_parse(data: bytes) -> Component:
    assert data.endswith(b"\r\n"), "the last line must end with CRLF"
    physical = data[:-2].split(b"\r\n")
    logical: list[bytes] = []
    for line in physical:
        assert b"\r" not in line and b"\n" not in line, f"bare CR or LF in {line!r}"
        assert len(line) <= 75, f"line of {len(line)} octets: {line!r}"
        line.decode("utf-8")  # each physical line on its own is valid UTF-8
        if line[:1] in (b" ", b"\t"):
            assert logical, "continuation line without a line to continue"
            logical[-1] += line[1:]
        else:
            assert line, "empty content line"
            logical.append(line)
    stack: list[Component] = []
    root: Component | None = None
    for raw in logical:
        name, params, value = _split_params(raw.decode("utf-8"))
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "a second top-level component"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value.upper(), f"END:{value} does not match"
            stack.pop()
        else:
            assert stack, f"property {name} outside any component"
            stack[-1].props.append(Prop(name, params, value))
    assert not stack, f"unclosed {[c.name for c in stack]}"
    assert root is not None and root.name == "VCALENDAR"
    return root


def events(root: Component) -> dict[str, Component]:
    return {e.get("UID").value: e for e in root.sub("VEVENT")}


# --- helpers -----------------------------------------------------------------------


def _get(client, name: str, **kwargs):
    name = name if ":" in name else f"governance:{name}"
    return client.get(reverse(name, kwargs=kwargs or None))


def _feed(client, name: str, **kwargs) -> tuple[bytes, Component, icalendar.Calendar]:
    response = _get(client, name, **kwargs)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; filename=")
    data = response.content
    return data, strict_parse(data), icalendar.Calendar.from_ical(data)


def _token(user: User) -> str:
    services.calendar_token_reset(actor=user, user=user)
    user.refresh_from_db()
    return user.calendar_token


def _uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{feeds.site_domain()}"


def _move(meeting: Meeting, actor, **changes) -> Meeting:
    return services.meeting_update(actor=actor, meeting=meeting, **changes)


# --- content ---------------------------------------------------------------------


def test_public_feed_holds_a_complete_event_for_each_public_meeting(
    client, public_ab_meeting, closed_ab_meeting
):
    public_ab_meeting.ends_at = public_ab_meeting.starts_at + dt.timedelta(hours=3)
    public_ab_meeting.save()
    data, root, cal = _feed(client, "calendar-feed-public")

    assert root.get("VERSION").value == "2.0"
    assert root.get("PRODID").value
    assert root.get("REFRESH-INTERVAL").value == "PT1H"
    assert root.get("X-PUBLISHED-TTL").value == "PT1H"
    (vtimezone,) = root.sub("VTIMEZONE")
    assert vtimezone.get("TZID").value == "Europe/Amsterdam"
    assert {c.name for c in vtimezone.children} == {"STANDARD", "DAYLIGHT"}

    (event,) = events(root).values()
    url = f"http://testserver/vergaderingen/{public_ab_meeting.pk}/"
    assert event.get("UID").value == _uid(public_ab_meeting)
    assert unescape(event.get("SUMMARY").value) == public_ab_meeting.display_title
    assert event.get("DTSTART").params == {"TZID": "Europe/Amsterdam"}
    assert event.get("DTSTART").value == "20261209T140000"
    assert event.get("DTEND").value == "20261209T170000"
    assert unescape(event.get("LOCATION").value) == "Bestuurskamer"
    assert url in unescape(event.get("DESCRIPTION").value)
    assert event.get("URL").value == url
    assert event.get("SEQUENCE").value == "0"
    assert event.get("STATUS").value == "TENTATIVE"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event.get("DTSTAMP").value)
    assert re.fullmatch(r"\d{8}T\d{6}Z", event.get("LAST-MODIFIED").value)

    (parsed,) = cal.walk("VEVENT")
    assert str(parsed["UID"]) == _uid(public_ab_meeting)
    assert parsed.decoded("DTSTART") == public_ab_meeting.starts_at
    assert str(parsed.decoded("DTSTART").tzinfo) == "Europe/Amsterdam"
    assert parsed.decoded("DTEND") == public_ab_meeting.ends_at
    assert int(parsed["SEQUENCE"]) == 0
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"


def test_a_meeting_without_end_lasts_two_hours_and_a_published_one_is_confirmed(
    client, public_ab_meeting, secretary
):
    AgendaItemFactory(meeting=public_ab_meeting)
    services.agenda_publish(actor=secretary, meeting=public_ab_meeting)
    _, root, _ = _feed(client, "calendar-feed-public")
    event = events(root)[_uid(public_ab_meeting)]
    assert event.get("DTEND").value == "20261209T160000"
    assert event.get("STATUS").value == "CONFIRMED"


def test_a_long_title_with_accents_is_folded_within_75_octets(client, ab):
    title = "Themasessie ‘één Hecht’: preventie, jeugdgezondheidszorg en crisisbeheersing " * 2
    MeetingFactory(body=ab, is_public=True, title=title.strip(), starts_at=NOW + dt.timedelta(1))
    data, root, cal = _feed(client, "calendar-feed-public")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    (event,) = root.sub("VEVENT")
    assert title.strip() in unescape(event.get("SUMMARY").value)
    assert title.strip() in str(cal.walk("VEVENT")[0]["SUMMARY"])


def test_uid_domain_comes_from_the_first_allowed_host(settings, public_ab_meeting):
    settings.ALLOWED_HOSTS = ["bestuur.hecht.nl", "localhost"]
    assert feeds.event_uid(public_ab_meeting) == f"meeting-{public_ab_meeting.pk}@bestuur.hecht.nl"
    settings.ALLOWED_HOSTS = [".hecht.nl"]
    assert feeds.site_domain() == "hecht.nl"
    settings.ALLOWED_HOSTS = ["*"]
    assert feeds.site_domain() == "hecht.local"
    settings.ALLOWED_HOSTS = []
    assert feeds.site_domain() == "hecht.local"


def test_feed_window_is_one_year_back_to_two_years_ahead(client, ab):
    inside = [
        MeetingFactory(body=ab, is_public=True, starts_at=NOW - dt.timedelta(days=360)),
        MeetingFactory(body=ab, is_public=True, starts_at=NOW + dt.timedelta(days=720)),
    ]
    outside = [
        MeetingFactory(body=ab, is_public=True, starts_at=NOW - dt.timedelta(days=400)),
        MeetingFactory(body=ab, is_public=True, starts_at=NOW + dt.timedelta(days=800)),
    ]
    _, root, _ = _feed(client, "calendar-feed-public")
    assert set(events(root)) == {_uid(m) for m in inside}
    assert all(_uid(m) not in events(root) for m in outside)


def test_summer_and_winter_meetings_are_both_at_two_in_the_afternoon_local_time(client, ab):
    july = MeetingFactory(body=ab, is_public=True, starts_at=dt.datetime(2026, 7, 8, 14, tzinfo=TZ))
    january = MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime(2027, 1, 13, 14, tzinfo=TZ)
    )
    _, root, cal = _feed(client, "calendar-feed-public")
    found = events(root)
    assert found[_uid(july)].get("DTSTART").value == "20260708T140000"
    assert found[_uid(january)].get("DTSTART").value == "20270113T140000"
    assert found[_uid(july)].get("DTSTART").params["TZID"] == "Europe/Amsterdam"
    parsed = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    summer, winter = parsed[_uid(july)], parsed[_uid(january)]
    assert (summer.hour, winter.hour) == (14, 14)
    # The same wall-clock time, one hour apart in UTC: the VTIMEZONE carries the DST rule.
    assert summer.astimezone(UTC).hour == 12
    assert winter.astimezone(UTC).hour == 13
    (vtimezone,) = root.sub("VTIMEZONE")
    offsets = {(c.name, c.get("TZOFFSETTO").value) for c in vtimezone.children}
    assert offsets == {("STANDARD", "+0100"), ("DAYLIGHT", "+0200")}


# --- updates: SEQUENCE, moves, cancellation ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "raises"),
    [
        ({"starts_at": dt.datetime(2026, 12, 10, 10, tzinfo=TZ)}, True),
        ({"ends_at": dt.datetime(2026, 12, 9, 18, tzinfo=TZ)}, True),
        ({"location": "Stadhuis Gouda"}, True),
        ({"status": Meeting.Status.CANCELLED}, True),
        ({"status": Meeting.Status.HELD}, True),
        ({"kind": Meeting.Kind.THEME}, True),
        ({"title": "Kadernota"}, False),
        ({"notes": "Koffie vanaf 13.30 uur"}, False),
        ({"is_public": False}, False),
        ({"location": "Bestuurskamer"}, False),  # unchanged: nothing is saved
    ],
)
def test_meeting_update_raises_the_calendar_sequence_on_time_place_status_or_kind(
    public_ab_meeting, secretary, changes, raises
):
    history_rows = public_ab_meeting.history.count()
    meeting = _move(public_ab_meeting, secretary, **changes)
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == (1 if raises else 0)
    if raises:
        latest = meeting.history.first()
        assert latest.calendar_sequence == 1
        assert "calendar revision" not in latest.history_change_reason
        assert meeting.history.count() == history_rows + 1


def test_each_change_raises_the_sequence_by_one(public_ab_meeting, secretary):
    _move(public_ab_meeting, secretary, location="Zaal 1")
    _move(public_ab_meeting, secretary, location="Zaal 2", starts_at=public_ab_meeting.starts_at)
    _move(public_ab_meeting, secretary, starts_at=dt.datetime(2026, 12, 9, 15, tzinfo=TZ))
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.calendar_sequence == 3


def test_a_moved_meeting_keeps_its_uid_and_its_sequence_goes_up(
    client, public_ab_meeting, secretary
):
    _, before, _ = _feed(client, "calendar-feed-public")
    _move(public_ab_meeting, secretary, starts_at=dt.datetime(2026, 12, 10, 10, tzinfo=TZ))
    _, after, cal = _feed(client, "calendar-feed-public")
    old, new = events(before)[_uid(public_ab_meeting)], events(after)[_uid(public_ab_meeting)]
    assert int(new.get("SEQUENCE").value) == int(old.get("SEQUENCE").value) + 1
    assert new.get("DTSTART").value == "20261210T100000"
    assert len(after.sub("VEVENT")) == 1
    (parsed,) = cal.walk("VEVENT")
    assert (str(parsed["UID"]), int(parsed["SEQUENCE"])) == (_uid(public_ab_meeting), 1)


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(
    client, public_ab_meeting, secretary, ab_member
):
    _move(public_ab_meeting, secretary, status=Meeting.Status.CANCELLED)
    for name, kwargs in (
        ("calendar-feed-public", {}),
        ("calendar-feed-body", {"code": "AB"}),
        ("calendar-feed-personal", {"token": _token(ab_member)}),
    ):
        _, root, cal = _feed(client, name, **kwargs)
        event = events(root)[_uid(public_ab_meeting)]
        assert event.get("STATUS").value == "CANCELLED"
        assert event.get("SEQUENCE").value == "1"
        assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


# --- who sees what -------------------------------------------------------------------


@pytest.fixture
def titled(public_ab_meeting, closed_ab_meeting, closed_ac_meeting):
    """The three meetings with recognisable titles, keyed as in tests/authz/feeds.py."""
    meetings = {
        "public": public_ab_meeting,
        "closed-ab": closed_ab_meeting,
        "closed-ac": closed_ac_meeting,
    }
    for key, meeting in meetings.items():
        meeting.title = f"Titel-{key}-Vergadering"
        meeting.save()
    return meetings


@pytest.mark.parametrize(("name", "code"), list(PUBLIC_FEEDS))
def test_public_and_body_feeds_hold_only_public_meetings(client, titled, name, code):
    kwargs = {"code": code} if code else {}
    data, root, _ = _feed(client, name, **kwargs)
    expected = PUBLIC_FEEDS[(name, code)]
    text = data.decode()
    for key, meeting in titled.items():
        assert (meeting.title in text) == (key in expected), key
        assert (_uid(meeting) in text) == (key in expected), key
    assert set(events(root)) == {_uid(titled[k]) for k in expected}


def test_public_feeds_are_the_same_for_a_logged_in_member(client, titled, ab_member):
    client.force_login(ab_member)
    for name, code in PUBLIC_FEEDS:
        text = _get(client, name, **({"code": code} if code else {})).content.decode()
        assert "Titel-closed-ab" not in text
        assert "Titel-closed-ac" not in text


@pytest.mark.parametrize("actor", sorted(PERSONAL_FEED))
def test_personal_feed_holds_what_the_key_owner_may_see(client, request, titled, actor):
    user = request.getfixturevalue(FIXTURES.get(actor, actor))
    data, root, cal = _feed(client, "calendar-feed-personal", token=_token(user))
    expected = PERSONAL_FEED[actor]
    text = data.decode()
    for key, meeting in titled.items():
        assert (meeting.title in text) == (key in expected), key
    assert set(events(root)) == {_uid(titled[k]) for k in expected}
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {_uid(titled[k]) for k in expected}


def test_personal_feed_is_private_and_not_indexed(client, ab_member):
    response = _get(client, "calendar-feed-personal", token=_token(ab_member))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'filename="persoonlijk.ics"' in response["Content-Disposition"]


def test_a_former_member_no_longer_gets_closed_meetings(client, titled, ab_member):
    token = _token(ab_member)
    membership = ab_member.memberships.get()
    membership.end_date = dt.date(2026, 1, 1)
    membership.save()
    text = _get(client, "calendar-feed-personal", token=token).content.decode()
    assert "Titel-closed-ab" not in text


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "x" * 500])
def test_unknown_key_is_404(client, ab_member, token):
    _token(ab_member)
    # By path, not reverse(): a key longer than any real one matches no URL at all.
    assert client.get(f"/agenda/persoonlijk/{token}.ics").status_code == 404


def test_deactivated_user_key_is_404(client, ab_member):
    token = _token(ab_member)
    ab_member.is_active = False
    ab_member.save()
    assert _get(client, "calendar-feed-personal", token=token).status_code == 404


def test_unknown_body_is_404_and_the_code_is_case_insensitive(client, ab):
    assert _get(client, "calendar-feed-body", code="XYZ").status_code == 404
    assert _get(client, "calendar-feed-body", code="ab").status_code == 200


def test_feeds_answer_get_only(client):
    assert client.post(reverse("governance:calendar-feed-public")).status_code == 405


# --- the key: reset and first use -----------------------------------------------------


@pytest.mark.parametrize("method", sorted(TOKEN_RESET))
@pytest.mark.parametrize("actor", ACTORS)
def test_token_reset_permissions(client, request, actor, method):
    user = None if actor == "anonymous" else request.getfixturevalue(FIXTURES.get(actor, actor))
    if user is not None:
        client.force_login(user)
    url = reverse("governance:calendar-token-reset")
    response = client.get(url) if method == "GET" else client.post(url, {"next": "/"})
    expected = TOKEN_RESET[method][actor]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if user is not None:
        user.refresh_from_db()
        assert bool(user.calendar_token) == (expected == 302)


def test_reset_gives_a_new_address_and_the_old_one_stops_working(client, ab_member):
    old = _token(ab_member)
    assert _get(client, "calendar-feed-personal", token=old).status_code == 200
    client.force_login(ab_member)
    response = client.post(reverse("governance:calendar-token-reset"), {"next": "/vergaderingen/"})
    assert response.status_code == 302
    assert response["Location"] == "/vergaderingen/#calendar-feeds"
    ab_member.refresh_from_db()
    new = ab_member.calendar_token
    assert new != old and len(new) >= 43
    client.logout()
    assert _get(client, "calendar-feed-personal", token=old).status_code == 404
    assert _get(client, "calendar-feed-personal", token=new).status_code == 200


def test_reset_redirects_only_to_our_own_pages(client, ab_member):
    client.force_login(ab_member)
    response = client.post(
        reverse("governance:calendar-token-reset"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("governance:home") + "#calendar-feeds"


def test_reset_leaves_a_history_row_without_the_key(ab_member):
    token = _token(ab_member)
    latest = ab_member.history.first()
    assert latest.history_change_reason == "Sleutel agenda-abonnement vernieuwd"  # Dutch
    assert latest.history_user == ab_member
    assert not hasattr(latest, "calendar_token")
    assert token


def test_nobody_resets_another_users_key(ab_member, secretary):
    with pytest.raises(PermissionDenied):
        services.calendar_token_reset(actor=secretary, user=ab_member)
    ab_member.refresh_from_db()
    assert ab_member.calendar_token is None


def test_personal_feed_url_creates_the_key_on_first_use(rf, ab_member):
    request = rf.get("/")
    assert services.personal_feed_url(ab_member, request, create=False) is None
    url = services.personal_feed_url(ab_member, request)
    ab_member.refresh_from_db()
    assert url == f"http://testserver/agenda/persoonlijk/{ab_member.calendar_token}.ics"
    assert services.personal_feed_url(ab_member, request) == url  # stable afterwards


# --- the snippet ------------------------------------------------------------------


def test_public_pages_offer_the_public_and_body_feeds(client, ab, ac):
    for name in ("home", "meeting-calendar"):
        html = _get(client, name).content.decode()
        assert 'id="calendar-feeds"' in html
        assert 'href="webcal://testserver/agenda/openbaar.ics"' in html
        assert 'href="http://testserver/agenda/openbaar.ics"' in html
        assert 'href="webcal://testserver/agenda/AB.ics"' in html
        assert 'href="webcal://testserver/agenda/AC.ics"' in html
        assert "persoonlijk" not in html


def test_a_member_creates_then_sees_the_personal_feed_address(client, ab_member):
    client.force_login(ab_member)
    html = _get(client, "home").content.decode()
    assert 'id="calendar-feed-url"' not in html  # a page view writes nothing
    assert gettext("Create my calendar feed address") in html
    ab_member.refresh_from_db()
    assert ab_member.calendar_token is None

    client.post(reverse("governance:calendar-token-reset"), {"next": "/"})
    ab_member.refresh_from_db()
    html = _get(client, "meeting-calendar").content.decode()
    url = f"http://testserver/agenda/persoonlijk/{ab_member.calendar_token}.ics"
    assert '<label class="utrecht-form-label" for="calendar-feed-url">' in html
    assert f'id="calendar-feed-url" type="url" value="{url}" readonly' in html
    assert f'href="webcal://testserver/agenda/persoonlijk/{ab_member.calendar_token}.ics"' in html
    assert gettext("Reset the feed address") in html
    assert "openbaar.ics" not in html


# --- query counts ----------------------------------------------------------------------


def _count(client, name: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = _get(client, name, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_meetings(n: int, bodies) -> None:
    for i in range(n):
        MeetingFactory(
            body=bodies[i % len(bodies)],
            is_public=i % 3 != 0,
            starts_at=NOW + dt.timedelta(days=i * 7 - 100, hours=i % 4),
        )


def test_feed_query_count_does_not_grow_with_meetings(client, ab, ac, ab_member, secretary):
    bodies = [ab, ac, BodyFactory(code="DB")]
    tokens = {"member": _token(ab_member), "secretary": _token(secretary)}
    feeds_to_check = [
        ("calendar-feed-public", {}),
        ("calendar-feed-body", {"code": "AB"}),
        ("calendar-feed-personal", {"token": tokens["member"]}),
        ("calendar-feed-personal", {"token": tokens["secretary"]}),
    ]
    _add_meetings(3, bodies)
    few = [_count(client, name, **kwargs) for name, kwargs in feeds_to_check]
    _add_meetings(37, bodies)
    assert Meeting.objects.count() == 40
    many = [_count(client, name, **kwargs) for name, kwargs in feeds_to_check]
    assert few == many
    assert few[0] == 1  # public: the meetings with their last change, one query
    assert max(few) <= 5
