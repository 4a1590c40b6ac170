from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.request_report, name="request"),
    path("reports/<uuid:report_id>/", views.report_status, name="status"),
    path("reports/<uuid:report_id>/download/", views.download, name="download"),
]
