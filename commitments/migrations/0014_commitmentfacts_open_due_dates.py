from django.db import migrations, models

OPEN_STATUSES = ("scheduled", "partiallyMet")


def fill_open_due_dates(apps, schema_editor):
    """Existing facts rows get their commitments' open due dates (as the refresh now writes)."""
    Milestone = apps.get_model("commitments", "Milestone")
    CommitmentFacts = apps.get_model("commitments", "CommitmentFacts")
    dates: dict[int, list] = {}
    for commitment_id, end_date in (
        Milestone.objects.filter(status__in=OPEN_STATUSES, end_date__isnull=False)
        .values_list("commitment_id", "end_date")
        .iterator()
    ):
        dates.setdefault(commitment_id, []).append(end_date)
    rows = []
    for facts in CommitmentFacts.objects.only("pk").iterator():
        if facts.commitment_id not in dates:
            continue
        facts.open_due_dates = [day.isoformat() for day in sorted(dates[facts.commitment_id])]
        rows.append(facts)
    CommitmentFacts.objects.bulk_update(rows, ["open_due_dates"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0013_merge_20261130_0128"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitmentfacts",
            name="open_due_dates",
            field=models.JSONField(blank=True, default=list, verbose_name="due dates of open milestones"),
        ),
        migrations.RunPython(fill_open_due_dates, migrations.RunPython.noop),
    ]
