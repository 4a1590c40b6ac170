"""Writes about networks: who belongs, with what rights, and the groups and workflow behind them.

Keyword-only, validated, one transaction each; rights are checked here through
``peers.permissions`` so that no door (view, admin, command) can skip them. Emails go out once
the transaction has committed, in each recipient's language.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from commitments.models import MemberPage
from tracker.models import Organisation, User

from . import emails, permissions
from .models import NetworkJoinRequest, NetworkMember, NetworkPage, NetworkPerson, NetworkRole

# -- the groups and the workflow behind a network's page permissions ----------------------------

# Members may add practices under the network and edit the drafts they own (Wagtail's "add"
# permission), never publish; editors may also edit any page there and publish, and they are
# the ones who approve in the network's workflow.
MEMBER_PAGE_PERMISSIONS = ("add_page",)
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MEMBERS_SUFFIX = " members"
EDITORS_SUFFIX = " editors"


def members_group_name(network: NetworkPage) -> str:
    return f"{network.title}{MEMBERS_SUFFIX}"


def editors_group_name(network: NetworkPage) -> str:
    return f"{network.title}{EDITORS_SUFFIX}"


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def network_groups_ensure(network: NetworkPage) -> tuple[Group, Group, Workflow]:
    """Create (or repair) a network's groups, their page permissions on its subtree, and the
    workflow in which its editors approve what members write."""
    members, _created = Group.objects.get_or_create(name=members_group_name(network))
    editors, _created = Group.objects.get_or_create(name=editors_group_name(network))
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for group, codenames in ((members, MEMBER_PAGE_PERMISSIONS), (editors, EDITOR_PAGE_PERMISSIONS)):
        group.permissions.add(access_admin)
        GroupPagePermission.objects.filter(group=group, page=network).exclude(
            permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=network, permission=_page_permission(codename)
            )
    workflow, _created = Workflow.objects.get_or_create(
        name=f"{network.title} review", defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=f"{network.title} editors approve").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{network.title} editors approve")
    task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=network, defaults={"workflow": workflow})
    return members, editors, workflow


def person_groups_sync(user: User, network: NetworkPage, role: str | None) -> None:
    """The person's groups follow their role: members → members group; editors and
    administrators → both groups; out of the network → neither. Called on every save and delete
    of a ``NetworkPerson`` (``receivers``), whichever door it came through."""
    members, editors, _workflow = network_groups_ensure(network)
    if role is None:
        user.groups.remove(members, editors)
        return
    user.groups.add(members)
    if role in (NetworkRole.EDITOR, NetworkRole.ADMINISTRATOR):
        user.groups.add(editors)
    else:
        user.groups.remove(editors)


# -- people: join requests, roles ---------------------------------------------------------------


def network_join_request_create(
    *, user: User, network: NetworkPage, organisation: Organisation, message: str = ""
) -> NetworkJoinRequest:
    """The person asks to join through one of their organisations; administrators are told."""
    if not permissions.joinable_organisations(user, network).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        if NetworkJoinRequest.objects.filter(
            network=network, user=user, status=NetworkJoinRequest.Status.PENDING
        ).exists():
            raise ValidationError(_("You have already asked to join this network."))
        join_request = NetworkJoinRequest(
            network=network, user=user, organisation=organisation, message=message.strip()
        )
        join_request.full_clean()
        join_request.save()
        transaction.on_commit(lambda: emails.join_requested(join_request))
    return join_request


def _decide(join_request: NetworkJoinRequest, decided_by: User) -> None:
    if not permissions.can_manage_network(decided_by, join_request.network):
        raise PermissionDenied
    if join_request.status != NetworkJoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))


def network_join_request_approve(
    *, join_request: NetworkJoinRequest, decided_by: User, role: str = NetworkRole.MEMBER
) -> NetworkPerson:
    """Approve: the person joins with the role given, gets the network's groups, and is told."""
    with transaction.atomic():
        join_request = NetworkJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        _decide(join_request, decided_by)
        person, created = NetworkPerson.objects.get_or_create(
            network=join_request.network,
            user=join_request.user,
            defaults={"organisation": join_request.organisation, "role": role},
        )
        if created:
            person.full_clean()
        join_request.status = NetworkJoinRequest.Status.APPROVED
        join_request.role = person.role
        join_request.decided_by = decided_by
        join_request.decided_at = timezone.now()
        join_request.full_clean()
        join_request.save()
        transaction.on_commit(lambda: emails.join_decided(join_request))
    return person


