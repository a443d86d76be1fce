"""Search over what the public portal shows: meeting titles, public agenda items, public
documents and public decisions.

The four sources are the querysets of ``governance.publication``, so nothing that is not
public can be found. On PostgreSQL it is full-text search with the Dutch configuration
(stemming: "begrotingen" finds "begroting"; websearch syntax: ``"exacte woorden"``,
``-zonder``, ``of``), ranked; elsewhere (SQLite, the embedded default) a case-insensitive
substring match over the same fields, newest first. One UNION query feeds the paginator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce

from governance import publication
from hecht import params

CONFIG = "dutch"
MAX_QUERY_LENGTH = 200

MEETING = "meeting"
ITEM = "agenda_item"
DOCUMENT = "document"
DECISION = "decision"


@dataclass(frozen=True)
class Source:
    kind: str
    queryset: QuerySet
    title: str  # field path of the title
    text: str | None  # field path of a second, longer text (weight B), or None
    meeting: str | None  # field path to the meeting, or None (proposal documents)


def _sources() -> list[Source]:
    return [
        Source(MEETING, publication.portal_meetings(), "title", "body__name", ""),
        Source(ITEM, publication.public_items(), "title", "description", "meeting__"),
        # A document of a proposal may sit on several agendas: no single meeting.
        Source(DOCUMENT, publication.public_documents(), "title", None, None),
        Source(DECISION, publication.public_decisions(), "text", None, "agenda_item__meeting__"),
    ]


def normalise(query: str) -> str:
    """The query as searched: control characters dropped (PostgreSQL refuses a NUL in any
    text), whitespace collapsed, at most ``MAX_QUERY_LENGTH`` characters."""
    return params.clean_text(query, max_length=MAX_QUERY_LENGTH)


def _columns(source: Source, rank) -> dict:
    """The UNION's columns, identical in name, order and type for every source."""
    meeting = source.meeting
    meeting_id: Combinable
    starts_at: Combinable
    excerpt: Combinable
    number: Combinable
    if meeting is None:
        meeting_id = Value(None, output_field=IntegerField())
        starts_at = Value(None, output_field=DateTimeField())
    else:
        meeting_id = F(f"{meeting}pk") if meeting else F("pk")
        starts_at = F(f"{meeting}starts_at")
    if source.kind == DECISION:
        title = Cast("agenda_item__title", CharField())
        excerpt = Cast("text", TextField())
        number = Cast("agenda_item__number", CharField())
    elif source.kind == ITEM:
        title = Cast("title", CharField())
        excerpt = Cast("description", TextField())
        number = Cast("number", CharField())
    else:
        title = Cast("title", CharField())
        excerpt = Value("", output_field=TextField())
        number = Value("", output_field=CharField())
    return {
        "hit_kind": Value(source.kind, output_field=CharField()),
        "hit_id": F("pk"),
        "hit_title": title,
        "hit_number": number,
        "hit_excerpt": excerpt,
        "hit_meeting_id": meeting_id,
        "hit_starts_at": starts_at,
        "hit_rank": rank,
    }


def _text(path: str) -> Coalesce:
    return Coalesce(Cast(path, TextField()), Value(""), output_field=TextField())


def _part(source: Source, query: str, vendor: str) -> QuerySet:
    rank: Combinable
    if vendor == "postgresql":
        vector: Combinable = SearchVector(_text(source.title), config=CONFIG, weight="A")
        if source.text:
            vector += SearchVector(_text(source.text), config=CONFIG, weight="B")
        search = SearchQuery(query, config=CONFIG, search_type="websearch")
        queryset = source.queryset.annotate(hit_vector=vector).filter(hit_vector=search)
        rank = SearchRank(F("hit_vector"), search)
    else:
        condition = Q(**{f"{source.title}__icontains": query})
        if source.text:
            condition |= Q(**{f"{source.text}__icontains": query})
        queryset = source.queryset.filter(condition)
        rank = Value(0.0, output_field=FloatField())
    columns = _columns(source, rank)
    # Only annotations, no model fields: the columns of every part then line up.
    return queryset.order_by().annotate(**columns).values(*columns)


def search(query: str, *, vendor: str | None = None) -> QuerySet:
    """Rows (dicts with ``hit_*`` keys) matching ``query``, best first; an empty query
    finds nothing. ``vendor`` overrides the database's (tests use it to run the
    fallback on PostgreSQL too)."""
    query = normalise(query)
    vendor = vendor or connection.vendor
    sources = _sources()
    if not query:
        return _part(sources[0], "", "fallback").none()
    parts = [_part(source, query, vendor) for source in sources]
    union = parts[0].union(*parts[1:], all=True)
    return union.order_by(
        "-hit_rank", F("hit_starts_at").desc(nulls_last=True), "hit_kind", "hit_id"
    )


@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int
    title: str
    number: str
    excerpt: str
    meeting_id: int | None
    starts_at: dt.datetime | None
    rank: float


def hits(rows) -> list[Hit]:
    return [
        Hit(
            kind=row["hit_kind"],
            pk=row["hit_id"],
            title=row["hit_title"],
            number=row["hit_number"],
            excerpt=row["hit_excerpt"],
            meeting_id=row["hit_meeting_id"],
            starts_at=row["hit_starts_at"],
            rank=row["hit_rank"],
        )
        for row in rows
    ]
