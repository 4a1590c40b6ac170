from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgpConfig(AppConfig):
    name = "commitments.ogp"
    label = "commitments_ogp"
    verbose_name = _("OGP's file format")
