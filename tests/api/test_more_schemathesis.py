"""Schemathesis over the scores, rounds, cases, practices and events endpoints, on a record that
has each of them (public, hidden and private): generated requests answer without a 5xx and as
the OpenAPI document says; and every real item's detail (a hidden score's stub, a hidden case,
an escalated case with its timeline, a translated practice, an event) matches it too."""

from __future__ import annotations

import json

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from django.core.wsgi import get_wsgi_application

from .more_fixtures import MORE_ENDPOINTS
from .test_schemathesis import CHECKS, EXAMPLES, connection_kept  # noqa: F401

pytestmark = pytest.mark.usefixtures("connection_kept")


def _document() -> dict:
    """The OpenAPI document, generated (as test_schemathesis does: the served one is held to it)."""
    generated = SchemaGenerator(urlconf="commitments.api.schema_urls").get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


PATHS = "|".join(MORE_ENDPOINTS)
schema = schemathesis.openapi.from_dict(_document()).include(path_regex=rf"^/api/v1/({PATHS})/")
schema.app = get_wsgi_application()


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_the_new_operations_match_the_schema(case, more, settings):
    settings.API_ANON_RATE = "100000/hour"
    case.call_and_validate(checks=CHECKS)


DETAILS = {
    "rounds": ("/api/v1/rounds/{id}/", "id", lambda more: [more.sw.round.pk]),
    "scores": ("/api/v1/scores/{id}/", "id", lambda more: [more.score.pk, more.hidden_score.pk]),
    "cases": (
        "/api/v1/cases/{number}/",
        "number",
        lambda more: [more.anonymous_case.number, more.hidden_case.number, more.overdue_case.number],
    ),
    "visits": ("/api/v1/visits/{id}/", "id", lambda more: [more.visit.pk, more.hidden_visit.pk]),
    "consultations": (
        "/api/v1/consultations/{id}/",
        "id",
        lambda more: [more.consultation.pk, more.plan_consultation.pk],
    ),
    "practices": ("/api/v1/practices/{id}/", "id", lambda more: [more.practice.pk, more.translation.pk]),
    "events": ("/api/v1/events/{id}/", "id", lambda more: [more.event.pk]),
}


@pytest.mark.parametrize("endpoint", MORE_ENDPOINTS)
def test_every_real_item_and_list_matches_the_schema(more, settings, endpoint):
    settings.API_ANON_RATE = "100000/hour"
    path, key, values = DETAILS[endpoint]
    detail = schema[path]["GET"]
    for value in values(more):
        response = detail.Case(path_parameters={key: value}).call_and_validate(checks=CHECKS)
        assert response.status_code == 200
    listing = schema[f"/api/v1/{endpoint}/"]["GET"].Case().call_and_validate(checks=CHECKS)
    assert listing.status_code == 200
    assert listing.json()["results"]
