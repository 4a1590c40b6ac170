"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("contracting/commitment/<int:commitment_id>/link/", views.link_create, name="contracting_link"),
    path(
        "contracting/link/<str:kind>/<int:link_id>/delete/",
        views.link_delete,
        name="contracting_unlink",
    ),
]
