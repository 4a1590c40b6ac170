"""Every URL of the commitments app, in one ``commitments`` namespace (names as before): the
record's own, then the explorer's, the progress loop's, the change log's and contracting's, which each package declares."""

from django.urls import include, path

from . import views

app_name = "commitments"
urlpatterns = [
    # The explorer's "commitments/" and exports come before the permalink's "commitments/<id>/".
    path("", include("commitments.explorer.urls")),
    path("commitments/<str:ogp_id>/", views.permalink, name="permalink"),
    path("", include("commitments.progress.urls")),
    path("", include("commitments.history.urls")),
    path("", include("commitments.api.page_urls")),
    path("", include("commitments.contracting.urls")),
    path("", include("commitments.scores.urls")),
    path("", include("commitments.cases.urls")),
    path("", include("commitments.fieldwork.urls")),
]
