"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("commitments/<str:ogp_id>/changes/", views.change_log, name="change_log"),
]
