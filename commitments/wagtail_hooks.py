from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from tracker.permissions import TWO_FACTOR_HOOK

from .models import IRMAssessment, PolicyArea, ProgressUpdate, Rebaseline
from .permissions import ProgressUpdateAdminPolicy, is_poc_anywhere


@hooks.register(TWO_FACTOR_HOOK)
def points_of_contact_need_two_factor(user) -> bool:
    """A POC edits and publishes the member's record: they must use two-factor."""
    return is_poc_anywhere(user)


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


# Re-baselinings are read the same way: written and reviewed on the front end only.
register_permission_policy(Rebaseline, ProgressUpdateAdminPolicy(Rebaseline))


class RebaselineViewSet(SnippetViewSet):
    model = Rebaseline
    icon = "date"
    menu_label = _("Re-baselinings")
    list_display = ["milestone", "state", "previous_end_date", "new_end_date", "author", "decided_at"]
    list_filter = ["state"]
    search_backend_name = None
    search_fields = ["milestone__title", "milestone__commitment__ogp_id", "reason"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class RecordViewSetGroup(SnippetViewSetGroup):
    items = (PolicyAreaViewSet, IRMAssessmentViewSet, ProgressUpdateViewSet, RebaselineViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Commitment records")
    menu_order = 210


register_snippet(RecordViewSetGroup)
