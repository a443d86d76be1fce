"""The helpers every update service shares (``services/_common.py``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from governance.models import Track
from governance.services._common import apply_changes, changed_reason


def _track() -> Track:
    return Track(number=1, title="Spoor", goal="Doel", status=Track.Status.ON_TRACK)


def test_apply_changes_sets_only_what_differs_in_the_order_given():
    track = _track()
    changed = apply_changes(
        track,
        {"status": Track.Status.DELAYED, "title": "Spoor", "goal": "Nieuw doel"},
        allowed=("title", "status", "goal"),
    )
    assert changed == ["status", "goal"]
    assert (track.status, track.title, track.goal) == (Track.Status.DELAYED, "Spoor", "Nieuw doel")


def test_apply_changes_with_nothing_new_changes_nothing():
    track = _track()
    assert apply_changes(track, {"title": "Spoor"}, allowed=("title",)) == []
    assert apply_changes(track, {}, allowed=("title",)) == []


def test_a_field_outside_the_services_list_is_a_programming_error_and_sets_nothing():
    track = _track()
    with pytest.raises(TypeError, match=r"Track: unexpected fields \['number'\]"):
        apply_changes(track, {"title": "Ander", "number": 9}, allowed=("title",))
    assert (track.title, track.number) == ("Spoor", 1)


def test_changed_reason_names_the_fields_by_their_label_in_the_language_in_effect():
    track = _track()
    with translation.override("en"):
        assert changed_reason(track, ["status", "goal"]) == "Changed: status, goal"
    with translation.override("nl"):
        assert changed_reason(track, ["status", "goal"]) == "Gewijzigd: status, doel"
