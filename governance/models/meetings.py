"""The meeting calendar."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .structure import Body


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def public(self) -> MeetingQuerySet:
        return self.filter(is_public=True)

    def held(self) -> MeetingQuerySet:
        return self.filter(status__in=Meeting.HELD_STATUSES)

    def still_to_come(self) -> MeetingQuerySet:
        """Planned meetings, their agenda published or not: not held, not cancelled."""
        return self.filter(status__in=Meeting.OPEN_STATUSES)

    def in_phase(self, phase: str) -> MeetingQuerySet:
        """The meetings whose ``Meeting.phase`` is ``phase``, filtered in the database."""
        return self.filter(Meeting.phase_q(phase))

    def taking_written_responses(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        """The queryset form of ``Meeting.takes_written_responses``."""
        return self.filter(
            kind=Meeting.Kind.WRITTEN,
            status__in=Meeting.OPEN_STATUSES,
            response_deadline__gt=now or timezone.now(),
        )

    def on_public_portal(self) -> MeetingQuerySet:
        """Public meetings and every meeting whose agenda or decision list is published
        (the Woo makes a closed DB meeting's agenda and decision list public too)."""
        return self.filter(
            Q(is_public=True)
            | Q(agenda_published_at__isnull=False)
            | Q(decisions_published_at__isnull=False)
        )


class Meeting(models.Model):
    """A meeting of one body: a regular meeting, a theme session (no decisions) or a
    written procedure (schriftelijke ronde)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Meeting")
        THEME = "theme", _("Theme session")
        WRITTEN = "written", _("Written procedure")

    class Status(models.TextChoices):
        """The stored lifecycle of a meeting. Whether its agenda is published is not a
        status: that is ``agenda_published_at`` alone (one fact, one field)."""

        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        MINUTES_ADOPTED = "minutes_adopted", _("Minutes adopted")
        CANCELLED = "cancelled", _("Cancelled")

    class Phase(models.TextChoices):
        """What every badge, detail page, portal page and feed shows: the status, with a
        planned meeting whose agenda is published shown as "agenda published". Derived by
        ``Meeting.phase`` (and ``phase_q`` in the database), never stored."""

        PLANNED = "planned", _("Planned")
        AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
        HELD = "held", _("Held")
        MINUTES_ADOPTED = "minutes_adopted", _("Minutes adopted")
        CANCELLED = "cancelled", _("Cancelled")

    # Allowed status transitions; everything else is refused by the service. Publishing
    # an agenda and withdrawing it are not among them: they are acts of their own
    # (``services.publication``: they stamp or clear ``agenda_published_at`` and build the
    # packs). A held or cancelled meeting keeps its publication time as the record that
    # its agenda was published; a cancelled meeting that is planned again shows its
    # published agenda again.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PLANNED: frozenset({Status.HELD, Status.CANCELLED}),
        Status.HELD: frozenset({Status.MINUTES_ADOPTED}),
        Status.MINUTES_ADOPTED: frozenset(),
        Status.CANCELLED: frozenset({Status.PLANNED}),
    }
    # A held meeting (minutes adopted or not) is history: its agenda is fixed and a
    # written procedure that reached it is closed.
    HELD_STATUSES = frozenset({Status.HELD, Status.MINUTES_ADOPTED})
    OPEN_STATUSES = frozenset({Status.PLANNED})
    # Values the status column held once and the history table still records: the
    # history tab shows them with these labels (migration 0012 ended "agenda_published").
    RETIRED_CHOICES: dict[str, dict[str, str | Promise]] = {
        "status": {Phase.AGENDA_PUBLISHED.value: Phase.AGENDA_PUBLISHED.label}
    }

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Optional; for example the theme of a theme session."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    is_public = models.BooleanField(
        _("public meeting"),
        default=False,
        help_text=_("Public meetings and their documents are shown on the public calendar."),
    )
    response_deadline = models.DateTimeField(
        _("response deadline"),
        null=True,
        blank=True,
        help_text=_("Written procedures only: members respond before this moment."),
    )
    notes = models.TextField(_("notes"), blank=True)
    agenda_published_at = models.DateTimeField(
        _("agenda published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by publishing the agenda; empty when not (or no longer) published."),
    )
    decisions_published_at = models.DateTimeField(
        _("decision list published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set by publishing the decision list; empty when not (or no longer) published."
        ),
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised whenever the time, place or status changes (iCalendar SEQUENCE)."),
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "body__order"]
        permissions = [
            ("view_all_meetings", _("Can view all meetings, including closed ones")),
            ("publish_meeting", _("Can publish agendas and decision lists")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            # The status is the lifecycle only (``Meeting.Status``; Meta cannot see the
            # class, tests/test_layout.py checks the list); a published agenda is a date.
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "minutes_adopted", "cancelled"]),
                name="meeting_status_is_lifecycle",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"], name="meeting_body_start_idx")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        day = date_format(timezone.localtime(self.starts_at), "j F Y")
        label = self.title or self.get_kind_display()
        return f"{self.body.code} {label.lower() if not self.title else label} {day}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.WRITTEN and self.response_deadline is None:
            raise ValidationError(
                {"response_deadline": _("A written procedure needs a response deadline.")}
            )
        if self.kind != self.Kind.WRITTEN and self.response_deadline is not None:
            raise ValidationError(
                {"response_deadline": _("Only a written procedure has a response deadline.")}
            )

    @property
    def is_written(self) -> bool:
        return self.kind == self.Kind.WRITTEN

    def can_transition_to(self, status: str) -> bool:
        return status == self.status or status in self.TRANSITIONS[self.status]

    @property
    def phase(self) -> Meeting.Phase:
        """The status as shown: a planned meeting with a published agenda is in the
        phase "agenda published"; otherwise the phase is the status."""
        if self.status == self.Status.PLANNED and self.agenda_published_at is not None:
            return self.Phase.AGENDA_PUBLISHED
        return self.Phase(self.status)

    def get_phase_display(self) -> str:
        return str(self.phase.label)

    @classmethod
    def phase_q(cls, phase: str) -> Q:
        """The database condition for ``Meeting.phase == phase`` (the same rule)."""
        phase = cls.Phase(phase)
        if phase == cls.Phase.AGENDA_PUBLISHED:
            return Q(status=cls.Status.PLANNED, agenda_published_at__isnull=False)
        if phase == cls.Phase.PLANNED:
            return Q(status=cls.Status.PLANNED, agenda_published_at__isnull=True)
        return Q(status=phase.value)

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    @property
    def takes_written_responses(self) -> bool:
        """A written procedure takes responses until its deadline and until it is closed."""
        return (
            self.kind == self.Kind.WRITTEN
            and self.status in self.OPEN_STATUSES
            and self.response_deadline is not None
            and timezone.now() < self.response_deadline
        )

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()
