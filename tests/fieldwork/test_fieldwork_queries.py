"""The commitment page, the plan page and the visits page cost the same number of queries however
many visits, photos, consultations and inputs there are."""

from __future__ import annotations

import datetime

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues

from .photo_files import jpeg

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more(world, n: int, subject=None) -> None:
    photo = photo_clean(jpeg())
    for index in range(n):
        milestone = world.milestone if index % 2 else world.second_milestone
        services.site_visit_record(
            milestone=milestone,
            author=world.user("verified"),
            visited_on=timezone.localdate() - datetime.timedelta(days=index),
            observations=f"Visit {index}",
            observed_status="met" if index % 3 else "notMet",
            photos=[photo] * (1 + index % 3),
        )
        services.consultation_save(
            actor=world.user("poc"),
            subject=subject or world.commitment,
            held_on=timezone.localdate(),
            format="online",
            summary=f"Consultation {index}",
            participants={"civil_society": index + 1, "business": index % 2},
            inputs=[
                InputValues(said=f"Input {index}.{k}", answer="adopted", reason="Done")
                for k in range(1 + index % 3)
            ],
        )


@pytest.mark.parametrize("role", [None, "verified", "poc"])
def test_the_commitment_page_stays_flat_as_visits_and_consultations_grow(world, role):
    client = Client()
    if role:
        client.force_login(world.user(role))
    _more(world, 2)
    _count(client, world.commitment.url)  # the first request of a session saves it
    few = _count(client, world.commitment.url)
    _more(world, 9)
    assert _count(client, world.commitment.url) == few


def test_the_visits_page_stays_flat_as_visits_grow(world):
    client = Client()
    url = reverse("commitments:commitment_visits", args=[world.commitment.ogp_id])
    _more(world, 2)
    _count(client, url)  # the first request warms the site's caches
    few = _count(client, url)
    _more(world, 30)  # more than a page
    assert _count(client, url) == few
    assert _count(client, url + "?page=2") == few


def test_the_plan_page_stays_flat_as_its_consultations_grow(world):
    plan = world.commitment.get_parent().specific
    client = Client()
    _more(world, 1, subject=plan)
    _count(client, plan.url)
    few = _count(client, plan.url)
    _more(world, 6, subject=plan)
    assert _count(client, plan.url) == few
