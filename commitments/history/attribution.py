"""Who a change is attributed to: the person behind the request, or the import, as the
public may see them — a role and an organisation, never a name or an email.

A request (``ChangeLogMiddleware``) or a command (``recording(role=ActorRole.IMPORT)``) sets
who is acting; each log entry then records that person's role for the commitment it belongs
to (staff, point of contact or forum of its member) and their organisation, as they were at
the time. Nothing set (a shell, a scheduled job): "the site, automatically".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from wagtail.models import Page

from tracker.models import Membership

from ..models import MemberPage
from ..permissions import FORUM_GROUP_SUFFIX, POC_GROUP_SUFFIX
from .models import ActorRole


@dataclass
class _Acting:
    actor: Callable[[], object]
    role: str | None = None
    cache: dict = field(default_factory=dict)

    def user(self):
        user = self.actor()
        return user if user is not None and getattr(user, "is_authenticated", False) else None


_acting: ContextVar[_Acting | None] = ContextVar("change_log_acting", default=None)


@contextlib.contextmanager
def recording(*, actor=None, role: str | None = None) -> Iterator[None]:
    """Attribute the changes made inside to ``actor`` (a user), or to ``role`` (e.g.
    ``ActorRole.IMPORT``) when no person acts."""
    token = _acting.set(_Acting(actor=lambda: actor, role=role))
    try:
        yield
    finally:
        _acting.reset(token)


class ChangeLogMiddleware:
    """Changes made while serving a request are the signed-in person's (resolved only when
    something is logged, so reading pages costs nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _acting.set(_Acting(actor=lambda: getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)


def _member_of_commitment(commitment_id: int) -> MemberPage | None:
    path = Page.objects.filter(pk=commitment_id).values_list("path", flat=True).first()
    if not path:
        return None
    prefixes = [path[: Page.steplen * depth] for depth in range(1, len(path) // Page.steplen + 1)]
    return MemberPage.objects.filter(path__in=prefixes).first()


def attribution_for(commitment_id: int | None) -> dict:
    """The actor columns of a log entry about ``commitment_id`` (None: not about one)."""
    acting = _acting.get()
    if acting is None:
        return {"actor_role": ActorRole.SYSTEM}
    if acting.role:
        return {"actor_role": acting.role}
    user = acting.user()
    if user is None:
        return {"actor_role": ActorRole.SYSTEM}
    key = ("for", commitment_id)
    if key not in acting.cache:
        acting.cache[key] = _describe(acting, user, commitment_id)
    return dict(acting.cache[key])


def _describe(acting: _Acting, user, commitment_id: int | None) -> dict:
    if "person" not in acting.cache:
        membership = (
            Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
        ).first()
        acting.cache["person"] = (
            set(user.groups.values_list("name", flat=True)),
            membership.organisation_id if membership else None,
        )
    groups, organisation_id = acting.cache["person"]
    described = {"actor_id": user.pk, "actor_organisation_id": organisation_id}
    if user.is_staff or user.is_superuser:
        return {**described, "actor_role": ActorRole.STAFF}
    member = _member_of_commitment(commitment_id) if commitment_id else None
    if member is None:
        # Not about one commitment (an organisation's sector): a POC of one member is named so.
        codes = [name.removesuffix(POC_GROUP_SUFFIX) for name in groups if name.endswith(POC_GROUP_SUFFIX)]
        if len(codes) == 1:
            member = MemberPage.objects.filter(code=codes[0]).first()
            return {**described, "actor_role": ActorRole.POC, "actor_member": member}
        return {**described, "actor_role": ActorRole.PERSON}
    if f"{member.code}{POC_GROUP_SUFFIX}" in groups:
        return {**described, "actor_role": ActorRole.POC, "actor_member": member}
    if f"{member.code}{FORUM_GROUP_SUFFIX}" in groups:
        return {**described, "actor_role": ActorRole.FORUM, "actor_member": member}
    return {**described, "actor_role": ActorRole.PERSON}


def importing() -> contextlib.AbstractContextManager[None]:
    """Attribute the changes made inside to OGP's import."""
    return recording(role=ActorRole.IMPORT)
