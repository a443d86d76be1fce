"""The councils' meeting calendars (for the fit check, ``pcycle/fit.py``)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Municipality


class CouncilCalendar(models.Model):
    """A municipality's settings for its council calendar: the public feed it is imported
    from and how long the council needs to prepare a view (e.g. the committee meets two
    weeks before the council)."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="council_calendar",
    )
    # A CharField with an https-only validator: the feed is fetched by the server, so a
    # plain http or file address is refused before it is stored.
    feed_url = models.CharField(
        _("public calendar feed (iCalendar)"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("The https address of the council's public meeting calendar (.ics)."),
    )
    preparation_weeks = models.PositiveSmallIntegerField(
        _("preparation time (weeks)"),
        default=2,
        validators=[MaxValueValidator(12)],
        help_text=_(
            "How long the council needs between receiving a document and the council "
            "meeting that decides on its view (committee, fraction meetings)."
        ),
    )
    imported_at = models.DateTimeField(_("last imported at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council calendar")
        verbose_name_plural = _("council calendars")
        ordering = ["municipality__name"]

    def __str__(self) -> str:
        return str(self.municipality)


class CouncilMeeting(models.Model):
    """A meeting of a municipal council (or of its committee) on a day."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council meeting")
        COMMITTEE = "committee", _("Committee meeting")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        CSV = "csv", _("CSV upload")
        ICALENDAR = "ical", _("iCalendar import")
        DEMO = "demo", _("Demo data")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="council_meetings",
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNCIL)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=6, choices=Source.choices, default=Source.MANUAL, editable=False
    )
    feed_uid = models.CharField(
        _("UID in the calendar feed"), max_length=255, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["municipality__name", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "kind"], name="councilmeeting_unique_day"
            ),
            models.UniqueConstraint(
                fields=["municipality", "feed_uid"],
                condition=~Q(feed_uid=""),
                name="councilmeeting_unique_feed_uid",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="councilmeeting_day_idx")]
        permissions = [
            ("manage_any_councilmeeting", _("Can change the council calendar of any municipality"))
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.get_kind_display().lower()} {self.day:%d-%m-%Y}"
