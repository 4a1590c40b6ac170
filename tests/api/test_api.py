"""The open API: endpoints, the explorer's filters, cursor pagination, conditional requests,
CORS, throttling, read-only-ness."""

from __future__ import annotations

import pytest

from django.test import override_settings

from commitments.explorer.filters import CommitmentFilterSet
from commitments.models import CommitmentPage

from .more_fixtures import MORE_ENDPOINTS

ENDPOINTS = [
    "members",
    "plans",
    "commitments",
    "milestones",
    "updates",
    "assessments",
    "organisations",
    "processes",
    "links",
    "projects",
    "budgets",
    "owners",
]


def every(client, url: str, **params) -> list[dict]:
    """Every result of a list endpoint, following the cursor."""
    results, page = [], client.get(url, params).json()
    while True:
        results += page["results"]
        if not page["next"]:
            return results
        page = client.get(page["next"]).json()


def test_root_lists_every_endpoint(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert sorted(body) == sorted(ENDPOINTS + MORE_ENDPOINTS)
    assert body["commitments"] == "http://testserver/api/v1/commitments/"


def test_commitment_detail_in_any_letter_case(client, record):
    body = client.get("/api/v1/commitments/ts0001/").json()
    assert body["ogp_id"] == "TS0001"
    assert body["title"] == "Open contracting data"
    assert body["member"] == "TST"
    assert body["action_plan"] == "AP_TST01"
    assert [m["title"] for m in body["milestones"]] == ["Data published", "Law adopted"]
    assert {(s["name"], s["role"]) for s in body["stakeholders"]} == {("Open Data Lab", "monitor")}
    assert body["api_url"] == "http://testserver/api/v1/commitments/TS0001/"
    assert body["url"].startswith("http://testserver/en/") and body["url"].endswith("/")
    assert client.get("/api/v1/commitments/NOPE0001/").status_code == 404


def test_withdrawn_commitment_says_why(client, record):
    body = client.get("/api/v1/commitments/OT0001/").json()
    assert body["withdrawal_reason"] == "Merged into another"
    assert body["withdrawn_on"]


def test_approved_update_is_published_with_its_evidence(client, record):
    updates = every(client, "/api/v1/updates/")
    assert [u["id"] for u in updates] == [record.approved.pk]
    assert updates[0]["narrative"] == "Approved: datasets online."
    assert updates[0]["commitment"] == "TS0001"
    assert (
        updates[0]["evidence"].endswith(f"/updates/{record.approved.pk}/evidence/")
        or "/evidence" in (updates[0]["evidence"])
    )
    evidence = client.get(updates[0]["evidence"])
    assert evidence.status_code == 200


def test_other_endpoints_filter_by_their_parent(client, record):
    assert {p["plan_id"] for p in every(client, "/api/v1/plans/", member="oth")} == {"AP_OTH01"}
    assert {p["member"] for p in every(client, "/api/v1/plans/")} == {"TST", "OTH"}
    milestones = every(client, "/api/v1/milestones/", commitment="ts0001")
    assert [m["title"] for m in milestones] == ["Data published", "Law adopted"]
    assert every(client, "/api/v1/milestones/", commitment="OT0001") == []
    assert client.get("/api/v1/members/tst/").json()["title"] == "Testland"
    assert client.get("/api/v1/plans/ap_tst01/").json()["member"] == "TST"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"member": "UKR"},
        {"region": "Europe"},
        {"starred": "yes"},
        {"completion": ["substantial", "complete"]},
        {"late": "none", "level": "national"},
        {"q": "procurement"},
        {"year_from": "2016", "year_to": "2018"},
        {"sector": "civil_society"},
    ],
)
def test_commitments_take_the_explorers_filters(client, imported_once, params):
    expected = sorted(CommitmentFilterSet(_querydict(params)).qs.values_list("ogp_id", flat=True))
    got = [c["ogp_id"] for c in every(client, "/api/v1/commitments/", **params)]
    assert got == expected  # in OGP id order, as the cursor walks them
    if params:
        assert len(expected) < CommitmentPage.objects.live().count()


