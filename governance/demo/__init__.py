"""Demo data that re-enacts the seed (the 2024 process proposal of GR Hecht).

Everything here is fictional and marked as demo data: people are role accounts with
invented names; populations are rounded. Loading is idempotent: rows are found by
their natural keys and only created when missing, so a second run changes nothing
(and writes no history rows).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from governance.deadlines import next_working_day, nth_weekday
from governance.models import Body, Meeting, Membership, Municipality, User
from governance.roles import (
    AUDIT_COMMITTEE_MEMBER,
    BOARD_MEMBER,
    CONTACT_OFFICIAL,
    MANAGEMENT,
    SECRETARIAT,
    sync_roles,
)

from . import story
from .calendar import next_meetings
from .constants import REASON, TZ
from .mfa import load_demo_devices

DEMO_PASSWORD = "hecht-demo-2026"  # noqa: S105 - published in README, demo only
DATA = Path(__file__).with_name("municipalities.csv")
HQ = "Hecht, bestuurskamer (demo)"

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Carlijn",
    "Daan",
    "Esther",
    "Floris",
    "Gerda",
    "Hidde",
    "Ilse",
    "Joost",
    "Karin",
    "Lars",
    "Marloes",
    "Niels",
    "Olga",
    "Pieter",
    "Quirine",
    "Ruben",
    "Sanne",
    "Thijs",
    "Ursula",
    "Vincent",
    "Wendy",
    "Xander",
    "Yara",
    "Zeger",
]
LAST_NAMES = [
    "Achterberg",
    "Brinkhorst",
    "Coppens",
    "Dijkhuis",
    "Elzinga",
    "Fennema",
    "Groeneveld",
    "Hoogendam",
    "IJsselstein",
    "Jonkers",
    "Kalverda",
    "Lindeboom",
    "Meerburg",
    "Nootenboom",
    "Oosterhof",
    "Prinsenberg",
    "Quist",
    "Rietveld",
    "Slingerland",
    "Tolsma",
    "Uiterwijk",
    "Verbrugge",
    "Wolthuis",
    "Zandbergen",
]

DB_MUNICIPALITIES = ["GM0546", "GM0484", "GM0513", "GM0537", "GM1892"]  # Leiden chairs
AC_MUNICIPALITIES = ["GM0547", "GM0627", "GM1931"]
BAO_MUNICIPALITIES = ["GM0546", "GM0484", "GM0513", "GM0537", "GM1892", "GM0575"]
SECOND_CONTACT_POPULATION = 60_000  # larger municipalities have two contact officials


@dataclass
class Summary:
    created: dict[str, int]

    def add(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1


def _name(index: int) -> tuple[str, str]:
    return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[(index * 7) % len(LAST_NAMES)]


def _create(
    model,
    summary: Summary,
    kind: str,
    lookup: dict,
    defaults: dict,
    *,
    at: dt.datetime | None = None,
):
    """Find the row by ``lookup`` or create it; ``at`` dates its history row (default now)."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj
    obj = model(**lookup, **defaults)
    obj._change_reason = REASON
    if at is not None:
        obj._history_date = at
    obj.full_clean()
    obj.save()
    summary.add(kind, True)
    return obj


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hash once per process: PBKDF2 is deliberately slow (~0.25 s) and all demo accounts
    # share the published password anyway.
    return make_password(DEMO_PASSWORD)


def _user(
    summary: Summary, username: str, index: int, *, role, title: str, municipality=None, staff=False
):
    user = User.objects.filter(username=username).first()
    if user is None:
        first, last = _name(index)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.hecht.example",
            job_title=f"{title} (demo)",
            municipality=municipality,
            is_staff=staff,
        )
        user.password = _demo_password_hash()
        user._change_reason = REASON  # type: ignore[attr-defined]  # read by simple_history
        user.save()
        summary.add("users", True)
    group = Group.objects.get(name=role.group_name)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user


