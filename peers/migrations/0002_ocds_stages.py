from django.db import migrations

STAGES = ["planning", "tender", "award", "contract", "implementation"]


def create_stages(apps, schema_editor):
    OcdsStage = apps.get_model("peers", "OcdsStage")
    for position, code in enumerate(STAGES):
        OcdsStage.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("peers", "0001_networks_and_practices")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
