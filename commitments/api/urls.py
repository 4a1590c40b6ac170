"""``/api/v1/``: mounted once by tracker.urls, in the ``api`` namespace."""

from rest_framework.routers import DefaultRouter

from django.urls import path, re_path

from . import cases, contracting, extensions, fieldwork, scores, views
from .docs import DocsView, SchemaView
from .open_data import download

router = DefaultRouter()
router.APIRootView = views.RootView
router.register("members", views.MemberViewSet, basename="member")
router.register("plans", views.ActionPlanViewSet, basename="plan")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("updates", views.ProgressUpdateViewSet, basename="update")
router.register("assessments", views.IRMAssessmentViewSet, basename="assessment")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("processes", contracting.ProcessViewSet, basename="process")
router.register("links", contracting.ProcessLinkViewSet, basename="link")
router.register("projects", contracting.ProjectViewSet, basename="project")
router.register("budgets", contracting.BudgetLineViewSet, basename="budget")
router.register("owners", contracting.OwnerViewSet, basename="owner")
router.register("rounds", scores.RoundViewSet, basename="round")
router.register("scores", scores.ScoreViewSet, basename="score")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("visits", fieldwork.VisitViewSet, basename="visit")
router.register("consultations", fieldwork.ConsultationViewSet, basename="consultation")
# Other apps' endpoints (peers' practices and events), given from their AppConfig.ready().
for prefix, viewset, basename in extensions.endpoints():
    router.register(prefix, viewset, basename=basename)

# What the OpenAPI document describes (SPECTACULAR_SETTINGS["SERVE_URLCONF"]: schema_urls).
endpoints = router.urls

app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("download/open-commitments.jsonl.gz", download, name="download"),
    *router.urls,
    # Anything else under /api/v1/: a JSON 404, not the site's HTML page.
    re_path(r"^.*$", views.not_found),
]
