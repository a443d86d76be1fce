"""The status of the municipalities in a round at a glance: responded, no remarks, late,
outstanding — over the deadline, which counts working days and skips days off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from governance.models import ClosingDay, CoverNoteSection, ReviewComment
from governance.queries import review as queries
from governance.queries.review import LATE, NO_REMARKS, OUTSTANDING, RESPONDED, invitation_state
from governance.services import review as svc
from tests.factories import TZ, MunicipalityFactory

DEADLINE = dt.date(2026, 12, 24)


@pytest.mark.parametrize(
    ("outcome", "today", "state"),
    [
        ("remarks", DEADLINE + dt.timedelta(days=5), RESPONDED),
        ("no_remarks", DEADLINE + dt.timedelta(days=5), NO_REMARKS),
        ("", DEADLINE - dt.timedelta(days=1), OUTSTANDING),
        ("", DEADLINE, OUTSTANDING),  # due by the end of the day
        ("", DEADLINE + dt.timedelta(days=1), LATE),
    ],
)
def test_invitation_state(outcome, today, state):
    assert invitation_state(outcome, DEADLINE, today) == state


def test_glance_over_a_deadline_pushed_by_days_off(db, review_proposal, secretary, leiden, gouda):
    others = [MunicipalityFactory(name=f"Gemeente {n}") for n in range(3)]
    # Opened Wednesday 16 December 2026 with five working days: 17, 18, 21, 22 and —
    # 23 and 24 December being closing days, Christmas and the weekend skipped — 28.
    for day in (dt.date(2026, 12, 23), dt.date(2026, 12, 24)):
        ClosingDay.objects.create(date=day, name="Kerstsluiting")
    with time_machine.travel(dt.datetime(2026, 12, 16, 9, tzinfo=TZ), tick=False):
        review_round = svc.review_round_open(
            actor=secretary,
            proposal=review_proposal,
            working_days=5,
            municipalities=[leiden, gouda, *others],
        )
    assert review_round.deadline == dt.date(2026, 12, 28)
    from governance.roles import CONTACT_OFFICIAL
    from tests.factories import UserFactory

    leiden_official = UserFactory(roles=[CONTACT_OFFICIAL], municipality=leiden)
    gouda_official = UserFactory(roles=[CONTACT_OFFICIAL], municipality=gouda)
    svc.review_comment_add(
        actor=leiden_official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.RISKS,
        text="Opmerking",
    )
    svc.review_finish(actor=leiden_official, review_round=review_round, outcome="remarks")
    svc.review_finish(actor=gouda_official, review_round=review_round, outcome="no_remarks")

    on_deadline = queries.glances([review_round], today=dt.date(2026, 12, 28))[review_round.pk]
    assert on_deadline.by_state == {
        RESPONDED: ["Leiden"],
        NO_REMARKS: ["Gouda"],
        LATE: [],
        OUTSTANDING: ["Gemeente 0", "Gemeente 1", "Gemeente 2"],
    }
    after = queries.glances([review_round], today=dt.date(2026, 12, 29))[review_round.pk]
    assert after.by_state[LATE] == ["Gemeente 0", "Gemeente 1", "Gemeente 2"]
    assert (after.total, after.finished) == (5, 2)
    assert [count for _state, _label, count in after.counts()] == [1, 1, 3, 0]


def test_glances_take_one_query_for_many_rounds(
    review_round, review_proposal, secretary, leiden, django_assert_num_queries
):
    rounds = [review_round] + [
        svc.review_round_open(
            actor=secretary, proposal=review_proposal, working_days=3, municipalities=[leiden]
        )
        for _ in range(4)
    ]
    with django_assert_num_queries(1):
        result = queries.glances(rounds)
    assert len(result) == 5


def test_reader_rounds_count_the_municipality_comments(
    review_round, contact_official, gouda_official, django_assert_num_queries
):
    for text in ("Een", "Twee"):
        svc.review_comment_add(actor=contact_official, review_round=review_round, text=text)
    svc.review_comment_add(actor=gouda_official, review_round=review_round, text="Gouda")
    withdrawn = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Weg"
    )
    svc.review_comment_withdraw(actor=contact_official, comment=withdrawn)
    with django_assert_num_queries(2):
        (row,) = queries.reader_rounds(contact_official)
    assert (row.round, row.comment_count, row.state) == (review_round, 2, OUTSTANDING)
