"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("commitments/<str:ogp_id>/visits/", views.commitment_visits, name="commitment_visits"),
    path("commitments/<str:ogp_id>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/photo/<int:photo_id>/<str:kind>/", views.visit_photo, name="visit_photo"),
    path(
        "visits/pending/<int:pending_id>/<str:kind>/", views.visit_pending_photo, name="visit_pending_photo"
    ),
    path("consultations/new/<int:page_id>/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:consultation_id>/", views.consultation_edit, name="consultation_edit"),
]
