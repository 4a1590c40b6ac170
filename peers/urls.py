"""The peers' own actions (pages themselves are Wagtail's): under /<lang>/peer-networks/."""

from django.urls import path

from . import views

app_name = "peers"
urlpatterns = [
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("requests/<int:pk>/approve/", views.request_approve, name="approve"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="refuse"),
    path("people/<int:pk>/role/", views.person_role, name="person_role"),
    path("people/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
