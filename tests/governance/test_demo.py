import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation

from governance import deadlines
from governance.demo import SEED_MEETINGS
from governance.models import (
    Action,
    AgendaItem,
    Body,
    CoverNote,
    Decision,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    Municipality,
    Proposal,
    RouteStep,
    Track,
    User,
    Vote,
    WrittenResponse,
)
from governance.queries.days_off import organisation_days_off
from governance.queries.publication import publication_log
from tests.governance.conftest import DEMO_TODAY, demo_sample

TODAY = DEMO_TODAY


def _counts():
    models = [
        Municipality,
        Body,
        Membership,
        Meeting,
        User,
        Group,
        Proposal,
        RouteStep,
        AgendaItem,
        Document,
        DocumentVersion,
        CoverNote,
        Decision,
        Vote,
        WrittenResponse,
        Action,
        Track,
    ]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update(
        {f"history:{m.__name__}": m.history.count() for m in models if hasattr(m, "history")}
    )
    counts["user_groups"] = User.groups.through.objects.count()
    return counts


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
    assert Municipality.objects.count() == 18
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
    for year in (2025, 2026, 2027):
        per_body = {
            code: Meeting.objects.filter(body__code=code, starts_at__year=year).count()
            for code in ("AB", "DB", "BAO", "AC")
        }
        # The year plan (AB 6, DB and BAO 11, AC 4), give or take the next AB and DB of
        # the demo that replace a planned meeting near them.
        assert 5 <= per_body["AB"] <= 7 and 10 <= per_body["DB"] <= 12, (year, per_body)
        assert per_body["BAO"] == 11 and per_body["AC"] == 4, (year, per_body)
    with time_machine.travel(TODAY):
        upcoming = Meeting.objects.upcoming()
        assert upcoming.in_phase(Meeting.Phase.AGENDA_PUBLISHED).exists()
        assert upcoming.filter(body__code="AB", is_public=True).exists()
    assert (
        not Meeting.objects.filter(starts_at__year=2027)
        .exclude(status=Meeting.Status.PLANNED)
        .exists()
    )


def test_demo_re_enacts_the_seed_story(demo):
    tracks = Track.objects.order_by("number")
    assert [t.title for t in tracks][:3] == [
        "Planning & Control-cyclus verbeteren",
        "Doorlichting Hecht",
        "Herstelplan Eigen Vermogen",
    ]
    assert tracks.count() == 5
    recovery = Proposal.objects.get(title="Herstelplan Eigen Vermogen")
    route = [(s.body.code, s.meeting.starts_at.date()) for s in recovery.steps.all()]
    assert route == [
        ("BAO", dt.date(2024, 6, 20)),
        ("AC", dt.date(2024, 6, 25)),
        ("DB", dt.date(2024, 6, 27)),
        ("AB", dt.date(2024, 7, 10)),
    ]
    assert recovery.cover_note.is_complete and recovery.cover_note.amount > 0
    decision = Decision.objects.get(
        agenda_item__route_step__proposal=recovery, agenda_item__meeting__body__code="AB"
    )
    assert decision.votes.count() == 18
    assert decision.votes.filter(choice="against").count() == 1
    # DB 14 March 2024 decided on the external review; the written round followed.
    assert Decision.objects.filter(
        agenda_item__meeting__body__code="DB",
        agenda_item__meeting__starts_at__date=dt.date(2024, 3, 14),
        text__contains="externe partij",
    ).exists()
    written = AgendaItem.objects.filter(meeting__kind=Meeting.Kind.WRITTEN)
    assert written.count() == 2
    assert all(item.written_responses.exists() and item.decision for item in written)
    assert Proposal.objects.filter(
        title="Voortgangsrapportage quick wins P&C-cyclus",
        steps__meeting__starts_at__date=dt.date(2024, 7, 10),
    ).exists()
    assert Proposal.objects.filter(
        title="Evaluatie quick wins P&C-cyclus",
        steps__meeting__starts_at__date=dt.date(2024, 12, 18),
    ).exists()


