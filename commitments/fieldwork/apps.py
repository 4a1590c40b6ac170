from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "commitments.fieldwork"
    label = "commitments_fieldwork"
    verbose_name = _("Site visits and consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing receivers registers the panels on the commitment and plan pages.
        from . import receivers  # noqa: F401
