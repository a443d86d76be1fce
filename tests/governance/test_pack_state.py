"""The rule that decides what a user is told about an agenda pack (governance.packs.state)."""

from __future__ import annotations

import pytest

from governance.packs.state import PackState, pack_state

STATUSES = [None, "queued", "building", "ready", "failed"]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("has_file", [False, True])
def test_an_unpublished_agenda_offers_no_pack_whatever_rows_are_left(status, has_file):
    assert pack_state(published=False, status=status, has_file=has_file) == (
        PackState.NOT_PUBLISHED
    )


@pytest.mark.parametrize(
    ("status", "has_file", "expected"),
    [
        (None, False, PackState.NONE),
        (None, True, PackState.NONE),
        ("queued", False, PackState.BUILDING),
        ("queued", True, PackState.BUILDING),  # a rebuild: the old file is not offered
        ("building", False, PackState.BUILDING),
        ("building", True, PackState.BUILDING),
        ("ready", True, PackState.READY),
        ("ready", False, PackState.NONE),  # nothing recorded to download
        ("failed", False, PackState.FAILED),
        ("failed", True, PackState.FAILED),
    ],
)
def test_a_published_agenda(status, has_file, expected):
    assert pack_state(published=True, status=status, has_file=has_file) == expected


def test_an_unknown_status_is_an_error():
    with pytest.raises(ValueError, match="unknown pack status"):
        pack_state(published=True, status="lost", has_file=True)
