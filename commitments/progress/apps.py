from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "commitments.progress"
    label = "commitments_progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
