"""Authorization matrix: roles × every URL × GET and POST.

The tables in ``tests/authz/*.py`` are the specification (one module per area).
``test_every_url_and_method_is_in_the_matrix`` walks the URL resolver and fails when a URL
pattern (with an object id or without) lacks a row for GET or for POST, so every new page
must state who may use it, and how.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.authz
from governance.models import Meeting
from tests.authz import ACTORS

# Namespaces that are not ours: Django's admin checks is_staff and model permissions itself
# (covered by test_admin_requires_staff below).
FOREIGN_NAMESPACES = {"admin"}

METHODS = ("GET", "POST")


def _collect():
    matrix, objects, payloads = {}, {}, {}
    for info in pkgutil.iter_modules(tests.authz.__path__):
        module = importlib.import_module(f"tests.authz.{info.name}")
        for target, source in (
            (matrix, module.MATRIX),
            (objects, module.OBJECTS),
            (payloads, getattr(module, "PAYLOADS", {})),
        ):
            clash = set(target) & set(source)
            assert not clash, f"tests/authz/{info.name}.py redefines {sorted(clash)}"
            target.update(source)
    return matrix, objects, payloads


MATRIX, OBJECTS, PAYLOADS = _collect()


def _url_patterns() -> dict[str | None, set[str]]:
    """Every URL pattern outside the admin: its name (None when unnamed) and converters."""
    found: dict[str | None, set[str]] = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in FOREIGN_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                found[name] = set(getattr(entry.pattern, "converters", {}))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_pattern_has_a_name():
    assert None not in _url_patterns()


def test_every_url_and_method_is_in_the_matrix():
    covered = {(name, method) for name, method, _obj in MATRIX}
    missing = sorted(f"{name} {method}" for name in _url_patterns() for method in METHODS)
    missing = [entry for entry in missing if tuple(entry.split(" ")) not in covered]
    assert not missing, f"Add authorization matrix rows for: {missing}"


def test_matrix_has_no_stale_rows():
    assert {name for name, _m, _o in MATRIX} <= set(_url_patterns())


@pytest.fixture
def world(
    ab,
    ac,
    leiden,
    gouda,
    public_ab_meeting,
    closed_ab_meeting,
    closed_ac_meeting,
    ab_member,
    ac_member,
    contact_official,
    manager,
    secretary,
    outsider,
):
    """Everything the object builders of ``tests/authz`` may use. The public AB meeting
    has its agenda and decision list published, so outsiders read its public items
    (``tests/authz/agenda.py`` has a draft agenda that they may not)."""
    published = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    Meeting.objects.filter(pk=public_ab_meeting.pk).update(
        agenda_published_at=published, decisions_published_at=published
    )
    public_ab_meeting.refresh_from_db()
    return SimpleNamespace(
        ab=ab,
        ac=ac,
        leiden=leiden,
        gouda=gouda,
        public_ab_meeting=public_ab_meeting,
        closed_ab_meeting=closed_ab_meeting,
        closed_ac_meeting=closed_ac_meeting,
        actors={
            "anonymous": None,
            "outsider": outsider,
            "other_body_member": ac_member,
            "member": ab_member,
            "contact_official": contact_official,
            "manager": manager,
            "secretary": secretary,
        },
    )


def test_matrix_rows_name_every_actor_and_a_known_object():
    for (name, method, obj), expected in MATRIX.items():
        assert tuple(expected) == ACTORS, name
        assert obj in OBJECTS, f"{name}: unknown object {obj!r}"
        assert method in METHODS, name
        if method == "POST" and 302 in expected.values():
            assert name in PAYLOADS, f"{name}: a permitted POST needs a payload"


CASES = [
    (name, method, obj, actor, expected)
    for (name, method, obj), row in MATRIX.items()
    for actor, expected in row.items()
]


@pytest.mark.parametrize(("name", "method", "obj", "actor", "expected"), CASES)
def test_authorization(client, world, name, method, obj, actor, expected):
    target = OBJECTS[obj](world)
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    # An object gives its pk; a page without one (or with a code or token) gives its kwargs.
    kwargs = target if isinstance(target, dict) else {"pk": target.pk}
    url = reverse(name, kwargs=kwargs)
    if method == "GET":
        response = client.get(url)
    else:
        payload = PAYLOADS.get(name)
        response = client.post(url, payload(target, world) if payload else {})
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, (actor, name, method, obj, response.status_code)
        if expected == 302:
            assert not response["Location"].startswith(reverse("login"))


def test_unknown_meeting_is_404_even_for_the_secretary(client, secretary):
    client.force_login(secretary)
    for name in (
        "governance:meeting-detail",
        "governance:meeting-edit",
        "governance:meeting-history",
    ):
        assert client.get(reverse(name, kwargs={"pk": 999_999})).status_code == 404


def test_create_meeting_requires_the_secretariat(client, ab_member, manager, secretary):
    url = reverse("governance:meeting-create")
    assert client.get(url).status_code == 302
    for user, expected in ((ab_member, 403), (manager, 403), (secretary, 200)):
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_admin_requires_staff(client, ab_member, secretary):
    url = reverse("admin:governance_meeting_changelist")
    client.force_login(ab_member)
    assert client.get(url).status_code == 302
    client.force_login(secretary)
    assert client.get(url).status_code == 200


def test_former_member_loses_access_to_closed_meetings(client, ab_member, closed_ab_meeting):
    membership = ab_member.memberships.get()
    membership.end_date = dt.date(2023, 1, 1)
    membership.save()
    client.force_login(ab_member)
    url = reverse("governance:meeting-detail", kwargs={"pk": closed_ab_meeting.pk})
    assert client.get(url).status_code == 404
