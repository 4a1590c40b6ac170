"""The URLs the OpenAPI document describes: the API's endpoints, under /api/v1/ (not Wagtail's
own admin API, nor the schema and docs pages)."""

from django.urls import include, path

from .urls import endpoints

urlpatterns = [path("api/v1/", include((endpoints, "api")))]
