"""The fixed cast of actors (style.md): secretary, manager, contact official of
Leiden, AB member of Gouda, audit committee member, outsider — and the bodies and
meetings they meet in."""

import datetime as dt
import os

import pytest
from django.conf import settings as django_settings
from django.test.client import ClientMixin
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from governance.models import Body, Membership, Proposal
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
    CoverNoteFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    ProposalFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.2 s per test user; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language, Dutch. A request leaves the language it
    chose active in the thread (LocaleMiddleware does not reset it), so without this the
    language of a service call in a test would depend on the test run before it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


_plain_force_login = ClientMixin.force_login


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` gives a session that passed the second factor, as a
    real login with password and code would: the user gets a confirmed authenticator
    app and the session the mark django_otp.login sets. Tests of the gate itself use
    ``login_without_second_factor``.

    Like a real login it starts the session's idle and lifetime clocks (30 minutes,
    8 hours): a test that travels further ahead in time (time_machine) logs in inside
    the travel."""
    monkeypatch.setattr(ClientMixin, "force_login", _verified_force_login)


def _verified_force_login(self, user, backend=None):
    _plain_force_login(self, user, backend)
    device = mfa_device(user)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def mfa_device(user):
    """The user's confirmed authenticator app (created once, with a random key)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test app", confirmed=True)


def totp_code(device) -> str:
    """The code the person's app shows now (RFC 6238); when this time step's code was
    used already (a second login within 30 s), the next step's, which django-otp's
    tolerance of one step accepts."""
    from django.utils import timezone
    from django_otp.oath import TOTP

    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = timezone.now().timestamp()
    if clock.t() <= device.last_t:
        clock.time = device.t0 + (device.last_t + 1) * device.step
    return f"{clock.token():0{device.digits}d}"


def login_without_second_factor(client, user) -> None:
    """A session after the password step only (Django's own force_login)."""
    _plain_force_login(client, user)


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


# --- Co-reading (review rounds) ---------------------------------------------------------


@pytest.fixture
def gouda_official(db, gouda):
    return UserFactory(username="ca-gouda", roles=[CONTACT_OFFICIAL], municipality=gouda)


@pytest.fixture
def review_proposal(db, manager):
    """A public proposal in route with a cover note and a two-page PDF document."""
    proposal = ProposalFactory(
        reference="2026-101",
        title="Meerjarenbeleid gezondheid",
        status=Proposal.Status.IN_ROUTE,
        created_by=manager,
    )
    CoverNoteFactory(proposal=proposal, risks="Geen bijzondere risico's.")
    DocumentFactory(proposal=proposal, title="Beleidsnota gezondheid")
    return proposal


@pytest.fixture
def review_round(review_proposal, secretary, leiden, gouda):
    """A closed round on ``review_proposal``'s cover note and document, for Leiden and
    Gouda, due in ten working days."""
    from governance.services.review import review_round_open

    version = review_proposal.documents.get().current_version
    return review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=[leiden, gouda],
        versions=[version],
    )
