from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import IRMAssessment, PolicyArea


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


class RecordViewSetGroup(SnippetViewSetGroup):
    items = (PolicyAreaViewSet, IRMAssessmentViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Commitment records")
    menu_order = 210


register_snippet(RecordViewSetGroup)
