import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group

from governance.models import Body, Meeting, Membership, Municipality, User

TZ = ZoneInfo("Europe/Amsterdam")
PASSWORD = "test-password-123"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
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
