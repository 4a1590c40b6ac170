"""What the talk's services and pages do: answers and acceptance, moderation that hides without
deleting, locking, following with its emails and unsubscribe, exchanges from request to report
with the peers suggested, and events: waiting list, promotion, .ics emails, the feed."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments.models import CommitmentFacts
from peers.talk import notifications, services
from peers.talk.models import Answer, Question, QuestionFollow, Registration

from .talk_fixtures import make_event, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(talk):
    question = services.question_ask(
        network=talk.network,
        author=talk.user("member"),
        title="How do you publish contract amendments?",
        body="We **struggle**.",
    )
    answer = services.answer_post(
        question=question,
        author=talk.user("other_member"),
        body="See [our practice](/en/peers/contracting-5/portal/)",
    )
    return question, answer


def test_the_asker_accepts_an_answer_and_the_page_puts_it_first(talk, thread, client):
    question, answer = thread
    first = services.answer_post(question=question, author=talk.user("editor"), body="Earlier thoughts")
    Answer.objects.filter(pk=first.pk).update(created_at=answer.created_at - datetime.timedelta(hours=1))
    services.answer_accept(question=question, answer=answer, user=talk.user("member"))
    client.force_login(talk.user("member"))
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert html.index("Accepted answer") < html.index("our practice") < html.index("Earlier thoughts")
    assert (
        '<a href="/en/peers/contracting-5/portal/" rel="nofollow noopener noreferrer ugc">our practice</a>'
        in html
    )
    assert "<strong>struggle</strong>" in html


def test_an_answer_from_another_question_cannot_be_accepted(talk, thread):
    question, _answer = thread
    other = services.question_ask(network=talk.network, author=talk.user("editor"), title="Other?")
    stranger = services.answer_post(question=other, author=talk.user("member"), body="x")
    with pytest.raises(ValidationError):
        services.answer_accept(question=question, answer=stranger, user=talk.user("member"))
    assert Question.objects.get(pk=question.pk).accepted_answer is None


def test_hiding_keeps_the_text_and_shows_the_reason(talk, thread, client):
    question, answer = thread
    services.answer_accept(question=question, answer=answer, user=talk.user("member"))
    with pytest.raises(ValidationError):
        services.answer_hide(answer=answer, user=talk.user("editor"), reason="  ")
    services.answer_hide(answer=answer, user=talk.user("editor"), reason="Names a private person")
    answer.refresh_from_db()
    assert answer.body.startswith("See [our practice]") and answer.hidden_by == talk.user("editor")
    assert Question.objects.get(pk=question.pk).accepted_answer is None
    client.force_login(talk.user("member"))
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert "The moderators hid this answer: Names a private person" in html and "our practice" not in html
    client.force_login(talk.user("editor"))
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert "Names a private person" in html and "our practice" in html  # editors still read it
    services.answer_unhide(answer=answer, user=talk.user("editor"))
    assert not Answer.objects.get(pk=answer.pk).is_hidden


def test_a_hidden_question_shows_its_reason_in_its_place(talk, thread, client):
    question, _answer = thread
    services.question_hide(question=question, user=talk.user("administrator"), reason="Duplicate of another")
    client.force_login(talk.user("member"))
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert "Duplicate of another" in html and "We <strong>struggle</strong>" not in html
    assert Question.objects.filter(pk=question.pk).exists()
    listing = client.get("/en/peers/contracting-5/questions/").content.decode()
    assert "Hidden by the moderators" in listing and "contract amendments" not in listing


def test_a_locked_thread_takes_no_answer_through_any_door(talk, thread, client):
    question, _answer = thread
    services.question_lock(question=question, user=talk.user("editor"))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.answer_post(question=question, author=talk.user("member"), body="late")
    client.force_login(talk.user("member"))
    assert (
        client.post(f"/en/peers/contracting-5/questions/{question.pk}/answer/", {"body": "late"}).status_code
        == 403
    )
    assert not Answer.objects.filter(body="late").exists()
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert "This thread is locked: no more answers." in html and 'id="answer-form"' not in html


def test_flags_are_counted_for_moderators_once_per_person(talk, thread, client):
    question, answer = thread
    services.flag_create(question=question, answer=answer, user=talk.user("editor"), reason="Spam")
    with pytest.raises(ValidationError):
        services.flag_create(question=question, answer=answer, user=talk.user("editor"), reason="Spam again")
    services.flag_create(question=question, user=talk.user("editor"), reason="The question too")
    with pytest.raises(ValidationError):
        services.flag_create(question=question, user=talk.user("editor"), reason="And again")
    client.force_login(talk.user("administrator"))
    html = client.get(f"/en/peers/contracting-5/questions/{question.pk}/").content.decode()
    assert html.count("(1 flag)") == 2  # the question's own flag, and the answer's


def test_an_empty_answer_comes_back_with_its_error(talk, thread, client):
    question, _answer = thread
    client.force_login(talk.user("editor"))
    response = client.post(f"/en/peers/contracting-5/questions/{question.pk}/answer/", {"body": ""})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()


def test_unknown_commitment_ids_are_named_and_the_question_kept(talk, client):
    client.force_login(talk.user("member"))
    data = {"title": "Kept title", "body": "Kept body", "members_only": "1", "commitments": "AR0101, ZZ9999"}
    response = client.post("/en/peers/contracting-5/questions/ask/", data)
    html = response.content.decode()
    assert response.status_code == 400 and "ZZ9999" in html and "Kept title" in html and "Kept body" in html
    data["commitments"] = "ar0101"
    assert client.post("/en/peers/contracting-5/questions/ask/", data).status_code == 302
    assert list(Question.objects.get(title="Kept title").commitments.all()) == [talk.commitment]


def test_followers_get_new_answers_at_once_or_in_a_digest_and_can_unsubscribe(
    talk, thread, client, django_capture_on_commit_callbacks
):
    question, _answer = thread
    daily = talk.user("editor")
    services.question_follow(question=question, user=daily, frequency="daily", language="es")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(
            question=question, author=talk.user("administrator"), body="Use the amendments extension"
        )
    # The asker follows at once (asking follows); the daily follower waits for the digest.
    assert [m.to for m in mail.outbox] == [[talk.user("member").email]]
    assert "Use the amendments extension" in mail.outbox[0].body
    mail.outbox.clear()
    QuestionFollow.objects.filter(user=daily).update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert notifications.send_peer_digests() == 1
    [digest] = mail.outbox
    assert digest.to == [daily.email] and "Nuevas respuestas" in digest.subject
    assert notifications.send_peer_digests() == 0  # nothing new since
    token = notifications.unsubscribe_token(QuestionFollow.objects.get(user=daily))
    assert client.post(f"/es/peers/questions/unsubscribe/{token}/").status_code == 200
    assert not QuestionFollow.objects.filter(user=daily).exists()
    assert client.get("/en/peers/questions/unsubscribe/forged/").status_code == 404


def test_an_exchange_goes_from_request_to_report_and_suggests_who_has_done_it(talk, client):
    # Argentina (in the network) starred a commitment in the area; Colombia's is only limited.
    for commitment in (talk.commitment, talk.other_commitment):
        commitment.policy_areas.add(talk.area)
        commitment.save()  # a page's many-to-many is written when the page is
    from commitments.explorer.facts import commitment_facts_refresh

    commitment_facts_refresh()
    CommitmentFacts.objects.filter(commitment=talk.commitment).update(starred=True, completion="complete")
    CommitmentFacts.objects.filter(commitment=talk.other_commitment).update(
        starred=False, completion="limited"
    )
    exchange = services.exchange_request(
        network=talk.network,
        user=talk.user("member"),
        topic="Publishing award data",
        description="How to start?",
        policy_areas=[talk.area],
    )
    client.force_login(talk.user("member"))
    html = client.get(f"/en/peers/contracting-5/exchanges/{exchange.pk}/").content.decode()
    assert "Argentina: 1 commitment starred or completed" in html and "Colombia:" not in html
    assert "peer-co, who wrote" in html and "Open contracting portal" in html  # the practice's author
    with pytest.raises(ValidationError):
        services.exchange_held(exchange=exchange, user=talk.user("editor"), held_on=datetime.date(2026, 5, 1))
    services.exchange_match(exchange=exchange, user=talk.user("editor"), peers=[talk.user("other_member")])
    services.exchange_held(exchange=exchange, user=talk.user("editor"), held_on=datetime.date(2026, 5, 1))
    response = client.post(
        f"/en/peers/contracting-5/exchanges/{exchange.pk}/report/",
        {"report": "We **shared** our templates.", "commitments": "AR0101"},
    )
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == "reported" and list(exchange.helped_commitments.all()) == [talk.commitment]
    client.logout()
    public = client.get(f"/en/peers/contracting-5/exchanges/{exchange.pk}/").content.decode()
    assert "<strong>shared</strong>" in public and "AR0101" in public


def test_an_exchange_not_reported_is_for_the_network_only(talk, client):
    exchange = services.exchange_request(
        network=talk.network,
        user=talk.user("member"),
        topic="Secret topic",
        description="x",
        policy_areas=[talk.area],
    )
    assert client.get(f"/en/peers/contracting-5/exchanges/{exchange.pk}/").status_code == 404
    assert "Secret topic" not in client.get("/en/peers/contracting-5/exchanges/").content.decode()


def _ics(message):
    [(name, content, mimetype)] = message.attachments
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_registration_fills_places_then_a_waiting_list_promoted_on_cancellation(
    talk, django_capture_on_commit_callbacks
):
    event = make_event(talk.network, capacity=2)
    people = [talk.user("member"), talk.user("person"), make_user("third", language="es")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [
            services.registration_create(event=event, user=p, language=p.language) for p in people
        ]
    assert [r.status for r in registrations] == ["registered", "registered", "waiting"]
    assert [m.to[0] for m in mail.outbox] == [p.email for p in people]
    calendar = _ics(mail.outbox[0])
    [entry] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST" and str(entry["summary"]) == "OCDS training"
    assert entry.decoded("dtstart") == event.starts_at
    assert not mail.outbox[2].attachments and "lista de espera" in mail.outbox[2].subject
    # Registering twice changes nothing.
    assert services.registration_create(event=event, user=people[0]).pk == registrations[0].pk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=registrations[0], user=people[0])
    assert promoted.pk == registrations[2].pk and promoted.status == "registered"
    assert Registration.objects.get(pk=registrations[0].pk).status == "cancelled"  # kept, not deleted
    cancelled, promoted_mail = mail.outbox
    assert str(_ics(cancelled)["method"]) == "CANCEL"
    assert promoted_mail.to == [people[2].email] and "Tiene un lugar" in promoted_mail.subject
    assert str(_ics(promoted_mail)["method"]) == "REQUEST"


def test_an_event_that_is_over_takes_no_registration(talk):
    event = make_event(talk.network, days=-3)
    with pytest.raises(ValidationError):
        services.registration_create(event=event, user=talk.user("person"))


def test_the_event_page_shows_its_zone_and_offset_and_the_feed_lists_it(talk, client):
    start = datetime.datetime(2030, 3, 10, 17, 0, tzinfo=datetime.UTC)
    make_event(talk.network, slug="fixed", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    html = client.get("/en/peers/contracting-5/fixed/").content.decode()
    assert 'datetime="2030-03-10T17:00:00Z"' in html
    assert "2 p.m. (America/Argentina/Buenos_Aires, UTC−03:00)" in html
    feed = client.get("/peers/contracting-5/events.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20300310T170000Z" in feed.content
    assert client.get("/peers/no-such-network/events.ics").status_code == 404


def test_the_network_page_links_to_its_talk(talk, thread, client):
    html = client.get("/en/peers/contracting-5/").content.decode()
    assert "/en/peers/contracting-5/questions/" in html and "/peers/contracting-5/events.ics" in html
    assert "contract amendments" not in html  # members-only
    client.force_login(talk.user("member"))
    assert "contract amendments" in client.get("/en/peers/contracting-5/").content.decode()


def test_moderators_find_what_was_flagged_and_others_cannot_filter(talk, thread, client):
    question, answer = thread
    quiet = services.question_ask(network=talk.network, author=talk.user("editor"), title="A quiet question")
    services.flag_create(question=question, answer=answer, user=talk.user("ex_officio"), reason="Rude")
    client.force_login(talk.user("editor"))
    queue = client.get("/en/peers/contracting-5/questions/", {"flagged": "1"}).content.decode()
    assert "contract amendments" in queue and quiet.title not in queue
    client.force_login(talk.user("member"))
    unfiltered = client.get("/en/peers/contracting-5/questions/", {"flagged": "1"}).content.decode()
    assert quiet.title in unfiltered and "Flagged for moderation" not in unfiltered


def test_a_network_is_followed_through_the_sites_follow_system(
    talk, client, django_capture_on_commit_callbacks
):
    from commitments.models import Follow

    client.force_login(talk.user("editor"))
    assert "Follow this network" in client.get("/en/peers/contracting-5/").content.decode()
    client.post(f"/en/follow/{talk.network.pk}/", {"frequency": "immediate"})
    assert Follow.objects.filter(user=talk.user("editor"), page_id=talk.network.pk).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(
            network=talk.network, author=talk.user("member"), title="Who audits the portal?"
        )
    [message] = mail.outbox
    assert message.to == [talk.user("editor").email] and "Who audits the portal?" in message.body
    assert "/unsubscribe/" in message.body
