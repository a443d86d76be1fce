import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

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
    Programme,
    Proposal,
    RouteStep,
    StepPurpose,
    Track,
    User,
)

TZ = ZoneInfo("Europe/Amsterdam")
PASSWORD = "test-password-123"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    # GM9000–GM9999: no real municipality's code, and never longer than the field's six
    # characters however many municipalities a long test session makes.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    population = 50_000
    population_reference_date = dt.date(2024, 1, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}")
    name = factory.LazyAttribute(lambda o: f"Orgaan {o.code}")
    kind = Body.Kind.GENERAL_BOARD
    quorum_percent = Decimal("50")
    majority_percent = Decimal("50")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role.group_name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    start_date = dt.date(2022, 6, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    kind = Meeting.Kind.REGULAR
    starts_at = factory.Sequence(
        lambda n: dt.datetime(2026, 3, 1, 14, tzinfo=TZ) + dt.timedelta(days=n)
    )
    location = "Bestuurskamer"
    is_public = False


def pdf_bytes(pages: int = 1, text: str = "Hecht") -> bytes:
    """A small, valid PDF with ``pages`` pages (built with pypdf, no fixtures on disk)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Ontwikkelagenda {n}")
    start_date = dt.date(2024, 2, 14)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Spoor {n + 1}")
    goal = "Een duidelijk doel."


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    reference = factory.Sequence(lambda n: f"VS-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Voorstel {n + 1}")
    kind = Proposal.Kind.DECISION
    created_by = factory.SubFactory(UserFactory)


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    proposal = factory.SubFactory(ProposalFactory)
    position = factory.Sequence(lambda n: n + 1)
    body = factory.SubFactory(BodyFactory)
    purpose = StepPurpose.DECIDE
    meeting = None


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    title = factory.Sequence(lambda n: f"Agendapunt {n + 1}")
    kind = AgendaItem.Kind.DECISION


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document with one stored PDF version (``versions=0`` for none)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    kind = Document.Kind.PROPOSAL
    title = factory.Sequence(lambda n: f"Document {n + 1}")
    delivered_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def versions(self, create, extracted, **kwargs):
        for _ in range(1 if extracted is None else extracted):
            DocumentVersionFactory(document=self)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory, versions=0)
    number = factory.LazyAttribute(lambda o: o.document.versions.count() + 1)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="stuk.pdf"))
    original_name = "stuk.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = factory.LazyAttribute(lambda o: "0" * 64)
    page_count = 1
    uploaded_by = factory.SubFactory(UserFactory)
    uploaded_at = factory.LazyAttribute(lambda o: o.document.delivered_at)

    @factory.post_generation
    def make_current(self, create, extracted, **kwargs):
        if create:
            Document.objects.filter(pk=self.document_id).update(current_version=self)
            self.document.current_version = self


class CoverNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverNote

    proposal = factory.SubFactory(ProposalFactory)
    decision_points = "Kennis te nemen van het voorstel."
    introduction = "Inleiding."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    outcome = Decision.Outcome.ADOPTED
    text = "Conform besloten."
    recorded_by = factory.SubFactory(UserFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"Actie {n + 1}")
    actor = Action.Actor.HECHT
    due_date = dt.date(2026, 6, 1)
    created_by = factory.SubFactory(UserFactory)
