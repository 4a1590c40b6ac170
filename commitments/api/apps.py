from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "commitments.api"
    label = "commitments_api"
    verbose_name = _("The open API")
