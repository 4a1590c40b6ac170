from django.conf import settings
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("tracker.HomePage")

    # Replace the placeholder page (and its site) that wagtailcore's own migration creates.
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="tracker")
    homepage = HomePage.objects.create(
        title="Open Commitments Tracker",
        draft_title="Open Commitments Tracker",
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.create(
        hostname="localhost", root_page=homepage, is_default_site=True, site_name="Open Commitments Tracker"
    )


def remove_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("tracker.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="tracker").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_organisation_membership_homepage"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
