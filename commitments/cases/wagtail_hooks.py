"""Cases in the admin: a read-only list and inspect view for staff (filters by state, category,
member; who filed is shown there, to staff only), and the moderation action. Nobody adds,
edits or deletes a case in the admin: cases change through the front end's services."""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from tracker.navigation import NAVIGATION_HOOK, NavItem, nav_link

from ..permissions import ProgressUpdateAdminPolicy
from .admin_views import HideView, UnhideView
from .models import Case

# Staff view and inspect; no one may add, change or delete (the same policy as progress updates).
register_permission_policy(Case, ProgressUpdateAdminPolicy(Case))


class CaseViewSet(SnippetViewSet):
    model = Case
    icon = "comment"
    menu_label = _lazy("Feedback cases")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "number",
        "commitment",
        "category",
        "state",
        "filer",
        "addressed_to",
        "filed_at",
        "hidden",
    ]
    list_filter = ["state", "category", "member", "hidden"]
    search_backend_name = None
    search_fields = ["description", "commitment__ogp_id"]
    ordering = ["-filed_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(CaseViewSet)


@hooks.register("register_admin_urls")
def case_hide_url():
    return [
        path("cases/<int:pk>/hide/", HideView.as_view(), name="commitments_cases_hide"),
        path("cases/<int:pk>/unhide/", UnhideView.as_view(), name="commitments_cases_unhide"),
    ]


@hooks.register(NAVIGATION_HOOK)
def cases_in_the_menu(request) -> list[NavItem]:
    return [nav_link(request, _("Feedback cases"), "commitments:case_list", order=150)]
