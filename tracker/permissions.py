"""Who may do what with accounts and organisations: every rule in one place.

Views, services and the admin ask these functions; none of them decides on its own. Rights come
from memberships and groups, never from ad-hoc flags on users (DESIGN.md). Staff rights and
the rights of anyone an app declares (``TWO_FACTOR_HOOK``) count only once the person has turned
on two-factor authentication.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from wagtail import hooks

if TYPE_CHECKING:
    from .models import Membership, MembershipRequest, Organisation

# Apps declare who else must use two-factor with a Wagtail hook of this name: a function of the
# user that says True for those whose rights need it (commitments: points of contact).
TWO_FACTOR_HOOK = "tracker_requires_two_factor"


# -- what a page render asks many times of the same person ---------------------------------------

# While Wagtail renders a page, every panel asks "may this person …?", and the answers rest on a
# few facts about the person (two-factor on, their groups, a verified email).
# ``tracker.routing.SiteLookupMiddleware`` gives the user of a request Wagtail serves a memo for
# those facts: each is read once per request. Elsewhere (services, the views that change them)
# nothing is kept.
MEMO_ATTRIBUTE = "permission_memo"


def remembered(user, key: str, read):
    """``read()``, or what it gave earlier in this request when the user carries a memo."""
    memo = getattr(user, MEMO_ATTRIBUTE, None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def person_facts(user) -> dict:
    """A fresh memo for the request's user, with what the permission checks read of them (their
    groups, two-factor on, a verified email) in one query; empty for a visitor."""
    if not signed_in(user):
        return {}
    rows = list(
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(
            two_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
            verified_email=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        )
        .values_list("groups__name", "two_factor", "verified_email")
    )
    if not rows:
        return {}
    return {
        "groups": frozenset(name for name, _two_factor, _verified in rows if name),
        "two_factor": rows[0][1],
        "verified_email": rows[0][2],
    }


def group_names(user) -> frozenset[str]:
    """The names of the person's groups (one query, once per request with a memo)."""
    if not signed_in(user):
        return frozenset()
    return remembered(user, "groups", lambda: frozenset(user.groups.values_list("name", flat=True)))


def verified_email(user) -> bool:
    """Signed in with a verified email address."""
    return signed_in(user) and remembered(
        user, "verified_email", lambda: EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def requires_two_factor(user) -> bool:
    """Staff (superusers included), and whoever an app's hook names, must turn on two-factor
    before acting."""
    if not signed_in(user):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(declares(user) for declares in hooks.get_hooks(TWO_FACTOR_HOOK))


def has_two_factor(user) -> bool:
    """Whether the person has an authenticator app (TOTP) set up."""
    if not signed_in(user):
        return False
    return remembered(
        user,
        "two_factor",
        lambda: Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    )


def may_act(user) -> bool:
    """Signed in, and with two-factor on if their rights require it."""
    return signed_in(user) and (not requires_two_factor(user) or has_two_factor(user))


def is_staff(user) -> bool:
    """Site staff (superusers included), with two-factor on: without it staff have no more
    rights than anyone. The one meaning of "staff" in every permission check."""
    return signed_in(user) and (user.is_staff or user.is_superuser) and has_two_factor(user)


def is_org_admin(user, organisation: Organisation) -> bool:
    from .models import Membership

    return (
        may_act(user)
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ADMIN
        ).exists()
    )


def can_request_membership(user, organisation: Organisation) -> bool:
    """Anyone signed in who is not yet a member (a pending request is refused by the service)."""
    return signed_in(user) and not organisation.memberships.filter(user=user).exists()


def can_manage_members(user, organisation: Organisation) -> bool:
    """Decide join requests and change or remove members: the organisation's admins, or staff."""
    return is_staff(user) or is_org_admin(user, organisation)


def can_decide_request(user, membership_request: MembershipRequest) -> bool:
    return can_manage_members(user, membership_request.organisation)


def can_change_membership(user, membership: Membership) -> bool:
    return can_manage_members(user, membership.organisation)


def managed_organisations(user):
    """The organisations whose members this person manages (all of them for staff)."""
    from .models import Membership, Organisation

    if is_staff(user):
        return Organisation.objects.all()
    if not may_act(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)
