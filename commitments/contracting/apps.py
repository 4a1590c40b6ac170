from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractingConfig(AppConfig):
    name = "commitments.contracting"
    label = "commitments_contracting"
    verbose_name = _("Contracting data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing receivers registers the commitment page's panel and keeps the facts in step.
        from . import receivers

        receivers.connect()
