"""The talk's demo: a members-only question with an accepted answer linking a practice, an
exchange and a training in Contracting 5; a second run changes nothing."""

from __future__ import annotations

import pytest

from devdata.demo_peers import seed_demo_peers
from devdata.demo_peers_talk import QUESTION, seed_demo_peers_talk
from peers.talk.models import Answer, EventPage, Exchange, Question

pytestmark = pytest.mark.django_db


def test_demo_talk_builds_once_and_reads_right(imported, client):
    seed_demo_peers(log=lambda *_: None)
    seed_demo_peers_talk(log=lambda *_: None)
    counts = (
        Question.objects.count(),
        Answer.objects.count(),
        Exchange.objects.count(),
        EventPage.objects.count(),
    )
    seed_demo_peers_talk(log=lambda *_: None)
    assert counts == (1, 1, 1, 1)
    assert (
        Question.objects.count(),
        Answer.objects.count(),
        Exchange.objects.count(),
        EventPage.objects.count(),
    ) == counts

    question = Question.objects.get(title=QUESTION)
    assert question.members_only and question.accepted_answer is not None
    assert "](/en/peers/contracting-5/" in question.accepted_answer.body  # the practice link
    url = f"/en/peers/contracting-5/questions/{question.pk}/"
    assert client.get(url).status_code == 404  # members only
    from tracker.models import User

    client.force_login(User.objects.get(username="peer"))
    html = client.get(url).content.decode()
    assert "Accepted answer" in html and QUESTION in html
    event = EventPage.objects.get()
    assert event.kind == "training" and event.time_zone == "America/Bogota"
    assert "UTC−05:00" in client.get(event.url).content.decode()
