from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Tracker")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the deploy check on the configured site address.
        from . import site_url  # noqa: F401
        from .formulas import wagtail_exports_guard

        wagtail_exports_guard()

        from .page_cache import connect_signals

        # Every save and delete makes the cached anonymous pages stale.
        connect_signals()
