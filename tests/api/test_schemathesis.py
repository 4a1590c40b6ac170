"""Schemathesis against the OpenAPI document, through the WSGI app (no server): for every
operation, a bounded number of generated requests, none answered with a 5xx, every response
matching the schema (status codes, content types, bodies).

The document is generated here (drf-spectacular, no database) rather than fetched: schemathesis'
lazy fixture loader does not work under pytest 9. ``test_schema_is_the_served_one`` holds the two
together."""

from __future__ import annotations

import json

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

EXAMPLES = 8
# No 5xx; the status code, content type and body as the schema says. (Not schemathesis' checks that
# the API refuses every input outside the schema: the API ignores a malformed page size or cursor,
# as DRF does, rather than refusing the request.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _document() -> dict:
    generated = SchemaGenerator(urlconf="commitments.api.schema_urls").get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()


@pytest.fixture
def connection_kept():
    """Like Django's test client: the WSGI app must not close the test's connection (and with it
    the test's transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_every_operation_matches_the_schema(case, record, settings, connection_kept):
    settings.API_ANON_RATE = "100000/hour"
    case.call_and_validate(checks=CHECKS)


def test_schema_is_the_served_one(client, db):
    served = client.get("/api/v1/schema/").json()
    assert served["paths"] == _document()["paths"]
