"""Front-end pages for organisation membership: find, ask to join, decide, manage members.

Rights are decided in tracker.permissions and enforced again by tracker.services.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .collation import sorted_by_name
from .forms import MembershipRequestForm, OrganisationSearchForm, PreferencesForm, RoleForm
from .models import Membership, MembershipRequest, Organisation

PAGE_SIZE = 25


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _write_and_tell(request, write: Callable[[], object], success: str) -> None:
    """Run a service; tell the person it was done, or why it was refused (nothing is lost)."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)


def organisation_list(request):
    form = OrganisationSearchForm(request.GET or None)
    organisations = Organisation.objects.all()
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(identifier__icontains=query))
    # In the reader's alphabetical order (a database's collation is not the reader's): the
    # names alone are sorted here, then the page's organisations are fetched.
    ordered = sorted_by_name(organisations.values_list("pk", "name"), lambda row: row[1])
    page = Paginator([pk for pk, _name in ordered], PAGE_SIZE).get_page(request.GET.get("page"))
    by_pk = Organisation.objects.in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    memberships: dict[int, Membership] = {}
    pending: set[int] = set()
    managed_ids: set[int] = set()
    staff = permissions.is_staff(request.user)
    if request.user.is_authenticated:
        memberships = {
            m.organisation_id: m
            for m in Membership.objects.filter(user=request.user).select_related("organisation")
        }
        pending = set(
            MembershipRequest.objects.filter(
                user=request.user, status=MembershipRequest.Status.PENDING
            ).values_list("organisation_id", flat=True)
        )
        managed_ids = {
            organisation_id
            for organisation_id, membership in memberships.items()
            if staff or permissions.can_manage_members(request.user, membership.organisation)
        }
    rows = [
        {"organisation": o, "membership": memberships.get(o.pk), "pending": o.pk in pending}
        for o in page.object_list
    ]
    return render(
        request,
        "tracker/organisations/list.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "rows": rows,
            "my_memberships": sorted_by_name(memberships.values(), lambda m: m.organisation.name),
            "managed_ids": managed_ids,
            "is_staff": staff,
        },
    )


@login_required
def organisation_join(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_request_membership(request.user, organisation):
        raise PermissionDenied
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request_create(
                user=request.user, organisation=organisation, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("Your request to join %(organisation)s was sent to its administrators.")
                % {"organisation": organisation.name},
            )
            return redirect("organisations:list")
    return render(request, "tracker/organisations/join.html", {"organisation": organisation, "form": form})


@login_required
def request_list(request):
    organisations = permissions.managed_organisations(request.user)
    pending = (
        MembershipRequest.objects.filter(
            organisation__in=organisations, status=MembershipRequest.Status.PENDING
        )
        .select_related("user", "organisation")
        .order_by("created_at")
    )
    return render(
        request,
        "tracker/organisations/requests.html",
        {"pending": pending, "role_choices": Membership.Role.choices, "manages_any": organisations.exists()},
    )


@require_POST
@login_required
def request_approve(request, pk: int):
    membership_request = get_object_or_404(MembershipRequest, pk=pk)
    if not permissions.can_decide_request(request.user, membership_request):
        raise PermissionDenied
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role for the new member."))
        return redirect("organisations:requests")
    _write_and_tell(
        request,
        lambda: services.membership_request_approve(
            membership_request=membership_request, decided_by=request.user, role=form.cleaned_data["role"]
        ),
        _("%(person)s is now a member of %(organisation)s.")
        % {"person": membership_request.user.username, "organisation": membership_request.organisation},
    )
    return redirect("organisations:requests")


@require_POST
@login_required
def request_refuse(request, pk: int):
    membership_request = get_object_or_404(MembershipRequest, pk=pk)
    if not permissions.can_decide_request(request.user, membership_request):
        raise PermissionDenied
    _write_and_tell(
        request,
        lambda: services.membership_request_refuse(
            membership_request=membership_request, decided_by=request.user
        ),
        _("The request of %(person)s to join %(organisation)s was refused.")
        % {"person": membership_request.user.username, "organisation": membership_request.organisation},
    )
    return redirect("organisations:requests")


@login_required
def member_list(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied
    memberships = organisation.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "tracker/organisations/members.html",
        {"organisation": organisation, "memberships": memberships, "role_choices": Membership.Role.choices},
    )


@require_POST
@login_required
def membership_role(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    if not permissions.can_change_membership(request.user, membership):
        raise PermissionDenied
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], changed_by=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The role of %(person)s was changed.") % {"person": membership.user})
    else:
        messages.error(request, _("Choose a role."))
    return redirect("organisations:members", pk=membership.organisation_id)


@require_POST
@login_required
def membership_remove(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    if not permissions.can_change_membership(request.user, membership):
        raise PermissionDenied
    _write_and_tell(
        request,
        lambda: services.membership_remove(membership=membership, removed_by=request.user),
        _("%(person)s is no longer a member of %(organisation)s.")
        % {"person": membership.user, "organisation": membership.organisation},
    )
    return redirect("organisations:members", pk=membership.organisation_id)


@login_required
def account_preferences(request):
    form = PreferencesForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        services.user_preferences_update(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your preferences were saved."))
        return redirect("account_preferences")
    return render(request, "tracker/account/preferences.html", {"form": form})
