from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from tracker.permissions import TWO_FACTOR_HOOK

from .admin_views import WithdrawView
from .models import CommitmentPage, IRMAssessment, PolicyArea, ProgressUpdate
from .permissions import ProgressUpdateAdminPolicy, can_withdraw, is_poc_anywhere, is_reviewer_anywhere


@hooks.register(TWO_FACTOR_HOOK)
def points_of_contact_need_two_factor(user) -> bool:
    """A POC edits and publishes the member's record: they must use two-factor."""
    return is_poc_anywhere(user)


@hooks.register(TWO_FACTOR_HOOK)
def forum_reviewers_need_two_factor(user) -> bool:
    """A forum reviewer's approval changes the public record: they must use two-factor too."""
    return is_reviewer_anywhere(user)


@hooks.register("before_move_page")
def only_staff_move_the_record(request, page, destination):
    """Wagtail's move confirmation asks nobody before the move itself: refuse it at the door
    for those the record's pages do not let move them (see ``page_permissions``)."""
    if not page.permissions_for_user(request.user).can_move():
        raise PermissionDenied


class WithdrawMenuItem(ActionMenuItem):
    """Staff find withdrawal where they would look for Delete on a commitment's edit page."""

    label = _("Withdraw…")
    name = "action-withdraw"
    icon_name = "warning"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, CommitmentPage)
            and can_withdraw(context["request"].user, page)
        )

    def get_url(self, context):
        return reverse("commitments_withdraw", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def withdraw_menu_item():
    return WithdrawMenuItem(order=55)


@hooks.register("register_admin_urls")
def withdrawal_url():
    return [path("commitments/<int:page_id>/withdraw/", WithdrawView.as_view(), name="commitments_withdraw")]


class PolicyAreaViewSet(SnippetViewSet):
    model = PolicyArea
    icon = "tag"
    menu_label = _("Policy areas")
    list_display = ["name", "name_es", "parent"]
    list_filter = ["parent"]
    ordering = ["name"]


class IRMAssessmentViewSet(SnippetViewSet):
    model = IRMAssessment
    icon = "doc-full"
    menu_label = _("IRM assessments")
    list_display = ["commitment", "report_type", "publication_year", "completion"]
    list_filter = ["report_type", "completion", "potential_impact", "potential_for_results"]
    # Assessments are not in the search index: search them with the database.
    search_backend_name = None
    search_fields = ["commitment__ogp_id", "commitment__title"]
    ordering = ["commitment__ogp_id", "publication_year"]


register_permission_policy(ProgressUpdate, ProgressUpdateAdminPolicy(ProgressUpdate))


class ProgressUpdateViewSet(SnippetViewSet):
    """Read-only: updates are written and reviewed on the front end, through the services."""

    model = ProgressUpdate
    icon = "history"
    menu_label = _("Progress updates")
    list_display = ["milestone", "state", "status", "percent_complete", "as_of", "author"]
    list_filter = ["state", "status"]
    search_backend_name = None
    search_fields = ["milestone__title", "milestone__commitment__ogp_id", "narrative"]
    ordering = ["-as_of", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class RecordViewSetGroup(SnippetViewSetGroup):
    items = (PolicyAreaViewSet, IRMAssessmentViewSet, ProgressUpdateViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Commitment records")
    menu_order = 210


register_snippet(RecordViewSetGroup)
