"""A meeting's status is its lifecycle only; a published agenda is a date.

Before this migration a planned meeting whose agenda was published had the status
"agenda_published" *and* ``agenda_published_at``: one fact in two fields, which could
disagree. Now the status is planned, held, minutes adopted or cancelled (a check
constraint keeps it so) and ``agenda_published_at`` alone says whether the agenda is
published; ``Meeting.phase`` derives what the pages show.

Forward, every meeting with the status "agenda_published" becomes "planned", with a history
row saying why. If such a meeting has no ``agenda_published_at`` (the contradiction this
migration ends), its publication time is taken from its history: the latest history row
that has one, else the moment its history shows it becoming "agenda_published". A meeting
with neither is left unpublished (planned, no publication time): nothing shows when or
whether its agenda was published, and publishing it is one click on the publication page.

Backward, every planned meeting with a publication time gets the status
"agenda_published" again (with a history row). Old history rows are left as they are: they
record what was stored; the history tab shows "agenda_published" with its label.
"""

from django.db import migrations, models
from django.utils import timezone

REASON = "The published agenda is a date, not a status (migration 0012)"
REASON_BACK = "Migration 0012 reversed: the published agenda is a status again"


def _history_row(HistoricalMeeting, meeting, fields, now, reason):
    HistoricalMeeting.objects.create(
        **{name: getattr(meeting, name) for name in fields},
        history_date=now,
        history_type="~",
        history_change_reason=reason,
    )


def _published_at_from_history(records):
    """The publication time the history of one meeting (oldest first) shows, or None."""
    stamped = [r.agenda_published_at for r in records if r.agenda_published_at is not None]
    if stamped:
        return stamped[-1]
    became, previous = None, None
    for record in records:
        if record.status == "agenda_published" and (
            previous is None or previous.status != "agenda_published"
        ):
            became = record.history_date
        previous = record
    return became


def status_to_date(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    HistoricalMeeting = apps.get_model("governance", "HistoricalMeeting")
    fields = [f.attname for f in Meeting._meta.concrete_fields]
    now = timezone.now()
    for meeting in Meeting.objects.filter(status="agenda_published").order_by("pk"):
        meeting.status = "planned"
        if meeting.agenda_published_at is None:
            records = HistoricalMeeting.objects.filter(id=meeting.pk).order_by(
                "history_date", "history_id"
            )
            meeting.agenda_published_at = _published_at_from_history(list(records))
        meeting.save(update_fields=["status", "agenda_published_at"])
        _history_row(HistoricalMeeting, meeting, fields, now, REASON)


def date_to_status(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    HistoricalMeeting = apps.get_model("governance", "HistoricalMeeting")
    fields = [f.attname for f in Meeting._meta.concrete_fields]
    now = timezone.now()
    meetings = Meeting.objects.filter(status="planned", agenda_published_at__isnull=False)
    for meeting in meetings.order_by("pk"):
        meeting.status = "agenda_published"
        meeting.save(update_fields=["status"])
        _history_row(HistoricalMeeting, meeting, fields, now, REASON_BACK)


LIFECYCLE = [
    ("planned", "Planned"),
    ("held", "Held"),
    ("minutes_adopted", "Minutes adopted"),
    ("cancelled", "Cancelled"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0011_days_off"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalmeeting",
            name="status",
            field=models.CharField(
                choices=LIFECYCLE, default="planned", max_length=20, verbose_name="status"
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="status",
            field=models.CharField(
                choices=LIFECYCLE, default="planned", max_length=20, verbose_name="status"
            ),
        ),
        migrations.RunPython(status_to_date, date_to_status),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["planned", "held", "minutes_adopted", "cancelled"])
                ),
                name="meeting_status_is_lifecycle",
            ),
        ),
    ]
