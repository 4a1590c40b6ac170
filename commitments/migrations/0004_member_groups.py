"""Give every existing member its POC and forum groups (new members get them on creation),
and fill the new facts columns (plan status) for existing commitments."""

from django.db import migrations

POC_PERMISSIONS = ("add_page", "change_page", "publish_page")


def member_groups(apps, schema_editor):
    MemberPage = apps.get_model("commitments", "MemberPage")
    if not MemberPage.objects.exists():
        return  # a fresh database: members created later get their groups from the signal
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=page_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )[0]
        for codename in POC_PERMISSIONS
    ]
    for member in MemberPage.objects.all():
        pocs, _ = Group.objects.get_or_create(name=f"{member.code} POCs")
        Group.objects.get_or_create(name=f"{member.code} forum")
        pocs.permissions.add(access_admin)
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=pocs, page_id=member.pk, permission=permission)


def plan_status_facts(apps, schema_editor):
    CommitmentFacts = apps.get_model("commitments", "CommitmentFacts")
    ActionPlanPage = apps.get_model("commitments", "ActionPlanPage")
    for plan in ActionPlanPage.objects.all():
        CommitmentFacts.objects.filter(action_plan_id=plan.pk).update(plan_status=plan.status)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0003_progress_updates_follows_flags"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(member_groups, migrations.RunPython.noop),
        migrations.RunPython(plan_status_facts, migrations.RunPython.noop),
    ]
