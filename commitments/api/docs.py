"""``/api/v1/schema/`` (the OpenAPI 3 document) and ``/api/v1/docs/`` (Swagger UI on it).

Swagger UI's files come from the site itself (drf-spectacular-sidecar's static files, no CDN),
and its start-up script is a separate same-origin file (drf-spectacular's "split" view), so the
page works under the site's Content-Security-Policy: no inline script, no inline style.
"""

from __future__ import annotations

from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .conditional import ConditionalMixin


class SchemaView(ConditionalMixin, SpectacularAPIView):
    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


class DocsView(SpectacularSwaggerSplitView):
    template_name = "commitments_api/swagger_ui.html"
    throttle_classes: list = []
