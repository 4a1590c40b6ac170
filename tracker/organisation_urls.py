from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/join/", views.organisation_join, name="join"),
    path("<int:pk>/members/", views.member_list, name="members"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/approve/", views.request_approve, name="approve"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="refuse"),
    path("memberships/<int:pk>/role/", views.membership_role, name="role"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="remove"),
]
