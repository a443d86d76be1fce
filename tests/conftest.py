"""The fixed cast of actors (style.md): secretary, manager, contact official of
Leiden, AB member of Gouda, audit committee member, outsider — and the bodies and
meetings they meet in."""

import datetime as dt
import os

import pytest

from governance.models import Body, Membership
from governance.roles import (
    AUDIT_COMMITTEE_MEMBER,
    BOARD_MEMBER,
    CONTACT_OFFICIAL,
    MANAGEMENT,
    SECRETARIAT,
)
from tests.factories import (
    TZ,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.2 s per test user; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of a test go to its own temporary folder, never into the project.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def postgresql():
    """For tests of PostgreSQL's own behaviour (full-text search, row locks): skipped on
    the SQLite fallback, a failure under REQUIRE_SERVICES=1 (CI)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("PostgreSQL is required (REQUIRE_SERVICES=1)")
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def leiden(db):
    return MunicipalityFactory(cbs_code="GM0546", name="Leiden", population=127_400)


@pytest.fixture
def gouda(db):
    return MunicipalityFactory(cbs_code="GM0513", name="Gouda", population=75_500)


@pytest.fixture
def ab(db):
    return BodyFactory(code="AB", name="Algemeen Bestuur", kind=Body.Kind.GENERAL_BOARD)


@pytest.fixture
def db_body(db):
    return BodyFactory(code="DB", name="Dagelijks Bestuur", kind=Body.Kind.EXECUTIVE_BOARD)


@pytest.fixture
def ac(db):
    return BodyFactory(code="AC", name="Auditcommissie", kind=Body.Kind.AUDIT_COMMITTEE)


@pytest.fixture
def secretary(db):
    return UserFactory(username="secretaris", roles=[SECRETARIAT], is_staff=True)


@pytest.fixture
def manager(db):
    return UserFactory(username="directeur", roles=[MANAGEMENT])


@pytest.fixture
def contact_official(db, leiden):
    return UserFactory(username="ca-leiden", roles=[CONTACT_OFFICIAL], municipality=leiden)


@pytest.fixture
def ab_member(db, ab, gouda):
    user = UserFactory(username="ab-gouda", roles=[BOARD_MEMBER], municipality=gouda)
    MembershipFactory(user=user, body=ab, municipality=gouda)
    return user


@pytest.fixture
def ac_member(db, ac):
    user = UserFactory(username="ac-lid", roles=[AUDIT_COMMITTEE_MEMBER])
    MembershipFactory(user=user, body=ac, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="buitenstaander")


@pytest.fixture
def public_ab_meeting(ab):
    return MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime(2026, 12, 9, 14, tzinfo=TZ)
    )


@pytest.fixture
def closed_ab_meeting(ab):
    return MeetingFactory(
        body=ab, is_public=False, starts_at=dt.datetime(2026, 12, 16, 14, tzinfo=TZ)
    )


@pytest.fixture
def closed_ac_meeting(ac):
    return MeetingFactory(
        body=ac, is_public=False, starts_at=dt.datetime(2026, 12, 14, 15, tzinfo=TZ)
    )
