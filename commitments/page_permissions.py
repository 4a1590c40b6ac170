"""Who may unpublish, delete or move the record's pages in Wagtail's admin.

Wagtail asks a page's ``permissions_for_user`` everywhere: the action menu, the listing's and
the header's buttons, the delete, unpublish and move views, the bulk actions and the privacy
setting. The record's pages (members, action plans, commitments) answer with this tester, so
one rule holds at every door:

- only staff (``tracker.permissions.is_staff``: with two-factor on) may unpublish, delete, move
  them or restrict who sees them; a point of contact edits and publishes, nothing more;
- nobody may delete a page whose subtree holds a milestone with progress updates: reported
  history stays public (the database protects it too). Such a commitment is withdrawn instead
  (``services.commitment_withdraw``).
"""

from __future__ import annotations

from django.utils.functional import cached_property

from wagtail.models import PagePermissionTester

from tracker.permissions import is_staff


def has_progress_updates(page) -> bool:
    """Whether any milestone of a commitment at or below ``page`` has progress updates."""
    from .models import ProgressUpdate

    return ProgressUpdate.objects.filter(milestone__commitment__path__startswith=page.path).exists()


class RecordPagePermissionTester(PagePermissionTester):
    @cached_property
    def is_staff(self) -> bool:
        return is_staff(self.user)

    def can_delete(self, ignore_bulk=False):
        if not self.is_staff or not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return not has_progress_updates(self.page)

    def can_unpublish(self):
        return self.is_staff and super().can_unpublish()

    def can_move(self):
        # Wagtail derives moving from deleting; moving keeps the history, so only staff count.
        return self.is_staff and super().can_delete(ignore_bulk=True)

    def can_set_view_restrictions(self):
        # A private page is as gone for the public as an unpublished one.
        return self.is_staff and super().can_set_view_restrictions()


class RecordPagePermissions:
    """Mixed into the record's page models: Wagtail then asks the tester above."""

    def permissions_for_user(self, user):
        return RecordPagePermissionTester(user, self)
