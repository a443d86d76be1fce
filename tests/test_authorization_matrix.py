"""Authorization matrix: roles × every URL that takes an object id × methods.

The table below is the specification. ``test_every_object_url_is_in_the_matrix``
walks the URL resolver and fails when a URL pattern with an object id is missing,
so every new feature must add its rows here.

Outcomes: 200 (shown), 302 (done, redirected onwards), "login" (redirect to the
login page), 403 (visible but not allowed), 404 (not visible: existence not
disclosed).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import TZ

ACTORS = (
    "anonymous",
    "outsider",
    "other_body_member",
    "member",
    "contact_official",
    "manager",
    "secretary",
)

# Namespaces that are not ours: Django's admin checks is_staff and model permissions itself
# (covered by test_admin_requires_staff below).
FOREIGN_NAMESPACES = {"admin"}

OBJECT_KWARGS = {"pk"}

_ = None  # readability in the tables


def _row(anonymous, outsider, other_body_member, member, contact_official, manager, secretary):
    return dict(
        zip(
            ACTORS,
            (anonymous, outsider, other_body_member, member, contact_official, manager, secretary),
            strict=True,
        )
    )


# (url name, method, object) -> expected outcome per actor.
# "public" = a public AB meeting; "closed" = a closed AB meeting.
MATRIX: dict[tuple[str, str, str], dict[str, object]] = {
    ("governance:meeting-detail", "GET", "public"): _row(200, 200, 200, 200, 200, 200, 200),
    ("governance:meeting-detail", "GET", "closed"): _row(404, 404, 404, 200, 404, 200, 200),
    ("governance:meeting-detail", "POST", "public"): _row(405, 405, 405, 405, 405, 405, 405),
    ("governance:meeting-edit", "GET", "public"): _row("login", 403, 403, 403, 403, 403, 200),
    ("governance:meeting-edit", "GET", "closed"): _row("login", 404, 404, 403, 404, 403, 200),
    ("governance:meeting-edit", "POST", "public"): _row("login", 403, 403, 403, 403, 403, 302),
    ("governance:meeting-edit", "POST", "closed"): _row("login", 404, 404, 403, 404, 403, 302),
    ("governance:meeting-history", "GET", "public"): _row("login", 403, 403, 403, 403, 200, 200),
    ("governance:meeting-history", "GET", "closed"): _row("login", 404, 404, 403, 404, 200, 200),
}


def _object_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in FOREIGN_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern):
                converters = set(getattr(entry.pattern, "converters", {}))
                if converters & OBJECT_KWARGS and entry.name:
                    names.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_object_url_is_in_the_matrix():
    covered = {name for name, _method, _obj in MATRIX}
    missing = _object_url_names() - covered
    assert not missing, f"Add authorization matrix rows for: {sorted(missing)}"


def test_matrix_has_no_stale_rows():
    assert {name for name, _m, _o in MATRIX} <= _object_url_names()


@pytest.fixture
def cast(ab_member, ac_member, contact_official, manager, secretary, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "other_body_member": ac_member,
        "member": ab_member,
        "contact_official": contact_official,
        "manager": manager,
        "secretary": secretary,
    }


def _valid_post(meeting) -> dict[str, str]:
    starts = dt.datetime(2027, 3, 10, 14, tzinfo=TZ)
    return {
        "body": str(meeting.body_id),
        "kind": meeting.kind,
        "title": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "location": "Bestuurskamer",
        "notes": "",
        "status": meeting.status,
    }


CASES = [
    (name, method, obj, actor, expected)
    for (name, method, obj), row in MATRIX.items()
    for actor, expected in row.items()
]


@pytest.mark.parametrize(("name", "method", "obj", "actor", "expected"), CASES)
def test_authorization(
    client, cast, public_ab_meeting, closed_ab_meeting, name, method, obj, actor, expected
):
    meeting = public_ab_meeting if obj == "public" else closed_ab_meeting
    user = cast[actor]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs={"pk": meeting.pk})
    response = client.get(url) if method == "GET" else client.post(url, _valid_post(meeting))
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, (actor, name, method, obj)
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