def load_municipalities(summary: Summary) -> dict[str, Municipality]:
    result = {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            result[row["cbs_code"]] = _create(
                Municipality,
                summary,
                "municipalities",
                {"cbs_code": row["cbs_code"]},
                {
                    "name": row["name"],
                    "population": int(row["population_approx_2024"]),
                    "population_reference_date": dt.date(2024, 1, 1),
                    "population_is_approximate": True,
                    "subregion": row["subregion"],
                },
            )
    return result


BODIES = [
    # code, name, kind, weighting, order, description
    (
        "AB",
        "Algemeen Bestuur",
        Body.Kind.GENERAL_BOARD,
        Body.Weighting.POPULATION,
        1,
        "Eén lid per deelnemende gemeente (wethouder). Stelt begroting en jaarrekening vast "
        "en besluit over het takenpakket. Stemgewicht naar inwonertal (demo-instelling).",
    ),
    (
        "DB",
        "Dagelijks Bestuur",
        Body.Kind.EXECUTIVE_BOARD,
        Body.Weighting.ONE_MEMBER_ONE_VOTE,
        2,
        "Vijf leden uit het AB. Opdrachtgever van de doorlichting.",
    ),
    (
        "BAO",
        "Bestuurlijk Ambtelijk Overleg",
        Body.Kind.OFFICIALS,
        Body.Weighting.ONE_MEMBER_ONE_VOTE,
        3,
        "Ambtelijk vooroverleg dat de vergaderingen van DB en AB voorbereidt.",
    ),
    (
        "AC",
        "Auditcommissie",
        Body.Kind.AUDIT_COMMITTEE,
        Body.Weighting.ONE_MEMBER_ONE_VOTE,
        4,
        "Adviseert over financiën, reserves en de P&C-documenten.",
    ),
]


def load_bodies(summary: Summary) -> dict[str, Body]:
    return {
        code: _create(
            Body,
            summary,
            "bodies",
            {"code": code},
            {
                "name": name,
                "kind": kind,
                "weighting": weighting,
                "order": order,
                "description": description,
                "default_location": HQ,
                "quorum_percent": Decimal("50.00"),
                "majority_percent": Decimal("50.00"),
            },
        )
        for code, name, kind, weighting, order, description in BODIES
    }


def _membership(summary, user, body, role, start, municipality=None):
    return _create(
        Membership,
        summary,
        "memberships",
        {"user": user, "body": body, "start_date": start},
        {"municipality": municipality, "role": role},
    )


def load_people(
    summary: Summary, municipalities: dict[str, Municipality], bodies: dict[str, Body]
) -> None:
    board_start, staff_start = dt.date(2022, 6, 1), dt.date(2023, 1, 1)
    R = Membership.Role
    secretariat = _user(
        summary, "secretariaat", 0, role=SECRETARIAT, title="Bestuurssecretaris", staff=True
    )
    _user(
        summary,
        "secretariaat2",
        1,
        role=SECRETARIAT,
        title="Medewerker bestuurssecretariaat",
        staff=True,
    )
    director = _user(
        summary, "directeur", 2, role=MANAGEMENT, title="Secretaris / algemeen directeur"
    )
    controller = _user(summary, "controller", 3, role=MANAGEMENT, title="Concerncontroller")
    _membership(summary, director, bodies["AB"], R.SECRETARY, staff_start)
    _membership(summary, director, bodies["DB"], R.SECRETARY, staff_start)
    _membership(summary, director, bodies["BAO"], R.ADVISOR, staff_start)
    _membership(summary, controller, bodies["AC"], R.ADVISOR, staff_start)
    _membership(summary, secretariat, bodies["BAO"], R.SECRETARY, staff_start)

    index = 10
    for code, municipality in sorted(municipalities.items(), key=lambda item: item[1].name):
        slug = slugify(municipality.name)
        member = _user(
            summary,
            f"ab-{slug}",
            index,
            role=BOARD_MEMBER,
            title=f"Wethouder {municipality.name}",
            municipality=municipality,
        )
        index += 1
        chair = code == DB_MUNICIPALITIES[0]
        _membership(
            summary, member, bodies["AB"], R.CHAIR if chair else R.MEMBER, board_start, municipality
        )
        if code in DB_MUNICIPALITIES:
            _membership(
                summary,
                member,
                bodies["DB"],
                R.CHAIR if chair else R.MEMBER,
                board_start,
                municipality,
            )
        if code in AC_MUNICIPALITIES:
            member.groups.add(Group.objects.get(name=AUDIT_COMMITTEE_MEMBER.group_name))
            _membership(summary, member, bodies["AC"], R.MEMBER, board_start, municipality)
        officials = 2 if municipality.population >= SECOND_CONTACT_POPULATION else 1
        for number in range(1, officials + 1):
            username = f"ca-{slug}" + ("" if number == 1 else f"-{number}")
            official = _user(
                summary,
                username,
                index,
                role=CONTACT_OFFICIAL,
                title=f"Contactambtenaar {municipality.name}",
                municipality=municipality,
            )
            index += 1
            if number == 1 and code in BAO_MUNICIPALITIES:
                _membership(summary, official, bodies["BAO"], R.MEMBER, staff_start, municipality)
    ac_chair = _user(
        summary,
        "ac-voorzitter",
        5,
        role=AUDIT_COMMITTEE_MEMBER,
        title="Extern voorzitter auditcommissie",
    )
    _membership(summary, ac_chair, bodies["AC"], R.CHAIR, staff_start)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


# The seed's meetings (procesvoorstel takendialoog 2024), as history.
SEED_MEETINGS = [
    ("AB", Meeting.Kind.REGULAR, dt.date(2023, 11, 1), "Bestuurlijke dialoog takenpakket", True),
    ("AB", Meeting.Kind.REGULAR, dt.date(2023, 12, 13), "", True),
    ("AB", Meeting.Kind.THEME, dt.date(2024, 2, 14), "Opdrachtgeverschap en takendialoog", False),
    ("DB", Meeting.Kind.REGULAR, dt.date(2024, 3, 14), "", False),
    ("DB", Meeting.Kind.WRITTEN, dt.date(2024, 3, 25), "Conceptopdracht doorlichting Hecht", False),
    ("AC", Meeting.Kind.WRITTEN, dt.date(2024, 3, 25), "Conceptopdracht doorlichting Hecht", False),
    ("AB", Meeting.Kind.REGULAR, dt.date(2024, 7, 10), "", True),
    ("AB", Meeting.Kind.REGULAR, dt.date(2024, 12, 18), "", True),
    # The preparatory meetings implied by the seed ("routing loopt via BAO en
    # Auditcommissie") for the AB meetings of 10 July and 18 December 2024.
    ("BAO", Meeting.Kind.REGULAR, dt.date(2024, 6, 20), "", False),
    ("AC", Meeting.Kind.REGULAR, dt.date(2024, 6, 25), "", False),
    ("DB", Meeting.Kind.REGULAR, dt.date(2024, 6, 27), "", False),
    ("AC", Meeting.Kind.REGULAR, dt.date(2024, 11, 18), "", False),
    ("BAO", Meeting.Kind.REGULAR, dt.date(2024, 12, 3), "", False),
    ("DB", Meeting.Kind.REGULAR, dt.date(2024, 12, 5), "", False),
]


def _hours(body: str, kind: str) -> tuple[int, int]:
    if kind == Meeting.Kind.WRITTEN:
        return 9, 17
    return {"AB": (14, 17), "DB": (9, 11), "BAO": (10, 12), "AC": (15, 17)}[body]


def year_plan(year: int) -> list[tuple[str, str, dt.date, str]]:
    """A plausible yearly calendar: AB on Wednesdays, DB on the 2nd Thursday, BAO on the
    1st Tuesday of each month (not August), the audit committee on the 3rd Monday of
    February, May, September and November. Dates on a holiday move to the next
    working day."""
    plan: list[tuple[str, str, dt.date, str]] = []
    wednesday = 2
    for month, n, kind, title in [
        (2, 2, Meeting.Kind.THEME, "Takendialoog"),
        (3, 3, Meeting.Kind.REGULAR, ""),
        (7, 1, Meeting.Kind.REGULAR, ""),
        (9, 4, Meeting.Kind.THEME, "Ketendialoog"),
        (10, 5 if nth_weekday_exists(year, 10, wednesday, 5) else 4, Meeting.Kind.REGULAR, ""),
        (12, 2, Meeting.Kind.REGULAR, ""),
    ]:
        plan.append(("AB", kind, nth_weekday(year, month, wednesday, n), title))
    for month in range(1, 13):
        if month == 8:
            continue
        plan.append(("DB", Meeting.Kind.REGULAR, nth_weekday(year, month, 3, 2), ""))
        plan.append(
            ("BAO", Meeting.Kind.REGULAR, nth_weekday(year, month, 1, 1 if month != 1 else 2), "")
        )
    plan.extend(
        ("AC", Meeting.Kind.REGULAR, nth_weekday(year, month, 0, 3), "") for month in (2, 5, 9, 11)
    )
    return [(body, kind, next_working_day(day), title) for body, kind, day, title in plan]


def nth_weekday_exists(year: int, month: int, weekday: int, n: int) -> bool:
    try:
        nth_weekday(year, month, weekday, n)
    except ValueError:
        return False
    return True


# The regular calendar starts where the seed does; every year up to next year is there.
FIRST_PLAN_YEAR = 2024
# A planned meeting this close (days) to a fixed one of the same body (a seed meeting, or
# the next AB or DB of the demo) is left out: the fixed meeting takes its place.
NEAR_REGULAR, NEAR_OTHER = 21, 7
# How long before it a meeting was put in the calendar (the date of its first history row).
PLANNED_AHEAD = dt.timedelta(days=90)


def demo_calendar(today: dt.date) -> list[tuple[str, str, dt.date, str, bool]]:
    """Every meeting of the demo as (body, kind, day, title, public): the seed's meetings,
    the next AB and DB, and the regular year plan from the seed's year to next year
    without the planned meetings that a fixed meeting replaces."""
    upcoming = next_meetings(today)
    fixed: list[tuple[str, str, dt.date, str, bool]] = [
        *SEED_MEETINGS,
        *((code, Meeting.Kind.REGULAR, day, "", code == "AB") for code, day in upcoming.items()),
    ]
    fixed_days: dict[str, list[tuple[dt.date, bool]]] = {}
    for body, kind, day, _title, _public in fixed:
        fixed_days.setdefault(body, []).append((day, kind == Meeting.Kind.REGULAR))

    def replaced(body: str, kind: str, day: dt.date) -> bool:
        regular = kind == Meeting.Kind.REGULAR
        return any(
            abs((day - other).days) <= (NEAR_REGULAR if regular and other_regular else NEAR_OTHER)
            for other, other_regular in fixed_days.get(body, ())
        )

    planned: list[tuple[str, str, dt.date, str, bool]] = []
    for year in range(FIRST_PLAN_YEAR, today.year + 2):
        for body, kind, day, title in year_plan(year):
            if replaced(body, kind, day):
                continue
            planned.append((body, kind, day, title, body == "AB" and kind == Meeting.Kind.REGULAR))
    return sorted([*fixed, *planned], key=lambda meeting: (meeting[2], meeting[0]))


def _status_for(
    body: str, kind: str, start: dt.datetime, now: dt.datetime, later_held: set[str]
) -> str:
    """Held or not by the clock. A regular meeting's minutes are adopted once the body has
    met again (the next meeting adopts them); other kinds after two months."""
    if start >= now:
        return Meeting.Status.PLANNED
    if kind == Meeting.Kind.REGULAR:
        return Meeting.Status.MINUTES_ADOPTED if body in later_held else Meeting.Status.HELD
    if start < now - dt.timedelta(days=60):
        return Meeting.Status.MINUTES_ADOPTED
    return Meeting.Status.HELD


def load_meetings(
    summary: Summary, bodies: dict[str, Body], today: dt.date, now: dt.datetime
) -> None:
    seed_days = {(body, day) for body, _kind, day, _title, _public in SEED_MEETINGS}
    # Walk back from the latest meeting: a regular meeting with a later held regular
    # meeting of its body has had its minutes adopted.
    later_held: set[str] = set()
    rows = []
    for body_code, kind, day, title, public in reversed(demo_calendar(today)):
        start_hour, end_hour = _hours(body_code, kind)
        starts_at = _at(day, start_hour)
        status = _status_for(body_code, kind, starts_at, now, later_held)
        if kind == Meeting.Kind.REGULAR and starts_at < now:
            later_held.add(body_code)
        rows.append((body_code, kind, day, title, public, starts_at, end_hour, status))
    for body_code, kind, day, title, public, starts_at, end_hour, status in reversed(rows):
        from_seed = (body_code, day) in seed_days
        _create(
            Meeting,
            summary,
            "meetings",
            {"body": bodies[body_code], "kind": kind, "starts_at": starts_at},
            {
                "title": title,
                "ends_at": None if kind == Meeting.Kind.WRITTEN else _at(day, end_hour),
                "response_deadline": _at(day + dt.timedelta(days=14), 12)
                if kind == Meeting.Kind.WRITTEN
                else None,
                "location": "" if kind == Meeting.Kind.WRITTEN else HQ,
                "status": status,
                "is_public": public,
                "notes": "Uit het procesvoorstel takendialoog 2024 (demo)."
                if from_seed
                else "Demovergadering.",
            },
            # Planned well before it was held, so that its history (publication acts
            # included, dated when they happened) reads in order.
            at=min(now, starts_at - PLANNED_AHEAD),
        )


# Who wrote the demo's history rows (publications and every other change the loader
# makes without a person): an account that cannot log in, so history pages name it.
DEMO_WRITER = "demodata"


def _demo_writer(summary: Summary) -> User:
    user = User.objects.filter(username=DEMO_WRITER).first()
    if user is None:
        user = User(
            username=DEMO_WRITER,
            first_name="Demodata",
            last_name="(bestuurssecretariaat)",
            job_title="Demodata van het bestuurssecretariaat",
            is_active=False,
        )
        user.set_unusable_password()
        user._change_reason = REASON  # type: ignore[attr-defined]  # read by simple_history
        user.save()
        summary.add("users", True)
    return user


@dataclass
class _HistoryContext:
    """What simple_history reads the history user from (``context.request.user``)."""

    user: User


@transaction.atomic
def load_demo(*, today: dt.date) -> Summary:
    """Load (or complete) the demo data set. Returns what was created."""
    summary = Summary(created={})
    context = HistoricalRecords.context
    outer = getattr(context, "request", None)
    context.request = _HistoryContext(_demo_writer(summary))
    try:
        _load(summary, today=today)
    finally:
        if outer is None:
            del context.request
        else:
            context.request = outer
    return summary


def _load(summary: Summary, *, today: dt.date) -> None:
    sync_roles()
    municipalities = load_municipalities(summary)
    bodies = load_bodies(summary)
    load_people(summary, municipalities, bodies)
    load_demo_devices(summary)
    now = timezone.now()
    load_meetings(summary, bodies, today, now)
    # The story refers to the people and meetings loaded above.
    story.load_story(summary, today=today, now=now)
