"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import exports, views

urlpatterns = [
    path("commitments/", views.explorer, name="explorer"),
    path("commitments/export.csv", exports.csv_view, name="export_csv"),
    path("commitments/export.xlsx", exports.xlsx_view, name="export_xlsx"),
]
