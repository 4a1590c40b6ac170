"""Query counts of the scores, rounds, cases, practices and events endpoints stay the same with
one item of each kind as with twenty (lists and details, with every part they show)."""

from __future__ import annotations

import datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.cases import services as cases
from commitments.cases.models import Category, ShownAs
from commitments.fieldwork import services as fieldwork
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues
from commitments.scores import services as scores
from commitments.scores.services import VerdictInput
from peers.talk import services as talk
from peers.talk.models import EventMaterial
from tests.cases.fixtures import jpeg_with_gps
from tests.peers.conftest import make_practice
from tests.peers.talk_fixtures import make_event

from .more_fixtures import MORE_ENDPOINTS, organisation_with_admin, publish_score, verified

GROWN = 19


def _grow(more) -> None:
    sw, world = more.sw, more.world
    poc, staff = world.user("poc"), world.user("staff")
    plan = world.commitment.get_parent().specific
    today = datetime.date.today()
    for i in range(GROWN):
        organisation, admin = organisation_with_admin(f"Watch {i}", f"watch-admin-{i}")
        contest = [VerdictInput(milestone=sw.milestone, verdict="contest", reason=f"Reason {i}")]
        score = publish_score(
            sw, organisation, admin, verdicts=contest, evidence_url=f"https://example.net/{i}"
        )
        scores.reply_post(actor=poc, score=score, text=f"Reply {i}")
        scores.round_open(
            actor=staff,
            action_plan=plan,
            name=f"Round {i}",
            period_start=today - datetime.timedelta(days=30),
            period_end=today,
            opens_on=today,
            closes_on=today + datetime.timedelta(days=10),
        )
        filer = verified(admin)
        case = cases.case_file(
            filer=filer,
            commitment=world.commitment,
            milestone=sw.milestone,
            category=Category.DELAY,
            description=f"Case {i}",
            shown_as=ShownAs.ORGANISATION if i % 2 else ShownAs.VERIFIED_PERSON,
            filer_organisation=organisation if i % 2 else None,
        )
        cases.case_acknowledge(case=case, actor=poc, text=f"Seen {i}")
        fieldwork.site_visit_record(
            milestone=sw.milestone,
            author=filer,
            visited_on=today,
            observations=f"Seen {i}",
            observed_status="met",
            photos=[photo_clean(jpeg_with_gps())],
        )
        fieldwork.consultation_save(
            actor=poc,
            subject=world.commitment if i % 2 else plan,
            held_on=today,
            format="online",
            summary=f"Consultation {i}",
            participants={"government": i + 1, "business": 1},
            inputs=[
                InputValues(said=f"Input {i}", sector="business", answer="not_adopted", reason="No budget.")
            ],
        )
        make_practice(
            more.network,
            f"Practice {i}",
            links=[world.commitment],
            areas=list(world.commitment.policy_areas.all()),
            stages=["award"],
            countries="UA",
            slug=f"practice-{i}",
        )
        event = make_event(more.network, slug=f"event-{i}", title=f"Event {i}", capacity=5)
        EventMaterial.objects.create(event=event, label=f"Notes {i}", url=f"https://example.net/notes/{i}")
        talk.registration_create(event=event, user=filer)


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, url
    return len(queries)


def _urls(client) -> dict[str, str]:
    urls = {}
    for endpoint in MORE_ENDPOINTS:
        urls[f"{endpoint} list"] = f"/api/v1/{endpoint}/"
        urls[f"{endpoint} detail"] = client.get(f"/api/v1/{endpoint}/").json()["results"][0]["api_url"]
    urls["cases filtered"] = "/api/v1/cases/?state=acknowledged&state=escalated&member=TST&overdue=no"
    urls["practices filtered"] = "/api/v1/practices/?policy_area=open-contracting&network=contracting-5"
    urls["scores filtered"] = "/api/v1/scores/?commitment=TS0001"
    urls["consultations filtered"] = "/api/v1/consultations/?action_plan=AP_TST01"
    return urls


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_items(client, more):
    urls = _urls(client)
    before = {name: _count(client, url) for name, url in urls.items()}
    _grow(more)
    assert len(client.get("/api/v1/scores/").json()["results"]) == 2 + GROWN
    assert len(client.get("/api/v1/events/").json()["results"]) == 1 + GROWN
    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before
