"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.csv", views.case_export, name="case_export"),
    path("cases/new/<int:commitment_id>/", views.case_file, name="case_file"),
    path("cases/organisations/<int:pk>/", views.organisation_scorecard, name="organisation_scorecard"),
    path("cases/<int:number>/", views.case_detail, name="case_detail"),
    path("cases/<int:number>/<slug:action>/", views.case_act, name="case_act"),
    path(
        "cases/<int:number>/evidence/<int:event_id>/<str:kind>/",
        views.case_evidence,
        name="case_evidence",
    ),
]
