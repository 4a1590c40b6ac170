"""``/<lang>/open-data/``: mounted in the ``commitments`` namespace by ``commitments.urls``."""

from django.urls import path

from .open_data import open_data

urlpatterns = [path("open-data/", open_data, name="open_data")]