def test_demo_current_year_has_documents_on_time_late_and_missing(demo):
    at = settings.HECHT_DOCUMENT_DEADLINE_TIME
    report = Proposal.objects.get(reference="VS-2026-001")
    first = report.steps.exclude(meeting=None).order_by("position").first().meeting
    deadline = deadlines.document_deadline(
        first.starts_at, first.body.document_lead_days, at, days_off=organisation_days_off()
    )
    delivered = {d.title: d.delivered_at for d in report.documents.all()}
    assert delivered["Tweede bestuursrapportage 2026"] <= deadline
    assert delivered["Accountantsbrief interim-controle"] > deadline
    treasury = Proposal.objects.get(reference="VS-2026-002")
    assert not treasury.documents.exists()
    assert not treasury.cover_note.is_complete
    housing = Proposal.objects.get(reference="VS-2026-003")
    assert housing.confidentiality == "confidential" and housing.woo_ground
    # Every document has a current version whose stored file is a real PDF.
    documents = Document.objects.select_related("current_version")
    assert documents.count() >= 10, "the demo has documents to check"
    for document in documents:
        with document.current_version.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    with time_machine.travel(TODAY):
        assert Action.objects.overdue().exists()
        assert Action.objects.open().filter(due_date__gt=TODAY.date()).exists()


def test_every_demo_page_opens_for_the_secretariat_and_a_board_member(demo, client):
    """The demo is what a new user sees first: every proposal, cover note, document,
    meeting with an agenda, agenda item, decision list, action and track page of the story
    opens, and those of one routine meeting per body and kind (they render alike)."""
    from django.urls import reverse

    sample = demo_sample()
    urls = [reverse(n) for n in ("governance:proposal-list", "governance:action-list")]
    urls += [reverse("governance:programme-overview")]
    for proposal in Proposal.objects.filter(pk__in=sample[Proposal]):
        urls.append(reverse("governance:proposal-detail", args=[proposal.pk]))
        if hasattr(proposal, "cover_note"):
            urls.append(reverse("governance:covernote-detail", args=[proposal.pk]))
    for meeting in Meeting.objects.filter(
        pk__in=sample[Meeting], agenda_items__isnull=False
    ).distinct():
        urls.append(reverse("governance:meeting-detail", args=[meeting.pk]))
        urls.append(reverse("governance:decision-list", args=[meeting.pk]))
    urls += [reverse("governance:agenda-item-detail", args=[pk]) for pk in sample[AgendaItem]]
    urls += [reverse("governance:document-detail", args=[pk]) for pk in sample[Document]]
    urls += [reverse("governance:action-detail", args=[a.pk]) for a in Action.objects.all()]
    urls += [reverse("governance:track-detail", args=[t.pk]) for t in Track.objects.all()]
    client.force_login(User.objects.get(username="secretariaat"))
    with time_machine.travel(TODAY):
        for url in urls:
            assert client.get(url).status_code == 200, url
        # Hillegom sits on the AB only (not on the DB).
        client.force_login(User.objects.get(username="ab-hillegom"))
        statuses = {url: client.get(url).status_code for url in urls}
    assert set(statuses.values()) <= {200, 404}, statuses
    # The board member sees the AB's work but not the DB-only confidential proposal.
    housing = Proposal.objects.get(reference="VS-2026-003")
    assert statuses[reverse("governance:proposal-detail", args=[housing.pk])] == 404
    recovery = Proposal.objects.get(title="Herstelplan Eigen Vermogen")
    assert statuses[reverse("governance:proposal-detail", args=[recovery.pk])] == 200


def test_demo_tracks_at_risk_or_delayed_explain_why(demo):
    worrying = Track.objects.filter(status__in=["at_risk", "delayed"])
    assert worrying.exists(), "the demo shows a track at risk or delayed"
    for track in worrying:
        assert track.status_note.strip(), track


def test_demo_publications_are_by_demodata_and_the_external_chair_is_external(demo):
    meeting = Meeting.objects.filter(agenda_published_at__isnull=False).order_by("starts_at")[0]
    with translation.override("nl"):
        log = publication_log(meeting)
    assert log
    assert {event.user for event in log} == {"Demodata (bestuurssecretariaat)"}
    assert "Agenda gepubliceerd" in {event.label for event in log}
    writer = User.objects.get(username="demodata")
    assert not writer.is_active and not writer.has_usable_password()
    chair = Membership.objects.get(body__code="AC", role=Membership.Role.CHAIR)
    assert chair.is_external
    with translation.override("nl"):
        assert chair.represents == "Extern lid"
