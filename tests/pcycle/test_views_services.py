"""Councils' views, the services: registering (every refusal, the council decision
inspected, nothing half-saved), correcting, the executive board's reply, and the
consolidated views document attached to the proposal so it travels into the AB pack."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from pypdf import PdfReader

from governance.models import Document, Meeting
from governance.packs.content import gather
from pcycle.models import CouncilView, ExemptCategory, PcDocument
from pcycle.services import views as services
from tests.factories import pdf_bytes
from tests.pcycle.views_setup import DURING, SENT, budget, view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_window():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def document(ab):
    return budget(ab)


def _pdf(name: str = "raadsbesluit.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text="Raadsbesluit"), content_type="application/pdf")


def _files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _register(actor, document, municipality, **overrides):
    kwargs = {
        "received_on": dt.date(2027, 5, 1),
        "position": CouncilView.Position.AGREES,
        "text": "",
        **overrides,
    }
    return services.council_view_register(
        actor=actor, document=document, municipality=municipality, **kwargs
    )


# --- registering ------------------------------------------------------------------------


def test_a_contact_official_registers_their_own_councils_view_with_history(
    document, leiden, contact_official
):
    registered = _register(contact_official, document, leiden, decision_file=_pdf())
    assert registered.municipality == leiden
    assert registered.registered_by == contact_official
    assert registered.decision_file_name == "raadsbesluit.pdf"
    assert len(registered.decision_file_sha256) == 64
    with registered.decision_file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")
    (record,) = registered.history.all()
    assert record.history_user == contact_official
    with translation.override("en"):
        assert record.history_change_reason in ("View registered", "Zienswijze geregistreerd")


def test_a_contact_official_may_not_register_another_councils_view(
    document, gouda, contact_official
):
    with pytest.raises(PermissionDenied):
        _register(contact_official, document, gouda)
    assert not CouncilView.objects.exists()


def test_the_secretariat_registers_any_councils_view(document, gouda, secretary):
    assert _register(secretary, document, gouda).municipality == gouda


@pytest.mark.parametrize("actor", ["ab_member", "manager", "outsider"])
def test_others_may_not_register_a_view(request, document, leiden, actor):
    with pytest.raises(PermissionDenied):
        _register(request.getfixturevalue(actor), document, leiden)


def test_a_document_without_views_procedure_is_refused(ab, leiden, secretary):
    interim = budget(ab, kind=PcDocument.Kind.INTERIM, number=1)
    with pytest.raises(ValidationError):
        _register(secretary, interim, leiden)
    exempt = budget(ab, kind=PcDocument.Kind.AMENDMENT, number=1)
    exempt.exempt_category = ExemptCategory.objects.create(name="Technisch", source="art. 31")
    exempt.save()
    with pytest.raises(ValidationError):
        _register(secretary, exempt, leiden)
    assert not CouncilView.objects.exists()


def test_a_second_registration_of_the_same_council_is_refused(document, leiden, secretary):
    _register(secretary, document, leiden)
    with pytest.raises(ValidationError, match="Leiden"):
        _register(secretary, document, leiden, position=CouncilView.Position.DISAGREES, text="Nee")
    assert CouncilView.objects.get().position == CouncilView.Position.AGREES


@pytest.mark.parametrize(
    "received_on",
    [DURING.date() + dt.timedelta(days=1), SENT - dt.timedelta(days=1), None],
)
def test_a_received_date_in_the_future_before_sending_or_missing_is_refused(
    document, leiden, secretary, received_on
):
    with pytest.raises(ValidationError) as refused:
        _register(secretary, document, leiden, received_on=received_on)
    assert set(refused.value.error_dict) == {"received_on"}


def test_today_and_the_sending_day_are_accepted(document, leiden, gouda, secretary):
    assert _register(secretary, document, leiden, received_on=DURING.date())
    assert _register(secretary, document, gouda, received_on=SENT)


def test_without_a_known_sending_day_any_past_date_is_accepted(ab, leiden, secretary):
    document = budget(ab, sent=None)
    assert _register(secretary, document, leiden, received_on=dt.date(2020, 1, 1))


@pytest.mark.parametrize("position", [CouncilView.Position.REMARKS, CouncilView.Position.DISAGREES])
def test_a_position_with_remarks_or_disagreeing_needs_the_text(
    document, leiden, secretary, position
):
    with pytest.raises(ValidationError) as refused:
        _register(secretary, document, leiden, position=position, text="   ")
    assert set(refused.value.error_dict) == {"text"}
    assert _register(secretary, document, leiden, position=position, text="Zorgen over de kosten.")


def test_an_unknown_position_is_refused(document, leiden, secretary):
    with pytest.raises(ValidationError) as refused:
        _register(secretary, document, leiden, position="maybe")
    assert set(refused.value.error_dict) == {"position"}


def test_a_council_decision_that_is_no_pdf_is_refused_and_nothing_is_stored(
    document, leiden, secretary, settings
):
    fake = SimpleUploadedFile("besluit.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as refused:
        _register(secretary, document, leiden, decision_file=fake)
    assert set(refused.value.error_dict) == {"decision_file"}
    assert not CouncilView.objects.exists()
    assert _files(settings) == []


def test_an_office_file_is_refused_as_council_decision(document, leiden, secretary):
    docx = SimpleUploadedFile("besluit.docx", b"PK\x03\x04 not really")
    with pytest.raises(ValidationError) as refused:
        _register(secretary, document, leiden, decision_file=docx)
    assert set(refused.value.error_dict) == {"decision_file"}


def test_a_failure_after_the_file_was_stored_leaves_no_row_and_no_file(
    document, leiden, secretary, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "save_with_history", fail)
    with pytest.raises(RuntimeError):
        _register(secretary, document, leiden, decision_file=_pdf())
    assert not CouncilView.objects.exists()
    assert _files(settings) == []


# --- correcting -------------------------------------------------------------------------


def test_correcting_a_view_records_what_changed(document, leiden, contact_official):
    registered = _register(contact_official, document, leiden)
    changed = services.council_view_update(
        actor=contact_official,
        view=registered,
        received_on=dt.date(2027, 5, 2),
        position=CouncilView.Position.REMARKS,
        text="Let op de indexering.",
    )
    assert changed.position == CouncilView.Position.REMARKS
    assert changed.history.count() == 2
    latest = changed.history.first()
    assert latest.history_user == contact_official
    assert str(CouncilView._meta.get_field("position").verbose_name) in (
        latest.history_change_reason
    )


def test_correcting_without_changes_writes_no_history(document, leiden, secretary):
    registered = _register(secretary, document, leiden)
    services.council_view_update(
        actor=secretary,
        view=registered,
        received_on=registered.received_on,
        position=registered.position,
        text="",
    )
    assert registered.history.count() == 1


def test_correcting_follows_the_same_rules(document, leiden, secretary):
    registered = _register(secretary, document, leiden)
    with pytest.raises(ValidationError) as refused:
        services.council_view_update(
            actor=secretary,
            view=registered,
            received_on=DURING.date() + dt.timedelta(days=3),
            position=CouncilView.Position.DISAGREES,
            text="",
        )
    assert set(refused.value.error_dict) == {"received_on", "text"}


def test_a_contact_official_may_not_correct_another_councils_view(
    document, gouda, secretary, contact_official
):
    registered = _register(secretary, document, gouda)
    with pytest.raises(PermissionDenied):
        services.council_view_update(
            actor=contact_official,
            view=registered,
            received_on=registered.received_on,
            position=CouncilView.Position.AGREES,
        )


def test_a_new_council_decision_replaces_the_old_file_once_committed(
    document, leiden, secretary, settings, django_capture_on_commit_callbacks
):
    registered = _register(secretary, document, leiden, decision_file=_pdf("eerste.pdf"))
    old = registered.decision_file.name
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.council_view_update(
            actor=secretary,
            view=registered,
            received_on=registered.received_on,
            position=registered.position,
            decision_file=_pdf("tweede.pdf"),
        )
    assert changed.decision_file_name == "tweede.pdf"
    assert _files(settings) == [changed.decision_file.name]
    assert old not in _files(settings)


def test_a_refused_correction_keeps_the_old_file_and_stores_no_new_one(
    document, leiden, secretary, settings
):
    registered = _register(secretary, document, leiden, decision_file=_pdf())
    before = _files(settings)
    with pytest.raises(ValidationError):
        services.council_view_update(
            actor=secretary,
            view=registered,
            received_on=registered.received_on,
            position=registered.position,
            decision_file=SimpleUploadedFile("x.pdf", b"not a pdf"),
        )
    assert _files(settings) == before


# --- the executive board's reply --------------------------------------------------------


def test_a_reply_is_drafted_without_date_and_sent_later(document, leiden, secretary, manager):
    registered = view(document, leiden, secretary)
    draft = services.council_view_reply(actor=manager, view=registered, reply="Wij nemen het over.")
    assert draft.reply == "Wij nemen het over." and not draft.is_answered
    sent = services.council_view_reply(
        actor=secretary, view=registered, reply="Wij nemen het over.", sent_on=DURING.date()
    )
    assert sent.is_answered and sent.reply_sent_on == DURING.date()
    assert sent.history.count() == 3  # created directly, the draft, the sending


def test_a_reply_sent_in_the_future_or_before_the_view_or_without_text_is_refused(
    document, leiden, secretary
):
    registered = view(document, leiden, secretary)
    for reply, sent_on, field in (
        ("Tekst", DURING.date() + dt.timedelta(days=1), "sent_on"),
        ("Tekst", registered.received_on - dt.timedelta(days=1), "sent_on"),
        (" ", None, "reply"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.council_view_reply(
                actor=secretary, view=registered, reply=reply, sent_on=sent_on
            )
        assert set(refused.value.error_dict) == {field}
    registered.refresh_from_db()
    assert registered.reply == ""


@pytest.mark.parametrize("actor", ["contact_official", "ab_member"])
def test_only_the_secretariat_and_the_directie_reply(request, document, leiden, secretary, actor):
    registered = view(document, leiden, secretary)
    with pytest.raises(PermissionDenied):
        services.council_view_reply(
            actor=request.getfixturevalue(actor), view=registered, reply="Akkoord."
        )


# --- the consolidated views document ----------------------------------------------------


def test_the_views_document_is_attached_to_the_proposal_and_travels_into_the_ab_pack(
    ab, leiden, gouda, secretary
):
    document = budget(ab, on_agenda=True)
    meeting = document.proposal.steps.get().meeting
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    view(
        document,
        leiden,
        secretary,
        position="disagrees",
        text="Te hoge lasten.",
        reply="Het DB verlaagt de bijdrage.",
        reply_sent_on=dt.date(2027, 5, 10),
    )
    attached = services.views_document_attach(actor=secretary, document=document)
    assert attached.kind == Document.Kind.REPORT
    assert attached.title == "Zienswijzen van de gemeenteraden op de begroting 2028"
    assert list(document.proposal.documents.all()) == [attached]
    with attached.current_version.file.open("rb") as stored:
        content = stored.read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Leiden" in text and "Gouda" in text and "verlaagt de bijdrage" in text
    for variant, pack in gather(meeting).items():
        titles = [d.title for item in pack.items for d in item.documents]
        assert titles == [attached.title], variant


def test_attaching_again_adds_a_version(ab, leiden, secretary, manager):
    document = budget(ab)
    first = services.views_document_attach(actor=secretary, document=document)
    view(document, leiden, secretary)
    again = services.views_document_attach(actor=manager, document=document)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.current_version.number == 2
    assert document.proposal.documents.count() == 1


def test_attaching_again_in_the_other_language_adds_a_version_too(ab, leiden, secretary):
    document = budget(ab)
    with translation.override("en"):
        first = services.views_document_attach(actor=secretary, document=document)
    assert first.title.startswith("Views of the councils")
    view(document, leiden, secretary)
    with translation.override("nl"):
        again = services.views_document_attach(actor=secretary, document=document)
    assert again.pk == first.pk
    assert document.proposal.documents.count() == 1


def test_only_those_who_reply_attach_the_views_document(ab, contact_official):
    with pytest.raises(PermissionDenied):
        services.views_document_attach(actor=contact_official, document=budget(ab))


def test_a_document_without_views_procedure_has_no_views_document(ab, secretary):
    interim = budget(ab, kind=PcDocument.Kind.INTERIM, number=2)
    with pytest.raises(ValidationError):
        services.views_document_attach(actor=secretary, document=interim)
