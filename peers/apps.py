from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    """Peer networks (e.g. Contracting 5): members, practices, discussions, exchanges, trainings.

    Layered above the record (peers → commitments → tracker): what peers add to the record's
    pages is registered from here, through commitments.page_context.
    """

    name = "peers"
    verbose_name = _("Peer networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import api, receivers

        receivers.connect()
        api.connect()
