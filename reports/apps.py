from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("PDF reports")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
