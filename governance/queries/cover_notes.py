"""Read models of the versions of a cover note and the comparison of two of them.

A cover note's versions are its history rows (django-simple-history): every save through
the cover note service adds one. Two queries whatever the number of versions: the history
rows with their authors, and the names of the distribution keys the two compared
versions name (none when they name none).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field

from governance.models import CoverNote, DistributionKey
from governance.queries.history import display_value
from governance.services.cover_notes import COVER_NOTE_FIELDS
from governance.textdiff import Segment, word_diff
from hecht.formats import amount


@dataclass(frozen=True)
class FieldComparison:
    """One field of the cover note in the two versions: its label, its old and new text
    as shown, and the word diff between them."""

    name: str
    label: str
    old: str
    new: str
    segments: list[Segment]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def old_segments(self) -> list[Segment]:
        """The segments of the old side: kept and deleted words."""
        return [segment for segment in self.segments if segment.kind != "insert"]

    @property
    def new_segments(self) -> list[Segment]:
        """The segments of the new side: kept and inserted words."""
        return [segment for segment in self.segments if segment.kind != "delete"]


@dataclass(frozen=True)
class Comparison:
    old: Any  # a historical CoverNote row
    new: Any
    old_number: int  # 1 for the first version
    new_number: int
    fields: list[FieldComparison]

    @property
    def changed(self) -> list[FieldComparison]:
        return [field for field in self.fields if field.changed]

    @property
    def unchanged(self) -> list[FieldComparison]:
        return [field for field in self.fields if not field.changed]


def cover_note_versions(cover_note: CoverNote) -> list[Any]:
    """The versions (history rows) of ``cover_note``, newest first, with their authors.
    One query."""
    return list(
        cover_note.history.select_related("history_user").order_by("-history_date", "-history_id")
    )


def version_count(cover_note: CoverNote) -> int:
    """How many versions ``cover_note`` has. One query."""
    return int(cover_note.history.count())


def default_pair(versions: list[Any]) -> tuple[int, int] | None:
    """The history ids compared when none are chosen: the previous and the latest version;
    None with fewer than two versions."""
    if len(versions) < 2:
        return None
    return versions[1].history_id, versions[0].history_id


def _shown(field: Field[Any, Any], value: object, keys: dict[int, str]) -> str:
    """``value`` of ``field`` as the reader knows it: a choice by its label (also the
    empty choice "not filled in yet"), an amount in euros, a key by its name; empty
    when there is nothing."""
    if field.choices and value in dict(field.flatchoices):
        return str(dict(field.flatchoices)[value])
    if value is None or value == "":
        return ""
    if field.name == "amount" and isinstance(value, Decimal):
        return amount(value)
    if field.name == "distribution_key":
        return keys.get(value, str(value)) if isinstance(value, int) else str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a budget year: no thousands separator
    return display_value(field, value, {})


def compare(versions: list[Any], old_id: int, new_id: int) -> Comparison | None:
    """The comparison of the versions ``old_id`` and ``new_id`` among ``versions`` (from
    :func:`cover_note_versions`), field by field in the order of the cover note form;
    None when either id is not a version of this cover note. At most one query."""
    numbers = {version.history_id: len(versions) - index for index, version in enumerate(versions)}
    if old_id not in numbers or new_id not in numbers:
        return None
    old = versions[len(versions) - numbers[old_id]]
    new = versions[len(versions) - numbers[new_id]]
    key_ids = {
        version.distribution_key_id
        for version in (old, new)
        if version.distribution_key_id is not None
    }
    keys = (
        dict(DistributionKey.objects.filter(pk__in=key_ids).values_list("pk", "name"))
        if key_ids
        else {}
    )
    fields = []
    for name in COVER_NOTE_FIELDS:
        field = cast("Field[Any, Any]", CoverNote._meta.get_field(name))
        before = _shown(field, getattr(old, field.attname), keys)
        after = _shown(field, getattr(new, field.attname), keys)
        fields.append(
            FieldComparison(
                name=name,
                label=str(field.verbose_name),
                old=before,
                new=after,
                segments=word_diff(before, after),
            )
        )
    return Comparison(
        old=old,
        new=new,
        old_number=numbers[old_id],
        new_number=numbers[new_id],
        fields=fields,
    )
