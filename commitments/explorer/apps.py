from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplorerConfig(AppConfig):
    name = "commitments.explorer"
    label = "commitments_explorer"
    verbose_name = _("The explorer")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
