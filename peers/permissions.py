"""Who may do what in a peer network: every rule in one place.

Built on the site's helpers (``tracker.permissions``): rights come from ``NetworkPerson`` rows
(member / editor / administrator, given by the network's administrators), never from flags on
users. Staff (with two-factor on) count as administrators of every network.
"""

from __future__ import annotations

from django.db.models import Q

from tracker.models import Organisation, Sector
from tracker.permissions import is_staff, signed_in

from .models import NetworkMember, NetworkPage, NetworkPerson, NetworkRole

# Higher roles include the rights of lower ones.
RANK = {None: 0, NetworkRole.MEMBER: 1, NetworkRole.EDITOR: 2, NetworkRole.ADMINISTRATOR: 3}


def network_role(user, network: NetworkPage) -> str | None:
    """The person's role in the network: None, "member", "editor" or "administrator".

    Staff are administrators of every network.
    """
    if not signed_in(user):
        return None
    if is_staff(user):
        return NetworkRole.ADMINISTRATOR
    role = NetworkPerson.objects.filter(network=network, user=user).values_list("role", flat=True).first()
    return NetworkRole(role) if role else None


def has_role(user, network: NetworkPage, role: str) -> bool:
    """At least ``role`` in the network (an administrator is also an editor and a member)."""
    return RANK[network_role(user, network)] >= RANK[NetworkRole(role)]


def is_network_member(user, network: NetworkPage) -> bool:
    return has_role(user, network, NetworkRole.MEMBER)


def is_network_editor(user, network: NetworkPage) -> bool:
    return has_role(user, network, NetworkRole.EDITOR)


def is_network_administrator(user, network: NetworkPage) -> bool:
    return has_role(user, network, NetworkRole.ADMINISTRATOR)


def joinable_organisations(user, network: NetworkPage):
    """The organisations through which the person may ask to join, if not in the network yet:
    those of theirs that are members of the network, and government organisations of a country
    whose OGP member is (people join through their organisation)."""
    if not signed_in(user) or NetworkPerson.objects.filter(network=network, user=user).exists():
        return Organisation.objects.none()
    countries = NetworkMember.objects.filter(network=network, ogp_member__isnull=False).exclude(
        ogp_member__country=""
    )
    return (
        Organisation.objects.filter(memberships__user=user)
        .filter(
            Q(network_memberships__network=network)
            | Q(sector=Sector.GOVERNMENT, country__in=countries.values("ogp_member__country"))
        )
        .distinct()
        .order_by("name")
    )


def can_request_to_join(user, network: NetworkPage) -> bool:
    return joinable_organisations(user, network).exists()


def can_manage_network(user, network: NetworkPage) -> bool:
    """Decide join requests, change people's roles, add or remove members: administrators."""
    return is_network_administrator(user, network)
