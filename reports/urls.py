from django.urls import path

from . import spreadsheet_views, views

app_name = "reports"
urlpatterns = [
    path("reports/", views.request_report, name="request"),
    path("reports/<uuid:report_id>/", views.report_status, name="status"),
    path("reports/<uuid:report_id>/download/", views.download, name="download"),
    path("reports/spreadsheet/", spreadsheet_views.spreadsheet_request, name="spreadsheet"),
    path(
        "reports/spreadsheet/<uuid:export_id>/",
        spreadsheet_views.spreadsheet_status,
        name="spreadsheet_status",
    ),
    path(
        "reports/spreadsheet/<uuid:export_id>/download/",
        spreadsheet_views.spreadsheet_download,
        name="spreadsheet_download",
    ),
]
