"""The record's own admin views, beside Wagtail's page views: withdrawing a commitment."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .models import CommitmentPage
from .permissions import can_withdraw


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_lazy("Withdrawn on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_lazy("Reason for withdrawal"),
        help_text=_lazy("Shown publicly on the commitment's page, in the explorer, exports and reports."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawView(WagtailAdminTemplateMixin, FormView):
    """Staff withdraw a commitment with a reason; anyone else is refused (GET and POST)."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = WithdrawalForm
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(CommitmentPage, pk=kwargs["page_id"])
        if not can_withdraw(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Withdraw %(id)s") % {"id": self.page.ogp_id}

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_initial(self):
        return {
            "withdrawn_on": self.page.withdrawn_on or timezone.localdate(),
            "reason": self.page.withdrawal_reason,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": reverse("commitments_withdraw", args=[self.page.pk]),
                "submit_button_label": _("Withdraw"),
                "submit_button_active_label": _("Withdrawing…"),
            }
        )
        return context

    def form_valid(self, form):
        try:
            services.commitment_withdraw(
                commitment=self.page,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(id)s is withdrawn: its page, updates and the reason stay public.")
            % {"id": self.page.ogp_id},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)