def _querydict(params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def test_invalid_filter_is_refused_with_a_message(client, db):
    response = client.get("/api/v1/commitments/", {"starred": "perhaps", "year_from": "12"})
    assert response.status_code == 400
    body = response.json()
    assert "Starred by the IRM" in body and "Plans running from" in body


def test_cursor_pages_cover_everything_once_in_order(client, imported_once):
    seen, page, pages = [], client.get("/api/v1/commitments/", {"page_size": 7}).json(), 1
    while True:
        seen += [c["ogp_id"] for c in page["results"]]
        if not page["next"]:
            break
        page, pages = client.get(page["next"]).json(), pages + 1
    assert pages > 2
    assert seen == sorted(CommitmentPage.objects.live().values_list("ogp_id", flat=True))
    assert len(seen) == len(set(seen))


def test_etag_and_last_modified_give_304_until_the_record_changes(client, record):
    url = "/api/v1/commitments/TS0001/"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another URL, another representation: another tag.
    assert client.get("/api/v1/commitments/OT0001/")["ETag"] != etag
    assert client.get(url, HTTP_ACCEPT="text/html")["ETag"] != etag
    page = CommitmentPage.objects.get(ogp_id="TS0001")
    page.title = "Open contracting data, renamed"
    page.save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["title"] == "Open contracting data, renamed"
    assert changed["ETag"] != etag


def test_an_organisation_change_changes_the_etag(client, record):
    from tracker.models import Organisation

    etag = client.get("/api/v1/organisations/")["ETag"]
    organisation = Organisation.objects.get(name="Open Data Lab")
    organisation.name = "Open Data Laboratory"
    organisation.save()
    response = client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Open Data Laboratory" in {o["name"] for o in response.json()["results"]}


def test_cors_is_read_only_and_on_the_api_only(client, db):
    response = client.get("/api/v1/members/", HTTP_ORIGIN="https://example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/members/", HTTP_ORIGIN="https://example.net", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "Access-Control-Allow-Origin" not in client.get(
        "/en/commitments/", HTTP_ORIGIN="https://example.net"
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(client, record, method):
    for url in ("/api/v1/commitments/", "/api/v1/commitments/TS0001/", "/api/v1/organisations/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, url
    assert CommitmentPage.objects.get(ogp_id="TS0001").title == "Open contracting data"


@override_settings(API_ANON_RATE="3/minute")
def test_anonymous_clients_are_throttled(client, db):
    codes = [client.get("/api/v1/members/", REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address has its own allowance.
    assert client.get("/api/v1/members/", REMOTE_ADDR="198.51.100.8").status_code == 200


def test_schema_is_openapi_3_with_every_endpoint(client, db):
    response = client.get("/api/v1/schema/")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for name in ENDPOINTS:
        assert f"/api/v1/{name}/" in paths
    assert "/api/v1/commitments/{ogp_id}/" in paths
    params = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}
    assert {"member", "region", "starred", "late", "flag", "q", "cursor"} <= params
    assert not any(path.startswith("/admin") for path in paths)


def test_docs_page_loads_only_same_origin_files_under_the_csp(client, db):
    import re

    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script([^>]*)>", html)
    assert len(scripts) == 3 and all('src="/' in attributes for attributes in scripts)  # no inline script
    assert "<style" not in html and "style=" not in html
    assert "cdn" not in html.lower()
    assert '<html lang="en">' in html
    for src in re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    ):
        if src.startswith("/static/"):
            continue  # served by staticfiles (the browser test loads them)
        script = client.get(src)
        assert script.status_code == 200 and "javascript" in script["Content-Type"]
        assert "/api/v1/schema/" in script.content.decode()


def test_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
