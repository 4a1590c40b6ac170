"""Query counts stay flat on every list and detail endpoint as the record grows."""

from __future__ import annotations

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments import services
from commitments.contracting.services import process_link_create, project_link_create
from commitments.progress import services as progress
from tests.commitments.progress_fixtures import submitted_update
from tracker.models import Sector

from .conftest import OCID
from .test_api import ENDPOINTS
from .test_privacy import KEYS


def _grow(record, start: int, stop: int) -> None:
    """More commitments (numbered ``start`` to ``stop``), each with milestones, roles, an assessment and an approved update."""
    world = record.world
    plan = world.commitment.get_parent().specific
    area = services.policy_areas_ensure(["Open Contracting"])[0]["Open Contracting"]
    for i in range(start, stop):
        organisation, _ = services.organisation_get_or_create(name=f"Partner {i}", sector=Sector.BUSINESS)
        page, _ = services.commitment_page_upsert(
            plan=plan,
            ogp_id=f"TS1{i:03d}",
            values={"title": f"Commitment {i}"},
            policy_areas=[area],
            stakeholders=[(organisation, "lead_implementer")],
        )
        milestone = services.milestone_create(commitment=page, title=f"Step {i}")
        services.milestone_create(commitment=page, title=f"Step {i}b")
        services.irm_assessment_upsert(
            commitment=page, report_type="progress", values={"completion": "limited"}
        )
        poc = world.user("poc")
        process_link_create(user=poc, commitment=page, ocid=OCID, relation="monitors")
        process_link_create(user=poc, commitment=page, milestone=milestone, ocid=OCID, relation="monitors")
        project_link_create(user=poc, commitment=page, project_id="oc4ids-bu3kcz-0001", relation="example")
        world.milestone = milestone
        update = submitted_update(world, narrative=f"Done {i}")
        progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, url
    return len(queries)


def _urls(client) -> dict[str, str]:
    urls = {}
    for endpoint in ENDPOINTS:
        urls[f"{endpoint} list"] = f"/api/v1/{endpoint}/"
        first = client.get(f"/api/v1/{endpoint}/").json()["results"][0]
        urls[f"{endpoint} detail"] = (
            first.get("api_url") or f"/api/v1/{endpoint}/{first[KEYS.get(endpoint, 'id')]}/"
        )
    urls["commitments filtered"] = "/api/v1/commitments/?member=TST&late=none&area=open-contracting"
    return urls


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_record(client, record):
    _grow(record, 0, 2)
    urls = _urls(client)
    before = {name: _count(client, url) for name, url in urls.items()}
    _grow(record, 2, 14)
    assert (
        len(client.get("/api/v1/commitments/?member=TST&late=none&area=open-contracting").json()["results"])
        > 10
    )
    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before
