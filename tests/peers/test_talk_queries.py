"""Query counts stay flat as the talk grows: a question with 500 answers costs what one with 5
does; the question list, the events list and the network's feed do not grow with their rows."""

from __future__ import annotations

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peers.talk import services
from peers.talk.models import Answer, Flag, Question, Registration

from .talk_fixtures import make_event, make_user

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a session warms caches (site root, locale)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _answers(question, authors, n: int) -> None:
    Answer.objects.bulk_create(
        Answer(question=question, author=authors[i % len(authors)], body=f"Answer **{i}**") for i in range(n)
    )


@pytest.mark.parametrize("role", ["member", "editor"])
def test_a_question_with_500_answers_costs_what_one_with_5_does(talk, client, role):
    authors = [talk.user("member"), talk.user("other_member"), talk.user("editor")]
    small = services.question_ask(
        network=talk.network, author=talk.user("member"), title="Small", practices=[talk.practice]
    )
    big = services.question_ask(
        network=talk.network, author=talk.user("member"), title="Big", practices=[talk.practice]
    )
    for question, n in ((small, 5), (big, 500)):
        _answers(question, authors, n)
        first = question.answers.first()
        Flag.objects.create(question=question, answer=first, flagged_by=talk.user("editor"), reason="x")
        services.answer_hide(answer=question.answers.last(), user=talk.user("editor"), reason="Off topic")
        services.answer_accept(question=question, answer=first, user=talk.user("member"))
    client.force_login(talk.user(role))
    url = "/en/peers/contracting-5/questions/{}/"
    small_count = _count(client, url.format(small.pk))
    big_count = _count(client, url.format(big.pk))
    assert big_count == small_count
    assert client.get(url.format(big.pk)).content.decode().count('class="card answer') == 500


def test_the_question_list_and_network_page_do_not_grow_with_questions(talk, client):
    client.force_login(talk.user("member"))
    for i in range(3):
        services.question_ask(network=talk.network, author=talk.user("member"), title=f"Q{i}")
    few = (_count(client, "/en/peers/contracting-5/questions/"), _count(client, "/en/peers/contracting-5/"))
    Question.objects.bulk_create(
        Question(
            network=talk.network, author=talk.user("other_member"), title=f"More {i}", members_only=i % 2 == 0
        )
        for i in range(60)
    )
    many = (_count(client, "/en/peers/contracting-5/questions/"), _count(client, "/en/peers/contracting-5/"))
    assert many == few


def test_the_events_list_and_feed_do_not_grow_with_events_or_registrations(talk, client):
    people = [make_user(f"p{i}") for i in range(6)]
    make_event(talk.network, slug="e0", capacity=3)
    few = (
        _count(client, "/en/peers/contracting-5/events/"),
        _count(client, "/peers/contracting-5/events.ics"),
    )
    for i in range(1, 8):
        event = make_event(talk.network, slug=f"e{i}", capacity=3, days=10 + i)
        Registration.objects.bulk_create(
            Registration(event=event, user=p, status="registered" if n < 3 else "waiting")
            for n, p in enumerate(people)
        )
    many = (
        _count(client, "/en/peers/contracting-5/events/"),
        _count(client, "/peers/contracting-5/events.ics"),
    )
    assert many == few


def test_an_event_page_does_not_grow_with_registrations(talk, client):
    event = make_event(talk.network, capacity=100)
    client.force_login(talk.user("member"))
    few = _count(client, event.url)
    Registration.objects.bulk_create(
        Registration(event=event, user=make_user(f"r{i}"), status="registered") for i in range(40)
    )
    event.starts_at = timezone.now() + datetime.timedelta(days=9)
    assert _count(client, event.url) == few
