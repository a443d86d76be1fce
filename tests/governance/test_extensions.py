"""The registries through which the apps built on the core add to its pages, its demo and
its roles without the core importing them (governance/extensions.py, roles.grant)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from governance import extensions
from governance.models import Meeting
from governance.roles import ROLES, grant, role_permissions, sync_roles
from tests.factories import TZ, ProposalFactory


@pytest.fixture
def registered(monkeypatch):
    """Empty registries for the test, restored afterwards."""
    for name in ("_panels", "_move_checks", "_demo_loaders"):
        monkeypatch.setattr(extensions, name, {})
    return extensions


def test_panels_come_from_every_app_in_registration_order(registered, db):
    first, second = ProposalFactory(), ProposalFactory()
    seen = []

    def one(user, ids):
        seen.append(ids)
        return {ids[0]: [extensions.Panel("Een", ("regel",))]}

    def two(user, ids):
        return {pk: [extensions.Panel("Twee", ())] for pk in ids}

    registered.register_panel("one", one)
    registered.register_panel("two", two)
    panels = registered.panels_for(None, [second.pk, first.pk, first.pk])
    assert seen == [sorted({first.pk, second.pk})]  # each function asked once, ids deduplicated
    assert [p.heading for p in panels[min(first.pk, second.pk)]] == ["Een", "Twee"]
    assert [p.heading for p in panels[max(first.pk, second.pk)]] == ["Twee"]
    assert registered.panels_for(None, []) == {}


def test_the_proposal_page_shows_the_panels(registered, client, secretary):
    proposal = ProposalFactory()
    registered.register_panel(
        "test",
        lambda user, ids: {
            pk: [extensions.Panel("Zienswijzen", ("15 van 18 ontvangen",), "/x/", "Bekijk")]
            for pk in ids
        },
    )
    client.force_login(secretary)
    page = client.get(reverse("governance:proposal-detail", kwargs={"pk": proposal.pk}))
    body = page.content.decode()
    assert "Zienswijzen" in body and "15 van 18 ontvangen" in body and 'href="/x/"' in body


def test_a_move_check_is_asked_only_when_the_date_changes(registered, public_ab_meeting):
    calls = []

    def check(meeting, new_start):
        calls.append(new_start)
        return [f"verschoven naar {new_start:%d-%m}"]

    registered.register_move_check("test", check)
    assert registered.move_consequences(public_ab_meeting, public_ab_meeting.starts_at) == []
    later = public_ab_meeting.starts_at + dt.timedelta(days=7)
    assert registered.move_consequences(public_ab_meeting, later) == [
        f"verschoven naar {later:%d-%m}"
    ]
    assert calls == [later]


def test_moving_a_meeting_that_breaks_something_asks_first_and_says_it_after(
    registered, client, secretary, public_ab_meeting
):
    registered.register_move_check("test", lambda meeting, start: ["De kaderbrief komt te laat."])
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": public_ab_meeting.pk})
    data = {
        "body": str(public_ab_meeting.body_id),
        "kind": Meeting.Kind.REGULAR,
        "title": "",
        "starts_at": "2027-03-17T14:00",
        "ends_at": "",
        "location": "Bestuurskamer",
        "notes": "",
        "status": public_ab_meeting.status,
        "is_public": "on",
    }
    asked = client.post(url, data)
    assert asked.status_code == 200 and asked.context["confirm_move"]
    assert "De kaderbrief komt te laat." in asked.content.decode()
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.starts_at != dt.datetime(2027, 3, 17, 14, tzinfo=TZ)
    done = client.post(url, {**data, "confirm_move": "yes"}, follow=True)
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.starts_at == dt.datetime(2027, 3, 17, 14, tzinfo=TZ)
    assert "De kaderbrief komt te laat." in [str(m) for m in done.context["messages"]]


def test_moving_without_consequences_or_publication_saves_at_once(
    registered, client, secretary, public_ab_meeting
):
    registered.register_move_check("test", lambda meeting, start: [])
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": public_ab_meeting.pk})
    response = client.post(
        url,
        {
            "body": str(public_ab_meeting.body_id),
            "kind": Meeting.Kind.REGULAR,
            "starts_at": "2027-03-17T14:00",
            "location": "Bestuurskamer",
            "status": public_ab_meeting.status,
        },
    )
    assert response.status_code == 302


def test_demo_loaders_are_called_with_the_day(registered):
    calls = []
    registered.register_demo("test", lambda summary, *, today, now: calls.append((summary, today)))
    registered.load_demo_extensions("s", today=dt.date(2026, 12, 5), now=None)
    assert calls == [("s", dt.date(2026, 12, 5))]


def test_a_grant_adds_to_a_role_and_is_synced(db, monkeypatch):
    secretariat = ROLES[0]
    granted = {role.code: set() for role in ROLES}
    monkeypatch.setattr("governance.roles._granted", granted)
    grant(secretariat.code, "governance.delete_meeting")
    assert "governance.delete_meeting" in role_permissions(secretariat)
    sync_roles()
    group = Group.objects.get(name=secretariat.group_name)
    assert group.permissions.filter(codename="delete_meeting").exists()
    with pytest.raises(LookupError):
        grant("nobody", "governance.view_meeting")


def test_the_p_and_c_roles_are_granted_from_the_app(db):
    contact = Group.objects.get(name="Contactambtenaar")
    codenames = set(contact.permissions.values_list("codename", flat=True))
    assert {"add_councilview", "add_councilmeeting", "view_pcdocument"} <= codenames
    assert "reply_councilview" not in codenames
