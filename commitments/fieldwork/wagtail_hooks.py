"""Staff's views of site visits (moderation: hide with a public reason; nothing is deleted) and
consultations (read-only: they are written on the front end, through the services)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from tracker.permissions import is_staff

from . import services
from .models import Consultation, SiteVisit


def has_fieldwork(page) -> bool:
    """Whether a commitment or plan at or below ``page`` has site visits or consultations."""
    return (
        SiteVisit.objects.filter(commitment__path__startswith=page.path).exists()
        or Consultation.objects.filter(
            Q(commitment__path__startswith=page.path) | Q(plan__path__startswith=page.path)
        ).exists()
    )


@hooks.register("before_delete_page")
def keep_pages_with_fieldwork(request, page):
    """What people saw on site and said in consultations stays public: a page that has any is
    not deleted (the database protects them too); a commitment is withdrawn instead."""
    if has_fieldwork(page):
        messages.error(
            request,
            _(
                "This page has site visits or consultations, so it cannot be deleted. Withdraw the commitment instead."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def keep_pages_with_fieldwork_in_bulk(request, action_type, objects, action_class_instance):
    """The same rule for the page listing's bulk delete: nothing of the batch is deleted."""
    if action_type != "delete" or not all(isinstance(obj, Page) for obj in objects):
        return None
    if any(has_fieldwork(page) for page in objects):
        messages.error(
            request,
            _(
                "This page has site visits or consultations, so it cannot be deleted. Withdraw the commitment instead."
            ),
        )
        return redirect("wagtailadmin_explore_root")
    return None


class StaffPolicy(BasePermissionPolicy):
    """Staff (with two-factor on) may do ``actions`` in the admin; nobody else, nothing else."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and is_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True).filter(Q(is_staff=True) | Q(is_superuser=True))


register_permission_policy(SiteVisit, StaffPolicy(SiteVisit, ("view", "inspect", "change")))
register_permission_policy(Consultation, StaffPolicy(Consultation, ("view", "inspect")))


class VisitModerationForm(WagtailAdminModelForm):
    """Hiding and showing again go through the service (who, when and why are recorded, each
    step kept in the visit's history; a reason is required both ways). On a hidden visit the
    reason box starts empty: write why it is shown again (untick Hidden), or a new reason for
    hiding it; left empty with Hidden ticked, the reason stays as it was."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_hidden = bool(self.instance.pk and self.instance.hidden)
        self.reason_was = self.instance.hidden_reason
        if self.was_hidden and "hidden_reason" in self.fields:
            self.initial["hidden_reason"] = ""
            self.fields["hidden_reason"].help_text = _(
                "Hidden because: “%(reason)s”. To show the visit again, untick Hidden and say why; "
                "to change the reason, write the new one."
            ) % {"reason": self.reason_was}

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("hidden_reason") or "").strip()
        if cleaned.get("hidden") and not reason:
            if self.was_hidden:
                cleaned["hidden_reason"] = self.reason_was
            else:
                self.add_error("hidden_reason", _("Say why the visit is hidden: the public sees the reason."))
        if self.was_hidden and not cleaned.get("hidden") and not reason:
            self.add_error("hidden_reason", _("Say why the visit is shown again: it stays in its history."))
        return cleaned

    def save(self, commit=True):
        # The visit as stored (the form has already copied its input onto ``instance``).
        return services.site_visit_hide(
            visit=SiteVisit.objects.get(pk=self.instance.pk),
            actor=self.for_user,
            hidden=self.cleaned_data["hidden"],
            reason=self.cleaned_data.get("hidden_reason") or "",
        )


class SiteVisitInspectView(InspectView):
    """The read-only view of a visit, with its photos (the stored copies, metadata stripped, as
    thumbnails linking to the full photo) and its moderation history."""

    def get_fields(self):
        return [*super().get_fields(), "photos", "moderation"]

    def get_field_label(self, field_name, field):
        if field_name == "photos":
            return _("Photos (stored without their metadata)")
        if field_name == "moderation":
            return _("Moderation history")
        return super().get_field_label(field_name, field)

    def get_photos_display_value(self):
        photos = list(self.object.photos.order_by("sort_order", "pk"))
        if not photos:
            return "-"
        return format_html(
            '<ul class="visit-admin-photos">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}"><img src="{}" alt="{}" width="160" loading="lazy"></a></li>',
                (
                    (
                        reverse("commitments:visit_photo", args=[photo.pk, "image"]),
                        reverse("commitments:visit_photo", args=[photo.pk, "thumbnail"]),
                        _("Photo %(number)s of the visit") % {"number": number},
                    )
                    for number, photo in enumerate(photos, start=1)
                ),
            ),
        )

    def get_moderation_display_value(self):
        steps = list(self.object.moderation.select_related("actor"))
        if not steps:
            return "-"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} · {}: {}</li>",
                (
                    (
                        date_format(step.at, "DATETIME_FORMAT"),
                        step.get_action_display(),
                        step.actor,
                        step.reason,
                    )
                    for step in steps
                ),
            ),
        )


class SiteVisitViewSet(SnippetViewSet):
    model = SiteVisit
    icon = "site"
    menu_label = _("Site visits")
    list_display = ["milestone_title", "visited_on", "observed_status", "author", "hidden"]
    list_filter = ["hidden", "observed_status"]
    search_backend_name = None
    search_fields = ["milestone_title", "commitment__ogp_id", "observations"]
    ordering = ["-visited_on", "-pk"]
    inspect_view_enabled = True
    inspect_view_class = SiteVisitInspectView
    copy_view_enabled = False
    panels = [FieldPanel("hidden"), FieldPanel("hidden_reason", widget=forms.Textarea(attrs={"rows": 3}))]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type("SiteVisitModerationForm", (VisitModerationForm, form_class), {})


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "group"
    menu_label = _("Consultations")
    list_display = ["held_on", "format", "commitment", "plan", "recorded_by"]
    list_filter = ["format"]
    search_backend_name = None
    search_fields = ["summary", "commitment__ogp_id", "plan__title"]
    ordering = ["-held_on", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class FieldworkViewSetGroup(SnippetViewSetGroup):
    items = (SiteVisitViewSet, ConsultationViewSet)
    menu_icon = "site"
    menu_label = _("Visits and consultations")
    menu_order = 220


register_snippet(FieldworkViewSetGroup)
