"""Scores in the Wagtail admin: rounds (staff list and change them through the services; rounds
are opened on the front end), and scores and replies read-only, with "Hide" for staff. Nobody
adds, edits or deletes a score or a reply there."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from tracker.permissions import is_staff

from . import services
from .admin_views import HideView, ReplyHideView
from .models import Score, ScoreReply, ScoringRound


class StaffPolicy(BasePermissionPolicy):
    """Staff may do the ``actions``; nobody else anything."""

    def __init__(self, model, actions: tuple[str, ...]):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        return action in self.actions and is_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not set(self.actions) & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True).filter(Q(is_staff=True) | Q(is_superuser=True))


register_permission_policy(ScoringRound, StaffPolicy(ScoringRound, ("view", "inspect", "change")))
register_permission_policy(Score, StaffPolicy(Score, ("view", "inspect")))
register_permission_policy(ScoreReply, StaffPolicy(ScoreReply, ("view", "inspect")))


class RoundEditView(EditView):
    """The change goes through ``services.round_update`` (its checks, its fields only)."""

    def save_instance(self):
        values = {
            name: self.form.cleaned_data[name]
            for name in services.ROUND_EDITABLE
            if name in self.form.cleaned_data
        }
        return services.round_update(actor=self.request.user, round=self.object, values=values)


class ScoringRoundViewSet(SnippetViewSet):
    model = ScoringRound
    icon = "date"
    menu_label = _("Scoring rounds")
    list_display = ["name", "action_plan", "opens_on", "closes_on", "closed_at"]
    search_backend_name = None
    search_fields = ["name", "action_plan__title"]
    ordering = ["-opens_on", "-pk"]
    panels = [FieldPanel(name) for name in services.ROUND_EDITABLE]
    edit_view_class = RoundEditView
    inspect_view_enabled = True
    copy_view_enabled = False


class ScoreViewSet(SnippetViewSet):
    """Read-only; staff hide a score with a public reason (the list's "Hide")."""

    model = Score
    icon = "tasks"
    menu_label = _("Civil-society scores")
    list_display = ["commitment", "organisation", "round", "state", "is_public", "hidden"]
    list_filter = ["state", "hidden"]
    search_backend_name = None
    search_fields = ["commitment__ogp_id", "organisation__name"]
    ordering = ["-updated_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ScoreReplyViewSet(SnippetViewSet):
    model = ScoreReply
    icon = "comment"
    menu_label = _("Replies to scores")
    list_display = ["score", "author", "created_at", "hidden"]
    list_filter = ["hidden"]
    search_backend_name = None
    search_fields = ["text", "score__commitment__ogp_id"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ScoresViewSetGroup(SnippetViewSetGroup):
    items = (ScoringRoundViewSet, ScoreViewSet, ScoreReplyViewSet)
    menu_icon = "tasks"
    menu_label = _("Civil-society scores")
    menu_order = 220


register_snippet(ScoresViewSetGroup)


@hooks.register("register_admin_urls")
def hide_urls():
    return [
        path("scores/score/<int:pk>/hide/", HideView.as_view(), name="scores_score_hide"),
        path("scores/reply/<int:pk>/hide/", ReplyHideView.as_view(), name="scores_reply_hide"),
    ]


@hooks.register("register_snippet_listing_buttons")
def hide_button(snippet, user, next_url=None):
    if isinstance(snippet, Score | ScoreReply) and not snippet.hidden and is_staff(user):
        name = "scores_score_hide" if isinstance(snippet, Score) else "scores_reply_hide"
        yield Button(_("Hide"), reverse(name, args=[snippet.pk]), icon_name="view", priority=30)
