"""The admin's view of contracting links and data: staff read; links may be deleted there (they
are made on the front end, through the services, which record who made them)."""

from django.utils.translation import gettext_lazy as _

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from commitments.permissions import ProgressUpdateAdminPolicy

from .models import ContractingProcess, ProcessLink, ProjectLink
from .permissions import LinkAdminPolicy

for _model in (ProcessLink, ProjectLink):
    register_permission_policy(_model, LinkAdminPolicy(_model))
# Imported data is read-only in the admin (import it again to change it).
register_permission_policy(ContractingProcess, ProgressUpdateAdminPolicy(ContractingProcess))


class ProcessLinkViewSet(SnippetViewSet):
    model = ProcessLink
    icon = "link"
    menu_label = _("Linked processes")
    list_display = ["commitment", "ocid", "relation", "milestone", "created_at"]
    list_filter = ["relation"]
    search_backend_name = None
    search_fields = ["ocid", "commitment__ogp_id"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ProjectLinkViewSet(SnippetViewSet):
    model = ProjectLink
    icon = "link"
    menu_label = _("Linked projects")
    list_display = ["commitment", "project_id", "relation", "created_at"]
    search_backend_name = None
    search_fields = ["project_id", "commitment__ogp_id"]
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ContractingProcessViewSet(SnippetViewSet):
    model = ContractingProcess
    icon = "doc-full"
    menu_label = _("Contracting processes")
    list_display = ["ocid", "title", "buyer_name", "tender_status", "last_release_date"]
    search_backend_name = None
    search_fields = ["ocid", "title", "buyer_name"]
    ordering = ["ocid"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ContractingViewSetGroup(SnippetViewSetGroup):
    items = (ProcessLinkViewSet, ProjectLinkViewSet, ContractingProcessViewSet)
    menu_icon = "link"
    menu_label = _("Contracting data")
    menu_order = 220


register_snippet(ContractingViewSetGroup)
