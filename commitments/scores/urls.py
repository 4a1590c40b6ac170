"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("commitments/<str:ogp_id>/scores/", views.commitment_scores, name="commitment_scores"),
    path("scoring/", views.scoring, name="scoring"),
    path(
        "scoring/round/<int:round_id>/commitment/<int:commitment_id>/organisation/<int:organisation_id>/",
        views.score_form,
        name="score_new",
    ),
    path("scoring/score/<int:score_id>/", views.score_detail, name="score_detail"),
    path("scoring/score/<int:score_id>/edit/", views.score_form, name="score_edit"),
    path("scoring/score/<int:score_id>/sign-off/", views.score_sign_off, name="score_sign_off"),
    path("scoring/score/<int:score_id>/revise/", views.score_revise, name="score_revise"),
    path("scoring/score/<int:score_id>/reply/", views.score_reply, name="score_reply"),
    path("scoring/plan/<int:plan_id>/rounds/new/", views.round_new, name="round_new"),
    path("scoring/round/<int:round_id>/reopen/", views.round_reopen, name="round_reopen"),
    path("scoring/round/<int:round_id>/close/", views.round_close, name="round_close"),
    path("scoring/evidence/<str:kind>/<int:pk>/", views.evidence, name="score_evidence"),
]
