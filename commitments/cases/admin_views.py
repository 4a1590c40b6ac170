"""The admin's moderation actions: staff hide a case's text with a public reason, and show it
again with another (nothing is deleted; both stay in the case's history). The case itself is
read-only in the admin (``wagtail_hooks``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import permissions, services
from .forms import HideForm, UnhideForm
from .models import Case


class HideView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = HideForm
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.case = get_object_or_404(Case, pk=kwargs["pk"])
        if not permissions.can_moderate(request.user) or self.case.hidden:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Hide case #%(number)s") % {"number": self.case.number}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": reverse("commitments_cases_hide", args=[self.case.pk]),
                "submit_button_label": _("Hide"),
                "submit_button_active_label": _("Hiding…"),
            }
        )
        return context

    def form_valid(self, form):
        try:
            services.case_hide(case=self.case, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The case's text is hidden, with your reason."))
        return redirect("wagtailsnippets_commitments_cases_case:inspect", self.case.pk)


class UnhideView(HideView):
    form_class = UnhideForm
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        self.case = get_object_or_404(Case, pk=kwargs["pk"])
        if not permissions.can_unhide(request.user, self.case):
            raise PermissionDenied
        return super(HideView, self).dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Show case #%(number)s again") % {"number": self.case.number}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": reverse("commitments_cases_unhide", args=[self.case.pk]),
                "submit_button_label": _("Show again"),
                "submit_button_active_label": _("Showing…"),
            }
        )
        return context

    def form_valid(self, form):
        try:
            services.case_unhide(case=self.case, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The case's text is public again, with your reason."))
        return redirect("wagtailsnippets_commitments_cases_case:inspect", self.case.pk)
