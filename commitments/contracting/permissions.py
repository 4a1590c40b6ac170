"""Who may link a commitment (or milestone) to contracting data, built on the record's policy.

- link: staff; the POCs of the commitment's member; civil-society monitors — people in a
  civil-society organisation that holds a stakeholder role on the commitment. All must be able
  to act (two-factor on where their rights require it).
- unlink: staff and the member's POCs any link; a monitor only the links they made, while they
  still hold the role.
- the admin's viewset: staff read and delete links; nobody adds or edits there (links are made
  on the front end, through the services, which record who made them).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from commitments.models import CommitmentPage, StakeholderRole
from commitments.permissions import is_poc, member_of
from tracker.models import Sector
from tracker.permissions import is_staff, may_act


def is_monitor(user, commitment: CommitmentPage) -> bool:
    """Someone in a civil-society organisation with a role on the commitment."""
    return StakeholderRole.objects.filter(
        commitment=commitment,
        organisation__sector=Sector.CIVIL_SOCIETY,
        organisation__memberships__user=user,
    ).exists()


def can_link(user, commitment: CommitmentPage) -> bool:
    if not may_act(user):
        return False
    return is_staff(user) or is_poc(user, member_of(commitment)) or is_monitor(user, commitment)


def can_unlink(user, link) -> bool:
    if not may_act(user):
        return False
    commitment = link.commitment
    if is_staff(user) or is_poc(user, member_of(commitment)):
        return True
    return link.created_by_id == user.pk and is_monitor(user, commitment)


def unlinkable(user, commitment: CommitmentPage, links: list) -> set[tuple[str, int]]:
    """Which of a commitment's links this person may remove, as ("process"|"project", pk),
    in a fixed number of queries however many links."""
    return unlinkable_in_scope(link_scope(user, commitment), user, links)


# What a person may do with a commitment's links: link and unlink any ("all": staff, the
# member's POCs), link and unlink their own ("own": its monitors), nothing ("").
ALL_LINKS, OWN_LINKS = "all", "own"


def link_scope(user, commitment: CommitmentPage) -> str:
    """``can_link`` and ``unlinkable`` in one answer, asking once whether they are a monitor."""
    if not may_act(user):
        return ""
    if is_staff(user) or is_poc(user, member_of(commitment)):
        return ALL_LINKS
    return OWN_LINKS if is_monitor(user, commitment) else ""


def unlinkable_in_scope(scope: str, user, links: list) -> set[tuple[str, int]]:
    """``unlinkable`` for a person whose ``link_scope`` is known: no query."""
    return {
        (link.kind, link.pk)
        for link in links
        if scope == ALL_LINKS or (scope == OWN_LINKS and link.created_by_id == user.pk)
    }


class LinkAdminPolicy(BasePermissionPolicy):
    """The admin's view of links: staff read and delete them."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect", "delete") and is_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not {"view", "inspect", "delete"} & set(actions):
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(Q(is_staff=True) | Q(is_superuser=True))
