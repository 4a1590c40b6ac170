from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "commitments.history"
    label = "commitments_history"
    verbose_name = _("Change log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers, tracked

        tracked.register_all()
        receivers.connect()