def network_join_request_refuse(*, join_request: NetworkJoinRequest, decided_by: User) -> NetworkJoinRequest:
    with transaction.atomic():
        join_request = NetworkJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        _decide(join_request, decided_by)
        join_request.status = NetworkJoinRequest.Status.REFUSED
        join_request.decided_by = decided_by
        join_request.decided_at = timezone.now()
        join_request.full_clean()
        join_request.save()
        transaction.on_commit(lambda: emails.join_decided(join_request))
    return join_request


def _keeps_an_administrator(person: NetworkPerson) -> None:
    others = NetworkPerson.objects.filter(network=person.network_id, role=NetworkRole.ADMINISTRATOR).exclude(
        pk=person.pk
    )
    if person.role == NetworkRole.ADMINISTRATOR and not others.exists():
        raise ValidationError(_("A network keeps at least one administrator."))


def network_person_change_role(*, person: NetworkPerson, role: str, changed_by: User) -> NetworkPerson:
    if not permissions.can_manage_network(changed_by, person.network):
        raise PermissionDenied
    with transaction.atomic():
        person = NetworkPerson.objects.select_for_update().select_related("network", "user").get(pk=person.pk)
        if role != person.role and role != NetworkRole.ADMINISTRATOR:
            _keeps_an_administrator(person)
        person.role = role
        person.full_clean()
        person.save()
    return person


def network_person_remove(*, person: NetworkPerson, removed_by: User) -> None:
    if not permissions.can_manage_network(removed_by, person.network):
        raise PermissionDenied
    with transaction.atomic():
        person = NetworkPerson.objects.select_for_update().select_related("network", "user").get(pk=person.pk)
        _keeps_an_administrator(person)
        person.delete()


def network_person_add(
    *, network: NetworkPage, user: User, organisation: Organisation, role: str, added_by: User | None
) -> NetworkPerson:
    """Put someone in the network directly (staff and seeding; administrators approve requests).

    ``added_by`` None is for the demo and commands run by the site's operators."""
    if added_by is not None and not permissions.can_manage_network(added_by, network):
        raise PermissionDenied
    with transaction.atomic():
        person = NetworkPerson.objects.filter(network=network, user=user).first() or NetworkPerson(
            network=network, user=user
        )
        person.organisation = organisation
        person.role = role
        person.full_clean()
        person.save()
    return person


# -- members: OGP members and organisations -----------------------------------------------------


def network_member_add(
    *,
    network: NetworkPage,
    role: str,
    added_by: User | None,
    ogp_member: MemberPage | None = None,
    organisation: Organisation | None = None,
) -> NetworkMember:
    """Add an OGP member or an organisation to the network with a role (or change its role)."""
    if added_by is not None and not permissions.can_manage_network(added_by, network):
        raise PermissionDenied
    with transaction.atomic():
        lookup = {"ogp_member": ogp_member} if ogp_member is not None else {"organisation": organisation}
        existing = (
            NetworkMember.objects.filter(network=network, **lookup).first() if any(lookup.values()) else None
        )
        member = existing or NetworkMember(network=network, ogp_member=ogp_member, organisation=organisation)
        member.role = role
        member.full_clean()
        member.save()
    return member


def network_member_change_role(
    *, network_member: NetworkMember, role: str, changed_by: User
) -> NetworkMember:
    if not permissions.can_manage_network(changed_by, network_member.network):
        raise PermissionDenied
    with transaction.atomic():
        network_member = NetworkMember.objects.select_for_update().get(pk=network_member.pk)
        network_member.role = role
        network_member.full_clean()
        network_member.save()
    return network_member


def network_member_remove(*, network_member: NetworkMember, removed_by: User) -> None:
    if not permissions.can_manage_network(removed_by, network_member.network):
        raise PermissionDenied
    NetworkMember.objects.filter(pk=network_member.pk).delete()
