"""A "not found" from the API stays a 404 (JSON), instead of Django's LocaleMiddleware redirecting
it to ``/en/api/...`` (which Wagtail's catch-all page route would answer with a page).

LocaleMiddleware redirects a 404 whose path has no language prefix when the request's URLconf
uses ``i18n_patterns``. It reads the URLconf from ``request.urlconf``: for a 404 under /api/, this
middleware (after LocaleMiddleware in MIDDLEWARE, so it sees the response first) points that to
the API's own URLconf, which has no language prefixes. Nothing else reads it after the view.
"""

from __future__ import annotations

API_PREFIX = "/api/"


class ApiNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.path_info.startswith(API_PREFIX):
            request.urlconf = "commitments.api.schema_urls"
        return response
