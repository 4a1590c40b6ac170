"""Commitment numbers become text, as plans publish them (3.2.5, B.1.A, D4): the integers kept
so far become their digits, no number becomes "", and so do the page revisions' copies (so
that publishing an old revision still saves)."""

from django.db import migrations, models


def numbers_to_text(apps, schema_editor):
    CommitmentPage = apps.get_model("commitments", "CommitmentPage")
    CommitmentPage.objects.filter(number__isnull=True).update(number="")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="commitments", model="commitmentpage").first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type).only("content")
    for revision in revisions.iterator(chunk_size=500):
        number = revision.content.get("number")
        text = "" if number is None else str(number)
        if number != text:
            revision.content["number"] = text
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0006_facts_has_unknown_sector"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [
        migrations.AlterField(
            model_name="commitmentpage",
            name="number",
            field=models.CharField(max_length=32, null=True, blank=True, verbose_name="number in the plan"),
        ),
        migrations.RunPython(numbers_to_text, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="commitmentpage",
            name="number",
            field=models.CharField(
                blank=True,
                default="",
                help_text="As the action plan publishes it: 12, 3.2.5, B.1.A.",
                max_length=32,
                verbose_name="number in the plan",
            ),
        ),
    ]
