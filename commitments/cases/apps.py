from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "commitments.cases"
    label = "commitments_cases"
    verbose_name = _("Feedback cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401  (checks registers itself)

        receivers.connect()
