"""An agenda item is never more public than its proposal.

Before this migration the secretariat could set an item public under a confidential
proposal, and a proposal made confidential after its meeting left the items of held
meetings public. Each such item becomes confidential on its proposal's Woo ground, with a
history row saying why. The reverse changes nothing: re-opening confidential items would
publish them.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Follows its confidential proposal (migration 0008)"


def items_follow_proposals(apps, schema_editor):
    AgendaItem = apps.get_model("governance", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("governance", "HistoricalAgendaItem")
    items = AgendaItem.objects.filter(
        confidentiality="public", route_step__proposal__confidentiality="confidential"
    ).select_related("route_step__proposal")
    fields = [f.attname for f in AgendaItem._meta.concrete_fields]
    now = timezone.now()
    for item in items:
        item.confidentiality = "confidential"
        item.woo_ground = item.route_step.proposal.woo_ground
        item.save(update_fields=["confidentiality", "woo_ground"])
        HistoricalAgendaItem.objects.create(
            **{name: getattr(item, name) for name in fields},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_reminders"),
    ]

    operations = [
        migrations.RunPython(items_follow_proposals, migrations.RunPython.noop),
    ]
