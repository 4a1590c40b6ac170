"""The progress loop's pages cost the same number of queries however many updates there are."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.progress import services as progress

from .progress_fixtures import submitted_update

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more(world, n: int, approve: bool) -> None:
    for index in range(n):
        milestone = world.milestone if index % 2 else world.second_milestone
        update = submitted_update(world, milestone=milestone, narrative=f"Step {index}")
        if approve:
            progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))


def test_the_commitment_page_with_its_timeline(world):
    client = Client()
    client.force_login(world.user("poc"))
    _more(world, 1, approve=True)
    _count(client, world.commitment.url)  # the first request of a session saves it
    few = _count(client, world.commitment.url)
    _more(world, 6, approve=True)
    assert _count(client, world.commitment.url) == few


def test_the_review_queue_and_the_dashboard(world):
    reviewer, poc = Client(), Client()
    reviewer.force_login(world.user("reviewer"))
    poc.force_login(world.user("poc"))
    _more(world, 1, approve=False)
    _count(poc, reverse("commitments:my_commitments"))  # the first request of a session saves it
    _count(reviewer, reverse("commitments:review_queue"))
    queue, mine = (
        _count(reviewer, reverse("commitments:review_queue")),
        _count(poc, reverse("commitments:my_commitments")),
    )
    _more(world, 6, approve=False)
    assert _count(reviewer, reverse("commitments:review_queue")) == queue
    assert _count(poc, reverse("commitments:my_commitments")) == mine
