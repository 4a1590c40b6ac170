from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    """Peer networks (e.g. Contracting 5): practices, discussions, exchanges and trainings.

    The models arrive with the peer-network work; the app is registered now so that the
    dependency direction (peers → commitments → tracker) is fixed from the start.
    """

    name = "peers"
    verbose_name = _("Peer networks")
    default_auto_field = "django.db.models.BigAutoField"
