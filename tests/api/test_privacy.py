"""Nothing private leaks: every endpoint (all its pages, and the detail of every item it lists)
and the bulk download, against every kind of private item (``conftest.SECRETS``)."""

from __future__ import annotations

import gzip
import json

import pytest

from commitments.api.bulk import write

from .conftest import HIDDEN_OCID, PRIVATE_IDS, SECRETS
from .test_api import ENDPOINTS

KEYS = {"processes": "ocid", "projects": "project_id", "owners": "statement_id"}


def _key(endpoint: str, item: dict) -> str:
    return item[KEYS.get(endpoint, "id")]


def _texts(client, endpoint: str) -> list[str]:
    """Every response body of one endpoint: its list pages, then each listed item's detail."""
    bodies, url = [], f"/api/v1/{endpoint}/"
    while url:
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        bodies.append(response.content.decode())
        page = response.json()
        for item in page["results"]:
            key = item.get("api_url") or f"/api/v1/{endpoint}/{_key(endpoint, item)}/"
            detail = client.get(key, HTTP_ACCEPT="application/json")
            assert detail.status_code == 200, key
            bodies.append(detail.content.decode())
        url = page["next"]
    return bodies


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_private_item_on_any_endpoint(client, record, endpoint):
    bodies = _texts(client, endpoint)
    assert len(bodies) > 1  # the endpoint lists something public
    for what, secret in [
        *SECRETS.items(),
        *(("private commitment", i) for i in PRIVATE_IDS),
        ("its link", HIDDEN_OCID),
    ]:
        assert not any(secret in body for body in bodies), f"{what} leaks on /api/v1/{endpoint}/"


@pytest.mark.parametrize("ogp_id", PRIVATE_IDS)
def test_private_commitments_and_their_parts_are_not_found(client, record, ogp_id):
    assert client.get(f"/api/v1/commitments/{ogp_id}/").status_code == 404
    assert client.get("/api/v1/milestones/", {"commitment": ogp_id}).json()["results"] == []


def test_private_milestones_assessments_and_unapproved_updates_are_not_found(client, record):
    for pk in record.hidden_milestone_ids:
        assert client.get(f"/api/v1/milestones/{pk}/").status_code == 404
    for pk in record.hidden_assessment_ids:
        assert client.get(f"/api/v1/assessments/{pk}/").status_code == 404
    for pk in record.hidden_update_ids:
        assert client.get(f"/api/v1/updates/{pk}/").status_code == 404
    # The approved one is there: the 404s above are not an empty endpoint.
    assert client.get(f"/api/v1/updates/{record.approved.pk}/").status_code == 200


def test_the_live_page_not_its_draft(client, record):
    assert client.get("/api/v1/commitments/TS0001/").json()["title"] == "Open contracting data"


def test_no_private_item_in_the_bulk_download(record, tmp_path):
    path = tmp_path / "open.jsonl.gz"
    count = write(str(path))
    text = gzip.decompress(path.read_bytes()).decode()
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == count
    assert {line["type"] for line in lines} == {
        "member",
        "action_plan",
        "commitment",
        "progress_update",
        "organisation",
        "contracting_process",
        "process_link",
        "project_link",
        "infrastructure_project",
        "budget_line",
        "bods_entity",
        "bods_person",
        "bods_relationship",
    }
    assert sorted(line["record"]["ogp_id"] for line in lines if line["type"] == "commitment") == [
        "OT0001",
        "TS0001",
    ]
    for what, secret in [
        *SECRETS.items(),
        *(("private commitment", i) for i in PRIVATE_IDS),
        ("its link", HIDDEN_OCID),
    ]:
        assert secret not in text, f"{what} leaks in the bulk download"
