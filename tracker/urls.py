from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from tracker.health import healthz, readyz
from tracker.security import csp_report
from tracker.views import account_preferences

# Error pages in the site's layout and the visitor's language (tracker.errors); allauth answers
# its rate limits with handler429.
handler400 = "tracker.errors.bad_request"
handler403 = "tracker.errors.permission_denied"
handler404 = "tracker.errors.page_not_found"
handler429 = "tracker.errors.too_many_requests"
handler500 = "tracker.errors.server_error"

urlpatterns = [
    # One way in: Wagtail's own login form would skip allauth's rate limits and two-factor
    # login, so its URL hands over to allauth's, keeping where the editor was going.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("csp-report/", csp_report, name="csp_report"),
    # For load balancers: outside the language prefix (tracker.health).
    # Every live, public page of the tree (members, plans, commitments, networks, practices,
    # events); members-only talk is not made of pages and never appears.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # The open API (commitments.api): one address in every language.
    path("api/v1/", include("commitments.api.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("peers.talk.feed_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/preferences/", account_preferences, name="account_preferences"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("tracker.organisation_urls")),
    path("", include("commitments.urls")),
    path("", include("reports.urls")),
    path("peer-networks/", include("peers.urls")),
    path("", include("peers.talk.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
