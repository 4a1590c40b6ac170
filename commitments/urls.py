from django.urls import path

from . import exports, progress_views, views

app_name = "commitments"
urlpatterns = [
    path("commitments/", views.explorer, name="explorer"),
    path("commitments/export.csv", exports.csv_view, name="export_csv"),
    path("commitments/export.xlsx", exports.xlsx_view, name="export_xlsx"),
    path("commitments/<str:ogp_id>/", views.permalink, name="permalink"),
    path("progress/mine/", progress_views.my_commitments, name="my_commitments"),
    path("progress/review/", progress_views.review_queue, name="review_queue"),
    path("progress/milestone/<int:milestone_id>/new/", progress_views.update_create, name="update_create"),
    path("progress/update/<int:update_id>/", progress_views.update_detail, name="update_detail"),
    path("progress/update/<int:update_id>/evidence/", progress_views.update_evidence, name="update_evidence"),
    path("progress/update/<int:update_id>/review/", progress_views.update_review, name="update_review"),
    path("follow/<int:page_id>/", progress_views.follow, name="follow"),
    path("unsubscribe/<str:token>/", progress_views.unsubscribe, name="unsubscribe"),
]
