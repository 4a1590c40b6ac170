"""Front-end pages for networks: ask to join, and administrators' management of people and
members. Rights are decided in peers.permissions and enforced again by peers.services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .forms import JoinRequestForm, MemberAddForm, MemberRoleForm, PersonRoleForm
from .models import NetworkJoinRequest, NetworkMember, NetworkPage, NetworkPerson, NetworkRole
from .selectors import members_by_role


def _write_and_tell(request, write: Callable[[], object], success: str) -> bool:
    """Run a service; tell the person it was done, or why it was refused (nothing is lost)."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _network(pk: int) -> NetworkPage:
    return get_object_or_404(NetworkPage.objects.live(), pk=pk)


def _managed(user, network: NetworkPage) -> NetworkPage:
    if not permissions.can_manage_network(user, network):
        raise PermissionDenied
    return network


@login_required
def join(request, pk: int):
    network = _network(pk)
    organisations = permissions.joinable_organisations(request.user, network)
    if not organisations.exists():
        raise PermissionDenied
    form = JoinRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_join_request_create(
                user=request.user,
                network=network,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your request to join %(network)s was sent to its administrators.")
                % {"network": network.title},
            )
            return redirect(network.url)
    return render(request, "peers/join.html", {"network": network, "form": form})


@login_required
def manage(request, pk: int):
    network = _managed(request.user, _network(pk))
    pending = (
        NetworkJoinRequest.objects.filter(network=network, status=NetworkJoinRequest.Status.PENDING)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    people = (
        NetworkPerson.objects.filter(network=network)
        .select_related("user", "organisation")
        .order_by("user__username")
    )
    return render(
        request,
        "peers/manage.html",
        {
            "network": network,
            "pending": pending,
            "people": people,
            "members_by_role": members_by_role(network),
            "role_choices": NetworkRole.choices,
            "member_role_choices": NetworkMember.Role.choices,
            "add_form": MemberAddForm(),
        },
    )


@require_POST
@login_required
def request_approve(request, pk: int):
    join_request = get_object_or_404(NetworkJoinRequest.objects.select_related("network", "user"), pk=pk)
    _managed(request.user, join_request.network)
    form = PersonRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role for the new member."))
    else:
        _write_and_tell(
            request,
            lambda: services.network_join_request_approve(
                join_request=join_request, decided_by=request.user, role=form.cleaned_data["role"]
            ),
            _("%(person)s is now in %(network)s.")
            % {"person": join_request.user.username, "network": join_request.network.title},
        )
    return redirect("peers:manage", pk=join_request.network_id)


@require_POST
@login_required
def request_refuse(request, pk: int):
    join_request = get_object_or_404(NetworkJoinRequest.objects.select_related("network", "user"), pk=pk)
    _managed(request.user, join_request.network)
    _write_and_tell(
        request,
        lambda: services.network_join_request_refuse(join_request=join_request, decided_by=request.user),
        _("The request of %(person)s to join %(network)s was refused.")
        % {"person": join_request.user.username, "network": join_request.network.title},
    )
    return redirect("peers:manage", pk=join_request.network_id)


@require_POST
@login_required
def person_role(request, pk: int):
    person = get_object_or_404(NetworkPerson.objects.select_related("network", "user"), pk=pk)
    _managed(request.user, person.network)
    form = PersonRoleForm(request.POST)
    if form.is_valid():
        _write_and_tell(
            request,
            lambda: services.network_person_change_role(
                person=person, role=form.cleaned_data["role"], changed_by=request.user
            ),
            _("The role of %(person)s was changed.") % {"person": person.user.username},
        )
    else:
        messages.error(request, _("Choose a role."))
    return redirect("peers:manage", pk=person.network_id)


@require_POST
@login_required
def person_remove(request, pk: int):
    person = get_object_or_404(NetworkPerson.objects.select_related("network", "user"), pk=pk)
    _managed(request.user, person.network)
    _write_and_tell(
        request,
        lambda: services.network_person_remove(person=person, removed_by=request.user),
        _("%(person)s is no longer in %(network)s.")
        % {"person": person.user.username, "network": person.network.title},
    )
    return redirect("peers:manage", pk=person.network_id)


@require_POST
@login_required
def member_add(request, pk: int):
    network = _managed(request.user, _network(pk))
    form = MemberAddForm(request.POST)
    if form.is_valid():
        _write_and_tell(
            request,
            lambda: services.network_member_add(
                network=network,
                role=form.cleaned_data["role"],
                added_by=request.user,
                ogp_member=form.cleaned_data["ogp_member"],
                organisation=form.cleaned_data["organisation"],
            ),
            _("The network's members were updated."),
        )
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect("peers:manage", pk=network.pk)


@require_POST
@login_required
def member_role(request, pk: int):
    member = get_object_or_404(NetworkMember.objects.select_related("network"), pk=pk)
    _managed(request.user, member.network)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        _write_and_tell(
            request,
            lambda: services.network_member_change_role(
                network_member=member, role=form.cleaned_data["role"], changed_by=request.user
            ),
            _("The network's members were updated."),
        )
    else:
        messages.error(request, _("Choose a role."))
    return redirect("peers:manage", pk=member.network_id)


@require_POST
@login_required
def member_remove(request, pk: int):
    member = get_object_or_404(NetworkMember.objects.select_related("network"), pk=pk)
    _managed(request.user, member.network)
    _write_and_tell(
        request,
        lambda: services.network_member_remove(network_member=member, removed_by=request.user),
        _("The network's members were updated."),
    )
    return redirect("peers:manage", pk=member.network_id)
