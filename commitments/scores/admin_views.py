"""The admin's moderation of scores and replies: staff hide one with a public reason, through
the services. Nothing is deleted or edited there."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import permissions, services
from .models import Score, ScoreReply


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Public reason for hiding"),
        help_text=_lazy("Shown in the hidden item's place on the public page."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HideView(WagtailAdminTemplateMixin, FormView):
    """Staff hide a score or a reply; anyone else is refused (GET and POST)."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = HideForm
    header_icon = "warning"
    model = Score

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(self.model, pk=kwargs["pk"])
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Hide")

    def get_page_subtitle(self):
        return str(self.item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": _("Hide"),
                "submit_button_active_label": _("Hiding…"),
            }
        )
        return context

    def hide(self, reason: str) -> None:
        services.score_hide(actor=self.request.user, score=self.item, reason=reason)

    def form_valid(self, form):
        try:
            self.hide(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("hidden_reason", error.messages))
            return self.form_invalid(form)
        messages.success(self.request, _("Hidden: the public page shows the reason in its place."))
        return redirect(f"wagtailsnippets_commitments_scores_{self.model._meta.model_name}:list")


class ReplyHideView(HideView):
    model = ScoreReply

    def hide(self, reason: str) -> None:
        services.reply_hide(actor=self.request.user, reply=self.item, reason=reason)
