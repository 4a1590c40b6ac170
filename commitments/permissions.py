"""Who may do what with the commitment record: the one permission policy.

Views, the admin and services all ask these functions; nothing else decides. Rights come from
groups that belong to a member (see ``member_groups_ensure``), never from flags on users:

- "<CODE> POCs" — the member's points of contact: edit and publish its action plans,
  commitments and milestones in the Wagtail admin (page permissions on the member's subtree)
  and post progress updates on its milestones. They must have two-factor turned on to act.
- "<CODE> forum" — its multistakeholder forum: review (approve or return) updates.
- staff (``tracker.permissions.is_staff``: with two-factor on) may do all; anyone signed in
  may follow.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.base import BasePermissionPolicy

from tracker.models import ancestor_paths
from tracker.permissions import group_names, has_two_factor, is_staff, signed_in

from .models import CommitmentPage, MemberPage, ProgressUpdate, Rebaseline, UpdateState

POC_PERMISSIONS = ("add_page", "change_page", "publish_page")


# A member's groups are named "<CODE> POCs" and "<CODE> forum".
POC_GROUP_SUFFIX = " POCs"
FORUM_GROUP_SUFFIX = " forum"


def poc_group_name(member: MemberPage) -> str:
    return f"{member.code}{POC_GROUP_SUFFIX}"


def forum_group_name(member: MemberPage) -> str:
    return f"{member.code}{FORUM_GROUP_SUFFIX}"


@transaction.atomic
def member_groups_ensure(member: MemberPage) -> tuple[Group, Group]:
    """Create (or repair) a member's POC and forum groups with exactly their rights."""
    pocs, _ = Group.objects.get_or_create(name=poc_group_name(member))
    forum, _ = Group.objects.get_or_create(name=forum_group_name(member))
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    pocs.permissions.add(access_admin)
    for codename in POC_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=pocs, page=member, permission=permission)
    return pocs, forum


def member_of(page: Page) -> MemberPage | None:
    """The member a page of the tree belongs to (itself for a member page): no query for a page
    routed with its ancestors (``tracker.routing``)."""
    if isinstance(page, MemberPage):
        return page
    routed = getattr(page, "routed_ancestors", None)
    if routed is not None:
        return next((ancestor for ancestor in routed if isinstance(ancestor, MemberPage)), None)
    return MemberPage.objects.filter(path__in=ancestor_paths(page)).first()


def _in_group(user, name: str) -> bool:
    return name in group_names(user)


def is_poc(user, member: MemberPage | None) -> bool:
    return member is not None and signed_in(user) and _in_group(user, poc_group_name(member))


def is_poc_anywhere(user) -> bool:
    """A point of contact of any member (they must use two-factor: see ``wagtail_hooks``)."""
    return signed_in(user) and any(name.endswith(POC_GROUP_SUFFIX) for name in group_names(user))


def is_reviewer_anywhere(user) -> bool:
    """A forum reviewer of any member (they must use two-factor: see ``wagtail_hooks``)."""
    return signed_in(user) and any(name.endswith(FORUM_GROUP_SUFFIX) for name in group_names(user))


def is_reviewer(user, member: MemberPage | None) -> bool:
    return member is not None and signed_in(user) and _in_group(user, forum_group_name(member))


def can_post_update(user, commitment: CommitmentPage, member: MemberPage | None = None) -> bool:
    """POCs of the commitment's member (with two-factor on) and staff."""
    if not signed_in(user) or not has_two_factor(user):
        return False
    return is_staff(user) or is_poc(user, member or member_of(commitment))


def can_propose_rebaseline(user, commitment: CommitmentPage, member: MemberPage | None = None) -> bool:
    """Those who may post updates, once implementation has started (before, the milestone is
    edited freely in the admin)."""
    return can_post_update(user, commitment, member) and commitment.implementation_started()


# A re-baselining (``models.Rebaseline``) has the states, author and milestone of an update and
# goes through the same review: the three rules below decide for both.


def can_edit_update(user, update: ProgressUpdate | Rebaseline) -> bool:
    """A draft or a returned update (or re-baselining) may be changed by whoever may post on
    its commitment."""
    if update.state not in (UpdateState.DRAFT, UpdateState.RETURNED):
        return False
    return can_post_update(user, update.milestone.commitment)


def can_review_update(user, update: ProgressUpdate | Rebaseline, member: MemberPage | None = None) -> bool:
    """The member's forum reviewers and staff, with two-factor on, on a waiting update (or
    re-baselining) they did not write."""
    if not update.is_waiting or not signed_in(user) or user.pk == update.author_id:
        return False
    if not has_two_factor(user):  # their approval changes the public record
        return False
    if is_staff(user):
        return True
    return is_reviewer(user, member or member_of(update.milestone.commitment))


def can_view_update(user, update: ProgressUpdate | Rebaseline) -> bool:
    """An approved update is public; before that, only its author, those who may post on its
    commitment (its POCs, staff with two-factor) and, once submitted, its member's forum
    reviewers see it and its evidence."""
    if update.state == UpdateState.APPROVED:
        return True
    if not signed_in(user):
        return False
    member = member_of(update.milestone.commitment)
    return (
        user.pk == update.author_id
        or can_post_update(user, update.milestone.commitment, member)
        or (is_reviewer(user, member) and update.state != UpdateState.DRAFT)
    )


def can_follow(user) -> bool:
    return signed_in(user)


def reviewable_members(user) -> list[MemberPage]:
    """The members whose updates ``user`` reviews (all for staff)."""
    if is_staff(user):
        return list(MemberPage.objects.all())
    if not signed_in(user):
        return []
    names = user.groups.filter(name__endswith=FORUM_GROUP_SUFFIX).values_list("name", flat=True)
    return list(MemberPage.objects.filter(code__in=[n.removesuffix(FORUM_GROUP_SUFFIX) for n in names]))


def poc_members(user) -> list[MemberPage]:
    """The members ``user`` is a point of contact for (all for staff)."""
    if not signed_in(user):
        return []
    if is_staff(user):
        return list(MemberPage.objects.all())
    names = list(user.groups.filter(name__endswith=POC_GROUP_SUFFIX).values_list("name", flat=True))
    return list(MemberPage.objects.filter(code__in=[n.removesuffix(POC_GROUP_SUFFIX) for n in names]))


def navigation(user) -> dict[str, bool]:
    """Which of the progress loop's pages to offer ``user`` in the site's menu: only those that
    would let them in (one query for the groups, none for visitors)."""
    if not signed_in(user):
        return {"my_commitments": False, "reviews": False}
    names = group_names(user)
    staff = is_staff(user)
    return {
        "my_commitments": staff or any(n.endswith(POC_GROUP_SUFFIX) for n in names),
        "reviews": staff or any(n.endswith(FORUM_GROUP_SUFFIX) for n in names),
    }


class ProgressUpdateAdminPolicy(BasePermissionPolicy):
    """The admin's view of progress updates: staff read them; nobody adds, changes or deletes
    them there (updates are written by the front end through the services, and an approved
    update is final)."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and is_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not {"view", "inspect"} & set(actions):
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(Q(is_staff=True) | Q(is_superuser=True))


def can_withdraw(user, commitment: CommitmentPage) -> bool:
    """Withdrawing a commitment changes the public record: staff only."""
    return is_staff(user)
