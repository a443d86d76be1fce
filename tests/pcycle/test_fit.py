"""The fit check (``pcycle/fit.py``) at its window edges: the day before and on the first
day a council is prepared, on the last day of the window and the day after, the slack's
edge between green and tight, several meetings, none. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcycle.fit import Fit, Window, council_fit, fit_matrix

D = dt.date
# Sent on Wednesday 9 April 2025, views taken in until Tuesday 1 July 2025.
WINDOW = Window(D(2025, 4, 9), D(2025, 7, 1))
READY = D(2025, 4, 23)  # two weeks of preparation (the default)


def fit_of(*meetings, **options):
    return council_fit(WINDOW, meetings, **options)


def test_no_meeting_in_the_window_is_impossible():
    result = fit_of(D(2025, 3, 20), D(2025, 7, 10))
    assert (result.fit, result.meeting, result.earliest_ready) == (Fit.IMPOSSIBLE, None, READY)
    assert fit_of().fit == Fit.IMPOSSIBLE


@pytest.mark.parametrize(
    ("meeting", "fit"),
    [
        (READY - dt.timedelta(days=1), Fit.IMPOSSIBLE),  # not prepared yet
        (READY, Fit.TIGHT),  # prepared on the day: no slack
        (READY + dt.timedelta(days=6), Fit.TIGHT),  # a day short of the week's slack
        (READY + dt.timedelta(days=7), Fit.GREEN),  # exactly the slack
        (WINDOW.closes, Fit.GREEN),  # on the last day of the window
        (WINDOW.closes + dt.timedelta(days=1), Fit.IMPOSSIBLE),  # the day after
        (WINDOW.opens, Fit.IMPOSSIBLE),  # the day it is sent: no time to prepare
    ],
)
def test_window_edges(meeting, fit):
    result = fit_of(meeting)
    assert result.fit == fit
    assert result.meeting == (None if fit == Fit.IMPOSSIBLE else meeting)


def test_green_rests_on_the_earliest_comfortable_meeting():
    result = fit_of(D(2025, 4, 24), D(2025, 5, 15), D(2025, 6, 12), D(2025, 5, 15))
    assert (result.fit, result.meeting) == (Fit.GREEN, D(2025, 5, 15))


def test_tight_rests_on_the_latest_usable_meeting():
    result = fit_of(D(2025, 4, 23), D(2025, 4, 25), D(2025, 4, 1))
    assert (result.fit, result.meeting) == (Fit.TIGHT, D(2025, 4, 25))


def test_the_preparation_and_slack_are_configurable():
    meeting = D(2025, 5, 8)  # 29 days after sending
    assert fit_of(meeting).fit == Fit.GREEN
    assert fit_of(meeting, preparation=dt.timedelta(weeks=4)).fit == Fit.TIGHT
    assert fit_of(meeting, preparation=dt.timedelta(days=30)).fit == Fit.IMPOSSIBLE
    assert fit_of(meeting, slack=dt.timedelta(days=15)).fit == Fit.GREEN
    assert fit_of(meeting, slack=dt.timedelta(days=16)).fit == Fit.TIGHT
    no_preparation = fit_of(WINDOW.opens, preparation=dt.timedelta(0), slack=dt.timedelta(0))
    assert no_preparation.fit == Fit.GREEN


def test_negative_times_and_inverted_windows_are_refused():
    with pytest.raises(ValueError, match="^preparation and slack cannot be negative$"):
        fit_of(D(2025, 5, 8), preparation=dt.timedelta(days=-1))
    with pytest.raises(ValueError, match="^preparation and slack cannot be negative$"):
        fit_of(D(2025, 5, 8), slack=dt.timedelta(days=-1))
    with pytest.raises(ValueError, match="^a view window cannot close before it opens$"):
        Window(D(2025, 7, 2), D(2025, 7, 1))
    assert Window(D(2025, 7, 1), D(2025, 7, 1)).opens == D(2025, 7, 1)


def test_a_window_over_29_february():
    window = Window(D(2028, 2, 15), D(2028, 3, 20))
    assert council_fit(window, [D(2028, 2, 29)]).fit == Fit.TIGHT  # ready on 29 February
    assert council_fit(window, [D(2028, 2, 28)]).fit == Fit.IMPOSSIBLE
    assert council_fit(window, [D(2028, 2, 29)], slack=dt.timedelta(0)).fit == Fit.GREEN
    assert council_fit(window, [D(2028, 3, 7)]).fit == Fit.GREEN  # exactly a week after


def test_the_matrix_has_every_council_and_document():
    windows = {"begroting": WINDOW, "wijziging": Window(D(2025, 9, 24), D(2025, 12, 16))}
    calendars = {
        "Gouda": [D(2025, 5, 15), D(2025, 11, 6)],
        "Leiden": [D(2025, 4, 24)],
        "Lisse": [],
    }
    matrix = fit_matrix(windows, calendars)
    assert len(matrix) == 6
    assert {key: cell.fit for key, cell in matrix.items()} == {
        ("Gouda", "begroting"): Fit.GREEN,
        ("Gouda", "wijziging"): Fit.GREEN,
        ("Leiden", "begroting"): Fit.TIGHT,
        ("Leiden", "wijziging"): Fit.IMPOSSIBLE,
        ("Lisse", "begroting"): Fit.IMPOSSIBLE,
        ("Lisse", "wijziging"): Fit.IMPOSSIBLE,
    }
    # Five weeks of preparation: Gouda's 15 May (36 days after sending) is usable, barely.
    strict = fit_matrix(windows, calendars, preparation=dt.timedelta(weeks=5))
    assert strict["Gouda", "begroting"].fit == Fit.TIGHT
    assert strict["Gouda", "begroting"].earliest_ready == D(2025, 5, 14)
    # And the slack is passed on: with none, Leiden's meeting on the first ready day is green.
    relaxed = fit_matrix(windows, calendars, slack=dt.timedelta(0))
    assert relaxed["Leiden", "begroting"].fit == Fit.GREEN


def test_a_calendar_may_be_any_iterable_read_once():
    windows = {"begroting": WINDOW, "jaarrekening": WINDOW}
    matrix = fit_matrix(windows, {"Gouda": (day for day in [D(2025, 5, 15)])})
    assert [cell.fit for cell in matrix.values()] == [Fit.GREEN, Fit.GREEN]


days = st.dates(min_value=D(2025, 1, 1), max_value=D(2025, 12, 31))
spans = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=60))


@given(st.lists(days, max_size=8), days, spans, spans)
def test_more_meetings_never_make_the_fit_worse(meetings, extra, preparation, slack):
    rank = {Fit.IMPOSSIBLE: 0, Fit.TIGHT: 1, Fit.GREEN: 2}
    before = council_fit(WINDOW, meetings, preparation=preparation, slack=slack)
    after = council_fit(WINDOW, [*meetings, extra], preparation=preparation, slack=slack)
    assert rank[after.fit] >= rank[before.fit]
    if after.meeting is not None:
        assert after.earliest_ready <= after.meeting <= WINDOW.closes
        if after.fit == Fit.GREEN:
            assert after.meeting >= after.earliest_ready + slack
