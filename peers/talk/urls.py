"""The peers' talk, under each network's address (``/<lang>/peers/<network>/questions/`` …),
in the ``peers_talk`` namespace. Included once in ``tracker.urls``, before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "peers_talk"
urlpatterns = [
    path("peers/<slug:network>/questions/", views.question_list, name="question_list"),
    path("peers/<slug:network>/questions/ask/", views.question_ask, name="question_ask"),
    path("peers/<slug:network>/questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("peers/<slug:network>/questions/<int:pk>/answer/", views.answer_post, name="answer_post"),
    path("peers/<slug:network>/questions/<int:pk>/accept/", views.answer_accept, name="answer_accept"),
    path("peers/<slug:network>/questions/<int:pk>/flag/", views.flag, name="flag"),
    path("peers/<slug:network>/questions/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("peers/<slug:network>/questions/<int:pk>/follow/", views.question_follow, name="question_follow"),
    path("peers/questions/unsubscribe/<str:token>/", views.question_unsubscribe, name="question_unsubscribe"),
    path("peers/<slug:network>/exchanges/", views.exchange_list, name="exchange_list"),
    path("peers/<slug:network>/exchanges/new/", views.exchange_request, name="exchange_request"),
    path("peers/<slug:network>/exchanges/<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path(
        "peers/<slug:network>/exchanges/<int:pk>/<slug:action>/",
        views.exchange_action,
        name="exchange_action",
    ),
    path("peers/<slug:network>/events/", views.event_list, name="event_list"),
    path("peers/events/<int:page_id>/register/", views.event_register, name="event_register"),
    path("peers/events/<int:page_id>/cancel/", views.event_cancel, name="event_cancel"),
]
