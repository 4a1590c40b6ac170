"""Nothing private leaks through the scores, rounds, cases, practices and events endpoints: every
page of each list and the detail of every item listed, against every kind of private item
(``more_fixtures.MORE_SECRETS``); and the public trying to see who filed an anonymous case
through the API's list, detail, filters and ordering."""

from __future__ import annotations

import pytest

from .more_fixtures import MORE_ENDPOINTS, MORE_SECRETS


def bodies_of(client, endpoint: str) -> list[str]:
    """Every response body of one endpoint: its list pages, then each listed item's detail."""
    bodies, url = [], f"/api/v1/{endpoint}/?page_size=2"  # several pages, to follow the cursor
    while url:
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        bodies.append(response.content.decode())
        page = response.json()
        for item in page["results"]:
            detail = client.get(item["api_url"], HTTP_ACCEPT="application/json")
            assert detail.status_code == 200, item["api_url"]
            bodies.append(detail.content.decode())
        url = page["next"]
    return bodies


@pytest.mark.parametrize("endpoint", MORE_ENDPOINTS)
def test_no_private_item_on_the_new_endpoints(client, more, endpoint):
    bodies = bodies_of(client, endpoint)
    assert len(bodies) > 1  # the endpoint lists something public
    for what, secret in MORE_SECRETS.items():
        assert not any(secret in body for body in bodies), f"{what} leaks on /api/v1/{endpoint}/"


PRIVATE_FIELDS = {"filer", "filer_id", "filer_organisation", "shown_as", "author", "email", "username"}


def test_who_filed_an_anonymous_case_is_never_shown(client, more):
    case = more.anonymous_case
    filer = case.filer
    listed = next(c for c in client.get("/api/v1/cases/").json()["results"] if c["number"] == case.number)
    detail = client.get(f"/api/v1/cases/{case.number}/").json()
    for body in (listed, detail, *detail["events"]):
        assert not PRIVATE_FIELDS & set(body)
    assert listed["filed_by"] == detail["filed_by"] == "A verified person"
    assert listed["filed_by_organisation"] is None and detail["filed_by_organisation"] is None
    assert {e["actor"] for e in detail["events"] if e["actor_role"] == "filer"} == {"A verified person"}
    text = client.get(f"/api/v1/cases/{case.number}/").content.decode()
    assert filer.username not in text and filer.email not in text


@pytest.mark.parametrize(
    "params",
    [
        {"filer": "FILER"},
        {"filer_id": "FILER"},
        {"filer__username": "secret-filer"},
        {"filer__email": "secret-filer@example.org"},
        {"shown_as": "verified_person"},
        {"ordering": "filer"},
        {"ordering": "-filer__username"},
        {"sort": "filer"},
    ],
)
def test_no_filter_or_ordering_reaches_the_filer(client, more, params):
    """Parameters naming the filer are ignored: the answer is the list itself, in its own order,
    so that nobody can narrow cases down to one account, or sort them by it."""
    params = {
        key: str(more.anonymous_case.filer_id) if value == "FILER" else value for key, value in params.items()
    }
    everything = client.get("/api/v1/cases/").json()["results"]
    probed = client.get("/api/v1/cases/", params)
    assert probed.status_code == 200
    assert probed.json()["results"] == everything


def test_scores_never_name_their_authors(client, more):
    for score in client.get("/api/v1/scores/").json()["results"]:
        assert not {"author", "signed_off_by", "created_by", "hidden_by"} & set(score)
        for version in [score["current"] or {}, *score["earlier_versions"]]:
            assert not {"created_by", "signed_off_by"} & set(version)
        assert not {"author", "hidden_by"} & set(score["reply"] or {})


def test_events_never_show_who_registered_or_the_link_to_join(client, more):
    event = client.get(f"/api/v1/events/{more.event.pk}/").json()
    assert not {"online_url", "registrations", "registrants"} & set(event)


def test_the_bulk_download_holds_the_new_kinds_and_nothing_private(more, tmp_path):
    import gzip
    import json

    from commitments.api.bulk import write

    path = tmp_path / "open.jsonl.gz"
    count = write(str(path))
    text = gzip.decompress(path.read_bytes()).decode()
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == count
    kinds = {line["type"] for line in lines}
    assert {"scoring_round", "score", "case", "site_visit", "consultation", "practice", "event"} <= kinds
    for what, secret in MORE_SECRETS.items():
        assert secret not in text, f"{what} leaks into the bulk download"
    # The anonymous case is there, as the public sees it, with its public timeline.
    case = next(
        line["record"]
        for line in lines
        if line["type"] == "case" and line["record"]["number"] == more.anonymous_case.number
    )
    assert case["filed_by"] == "A verified person" and case["filed_by_organisation"] is None
    assert not PRIVATE_FIELDS & set(case) and case["events"]
    assert more.anonymous_case.filer.username not in text and more.anonymous_case.filer.email not in text
