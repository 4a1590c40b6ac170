"""Mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from . import rebaseline_views, views

urlpatterns = [
    path("progress/mine/", views.my_commitments, name="my_commitments"),
    path("progress/review/", views.review_queue, name="review_queue"),
    path("progress/milestone/<int:milestone_id>/new/", views.update_create, name="update_create"),
    path("progress/update/<int:update_id>/", views.update_detail, name="update_detail"),
    path("progress/update/<int:update_id>/evidence/", views.update_evidence, name="update_evidence"),
    path("progress/update/<int:update_id>/review/", views.update_review, name="update_review"),
    path(
        "progress/milestone/<int:milestone_id>/rebaseline/",
        rebaseline_views.rebaseline_create,
        name="rebaseline_create",
    ),
    path(
        "progress/rebaseline/<int:rebaseline_id>/",
        rebaseline_views.rebaseline_detail,
        name="rebaseline_detail",
    ),
    path(
        "progress/rebaseline/<int:rebaseline_id>/review/",
        rebaseline_views.rebaseline_review,
        name="rebaseline_review",
    ),
    path("follow/<int:page_id>/", views.follow, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
