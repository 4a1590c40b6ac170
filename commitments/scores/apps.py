from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "commitments.scores"
    label = "commitments_scores"
    verbose_name = _("Civil-society scores")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import exports, facts, panels  # noqa: F401  (panels register themselves)

        facts.connect()
        exports.connect()
