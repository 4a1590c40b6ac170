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


ERROR = {
    "type": "object",
    "description": "What was wrong: ``detail``, or one list of messages per parameter.",
    "additionalProperties": True,
}


def document_errors(result, generator, request, public):
    """drf-spectacular's post-processing hook: the answers every operation may give besides 200 —
    404 for an unknown item (or cursor), 400 for parameters it did not understand, 429 when throttled."""
    content = {"application/json": {"schema": ERROR}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "429", {"description": "Too many requests: try again later.", "content": content}
            )
            responses.setdefault(
                "400", {"description": "A parameter was not understood.", "content": content}
            )
            responses.setdefault(
                "404",
                {"description": "No such public record, or a cursor that is not one.", "content": content},
            )
    return result
