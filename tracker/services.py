"""Writes about people and organisations: keyword-only, validated, one transaction each.

Rights are checked here too, through tracker.permissions, so that no caller (view, admin,
command) can skip them. Emails go out once the transaction has committed, in the recipient's
language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails, permissions
from .models import Membership, MembershipRequest, Organisation, User


def membership_request_create(
    *, user: User, organisation: Organisation, message: str = ""
) -> MembershipRequest:
    """The person asks to join; the organisation's admins are told by email."""
    if not permissions.can_request_membership(user, organisation):
        raise PermissionDenied
    with transaction.atomic():
        if MembershipRequest.objects.filter(
            user=user, organisation=organisation, status=MembershipRequest.Status.PENDING
        ).exists():
            raise ValidationError(_("You have already asked to join this organisation."))
        membership_request = MembershipRequest(user=user, organisation=organisation, message=message.strip())
        membership_request.full_clean()
        membership_request.save()
        transaction.on_commit(lambda: emails.membership_requested(membership_request))
    return membership_request


def _decide(*, membership_request: MembershipRequest, decided_by: User) -> None:
    if not permissions.can_decide_request(decided_by, membership_request):
        raise PermissionDenied
    if membership_request.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))


def membership_request_approve(
    *, membership_request: MembershipRequest, decided_by: User, role: str = Membership.Role.MEMBER
) -> Membership:
    """Approve: the person becomes a member with the role given, and is told by email."""
    with transaction.atomic():
        membership_request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
        _decide(membership_request=membership_request, decided_by=decided_by)
        membership, created = Membership.objects.get_or_create(
            user=membership_request.user,
            organisation=membership_request.organisation,
            defaults={"role": role},
        )
        if created:
            membership.full_clean()
        membership_request.status = MembershipRequest.Status.APPROVED
        membership_request.role = membership.role
        membership_request.decided_by = decided_by
        membership_request.decided_at = timezone.now()
        membership_request.full_clean()
        membership_request.save()
        transaction.on_commit(lambda: emails.membership_decided(membership_request))
    return membership


def membership_request_refuse(
    *, membership_request: MembershipRequest, decided_by: User
) -> MembershipRequest:
    """Refuse: nothing changes but the request's status; the person is told by email."""
    with transaction.atomic():
        membership_request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
        _decide(membership_request=membership_request, decided_by=decided_by)
        membership_request.status = MembershipRequest.Status.REFUSED
        membership_request.decided_by = decided_by
        membership_request.decided_at = timezone.now()
        membership_request.full_clean()
        membership_request.save()
        transaction.on_commit(lambda: emails.membership_decided(membership_request))
    return membership_request


def _keeps_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation=membership.organisation, role=Membership.Role.ADMIN
    ).exclude(pk=membership.pk)
    if membership.role == Membership.Role.ADMIN and not others.exists():
        raise ValidationError(_("An organisation keeps at least one administrator."))


def membership_change_role(*, membership: Membership, role: str, changed_by: User) -> Membership:
    if not permissions.can_change_membership(changed_by, membership):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != membership.role and role != Membership.Role.ADMIN:
            _keeps_an_admin(membership)
        membership.role = role
        membership.full_clean()
        membership.save()
    return membership


def membership_remove(*, membership: Membership, removed_by: User) -> None:
    if not permissions.can_change_membership(removed_by, membership):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _keeps_an_admin(membership)
        membership.delete()


def user_preferences_update(*, user: User, language: str) -> User:
    """The person's own preferences: for now, the language of the emails we send them."""
    with transaction.atomic():
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    return user
