"""Admin panels of the record that show, and never edit, what other parts of the site decide.

A milestone's status and date met come from approved progress updates only (see
``progress.services.milestone_statuses_reapply``): the admin shows them, with the update they
came from, and its form has no field for them, so nothing posted to it can change them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class MilestoneRecordPanel(Panel):
    """A milestone's status and date met, read-only, with the approved update they came from."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Status and date met"))
        kwargs.setdefault(
            "help_text",
            _("These change only when the forum approves a progress update on this milestone."),
        )
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "commitments/admin/milestone_record_panel.html"

        def get_context_data(self, parent_context=None):
            from .models import ProgressUpdate, UpdateState

            context = super().get_context_data(parent_context)
            milestone = self.instance
            source = None
            if milestone is not None and milestone.pk:
                source = (
                    ProgressUpdate.objects.filter(milestone_id=milestone.pk, state=UpdateState.APPROVED)
                    .order_by("-decided_at", "-pk")
                    .first()
                )
            context.update(
                {
                    "milestone": milestone,
                    "is_new": milestone is None or not milestone.pk,
                    "source": source,
                    "source_url": reverse("commitments:update_detail", args=[source.pk]) if source else "",
                }
            )
            return context


class WithdrawalPanel(Panel):
    """Whether the commitment is withdrawn, and why; staff get the way to withdraw it.

    A commitment with progress updates cannot be deleted by anyone: this panel says so and
    offers withdrawal, which keeps the page, its URL and its updates public."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Withdrawal"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "commitments/admin/withdrawal_panel.html"

        def get_context_data(self, parent_context=None):
            from tracker.permissions import is_staff

            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(
                {
                    "page": page,
                    "can_withdraw": bool(page and page.pk) and is_staff(self.request.user),
                    "withdraw_url": reverse("commitments_withdraw", args=[page.pk])
                    if page and page.pk
                    else "",
                }
            )
            return context
