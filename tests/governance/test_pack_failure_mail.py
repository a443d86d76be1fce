"""A failed pack build is told to the secretariat: one e-mail per failed build to the
users who may publish (none to others, none again when the same build fails again or
the task runs twice), and the download page says so."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from governance import packs
from governance.models import AgendaPack
from governance.packs import build as pack_build
from governance.roles import BOARD_MEMBER, MANAGEMENT, SECRETARIAT
from governance.services.packs import packs_rebuild
from governance.tasks import notify_pack_failure
from tests.factories import AgendaItemFactory, MembershipFactory, UserFactory

TOLD = "Building the agenda pack failed — the board secretariat has been told."


def nl(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


@pytest.fixture
def meeting(public_ab_meeting):
    AgendaItemFactory(meeting=public_ab_meeting, order=1, title="Opening", kind="formal")
    public_ab_meeting.agenda_published_at = timezone.now()
    public_ab_meeting.save()
    return public_ab_meeting


@pytest.fixture
def people(ab, gouda):
    """Two secretariat users (one reading English), one without an address, and users
    with other roles who must not be written to."""
    member = UserFactory(
        username="ab-lid", roles=[BOARD_MEMBER], municipality=gouda, email="lid@example.nl"
    )
    MembershipFactory(user=member, body=ab, municipality=gouda)
    return {
        "secretariat": [
            UserFactory(username="secr-1", roles=[SECRETARIAT], email="secr1@example.nl"),
            UserFactory(
                username="secr-2", roles=[SECRETARIAT], email="secr2@example.nl", language="en"
            ),
        ],
        "no_address": UserFactory(username="secr-3", roles=[SECRETARIAT], email=""),
        "others": [
            UserFactory(username="dir", roles=[MANAGEMENT], email="dir@example.nl"),
            member,
            UserFactory(username="root", is_superuser=True, is_staff=True, email="root@example.nl"),
        ],
    }


def _raise(*args, **kwargs):
    raise OSError("disk full")


@pytest.fixture
def broken(monkeypatch):
    monkeypatch.setattr(pack_build, "assemble", _raise)


def _run(meeting) -> dict[str, str]:
    """The build task's work, with what it enqueues after commit run (eager)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return packs.build_meeting_packs(meeting.pk)


def test_a_failed_build_mails_the_secretariat_once_and_nobody_else(meeting, people, broken):
    assert _run(meeting) == {"members": "failed", "public": "failed"}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["secr1@example.nl", "secr2@example.nl"]
    dutch, english = sorted(mail.outbox, key=lambda message: message.to[0])
    assert dutch.subject.startswith("Samenstellen vergaderboek mislukt")
    assert meeting.display_title in dutch.subject
    assert "OSError: disk full" in dutch.body
    assert reverse("governance:meeting-publication", args=[meeting.pk]) in dutch.body
    assert dutch.extra_headers["Content-Language"] == "nl"
    assert english.subject.startswith("Building the agenda pack failed")
    assert english.extra_headers["Content-Language"] == "en"
    for pack in AgendaPack.objects.filter(meeting=meeting):
        assert pack.failure_notified_at is not None
        assert pack.history.first().history_change_reason == nl("Secretariat told of the failure")


def test_the_same_build_failing_again_or_run_twice_sends_nothing_more(meeting, people, broken):
    _run(meeting)
    assert len(mail.outbox) == 2
    # A retried task (the broker redelivers it) fails the same build again.
    assert _run(meeting) == {"members": "failed", "public": "failed"}
    assert len(mail.outbox) == 2
    # The notice task itself run again (a retry) has nothing left to tell.
    assert notify_pack_failure.apply(args=[meeting.pk]).get() == 0
    assert len(mail.outbox) == 2


def test_a_mail_that_cannot_be_sent_is_not_recorded_as_told(
    client, meeting, people, broken, monkeypatch
):
    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    assert _run(meeting) == {"members": "failed", "public": "failed"}
    assert set(AgendaPack.objects.values_list("failure_notified_at", flat=True)) == {None}
    html = client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    assert nl(TOLD) not in html
    # A retry, once the mail server is back, tells them.
    monkeypatch.undo()
    monkeypatch.setattr(pack_build, "assemble", _raise)
    assert notify_pack_failure.apply(args=[meeting.pk]).get() == 2
    assert (
        nl(TOLD)
        in client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    )


def test_a_new_request_that_fails_again_is_told_again(meeting, people, broken):
    _run(meeting)
    secretary = people["secretariat"][0]
    with TestCase.captureOnCommitCallbacks(execute=False):
        packs_rebuild(actor=secretary, meeting=meeting)
    assert set(AgendaPack.objects.values_list("failure_notified_at", flat=True)) == {None}
    _run(meeting)
    assert len(mail.outbox) == 4


def test_a_withdrawn_agenda_is_not_reported_as_a_failure(meeting, people):
    AgendaPack.objects.create(meeting=meeting, variant="public", status="queued")
    meeting.agenda_published_at = None
    meeting.save()
    assert _run(meeting) == {"public": "not published"}
    assert mail.outbox == []


def test_the_notice_sends_nothing_once_the_pack_is_built(meeting, people, broken, monkeypatch):
    _run(meeting)
    mail.outbox.clear()
    monkeypatch.undo()
    assert set(_run(meeting).values()) == {"built"}
    assert notify_pack_failure.apply(args=[meeting.pk]).get() == 0
    assert mail.outbox == []
    assert set(AgendaPack.objects.values_list("failure_notified_at", flat=True)) == {None}


def test_the_download_page_says_the_secretariat_has_been_told(client, meeting, people, broken):
    _run(meeting)
    html = client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    assert nl(TOLD) in html
    assert "hx-select" not in html.split('id="pack-download"', 1)[1].split(">", 1)[0]
    # A failure nobody was told about (from before these mails) does not claim so.
    AgendaPack.objects.update(failure_notified_at=None)
    html = client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    assert nl(TOLD) not in html
    assert nl(str(packs.FAILED_UNTOLD)) in html
