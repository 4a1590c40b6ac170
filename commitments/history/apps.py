from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "commitments.history"
    label = "commitments_history"
    verbose_name = _("Change log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing receivers registers the commitment page's link to its log.
        from . import receivers, tracked  # noqa: F401

        tracked.register_all()
