"""A members-only question never reaches anyone outside the network, through any read path:
its page (404, as for a page that does not exist, so not even the title leaks), the question
list and its search, the site's search index, a sitemap, the network's iCalendar feed, the
explorer's exports, the commitment page and its PDF report, and emails to followers. There is
no API yet (issue 16 brings one): nothing to read there.

The same paths show a public question to everyone, so each test would notice a path that hid
everything.
"""

from __future__ import annotations

import pytest

from django.core import mail
from django.utils import translation

from wagtail.models import Page

from commitments.models import Follow
from peers.talk import notifications, services

from .talk_fixtures import ROLES, make_event

pytestmark = pytest.mark.django_db

SECRET = "Candid: why did our e-procurement reform stall"
SECRET_BODY = "The minister blocked it"
OPEN = "Which OCDS extensions do you publish"
MEMBER_ROLES = {"member", "editor", "administrator", "ex_officio", "staff"}


@pytest.fixture
def questions(talk):
    secret = services.question_ask(
        network=talk.network,
        author=talk.user("member"),
        title=SECRET,
        body=SECRET_BODY,
        members_only=True,
        commitments=[talk.commitment],
    )
    services.answer_post(question=secret, author=talk.user("other_member"), body="Ours stalled too")
    public = services.question_ask(
        network=talk.network,
        author=talk.user("member"),
        title=OPEN,
        members_only=False,
        commitments=[talk.commitment],
    )
    return secret, public


def _as(client, talk, role):
    client.logout()
    user = talk.user(role)
    if role == "outsider_member" or user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", [*ROLES, "outsider_member"])
def test_the_question_page_is_a_404_outside_the_network(talk, questions, client, role):
    secret, public = questions
    _as(client, talk, role)
    response = client.get(f"/en/peers/contracting-5/questions/{secret.pk}/")
    if role in MEMBER_ROLES:
        assert response.status_code == 200 and SECRET_BODY in response.content.decode()
    else:
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    shown = client.get(f"/en/peers/contracting-5/questions/{public.pk}/")
    assert shown.status_code == 200 and OPEN in shown.content.decode()


@pytest.mark.parametrize("role", [*ROLES, "outsider_member"])
def test_the_list_and_its_search_leave_it_out(talk, questions, client, role):
    _as(client, talk, role)
    listing = client.get("/en/peers/contracting-5/questions/").content.decode()
    searched = client.get(
        "/en/peers/contracting-5/questions/", {"q": "e-procurement reform"}
    ).content.decode()
    by_body = client.get("/en/peers/contracting-5/questions/", {"q": "minister"}).content.decode()
    assert OPEN in listing
    if role in MEMBER_ROLES:
        assert SECRET in listing and SECRET in searched and SECRET in by_body
    else:
        assert SECRET not in listing + searched + by_body
        assert "No question matches your search." in searched


def test_it_is_not_in_the_site_search_index(talk, questions):
    """Questions are not indexed at all (neither kind): site search reads pages, practices and
    the record only, so it cannot return a members-only question."""
    from django.core.management import call_command

    from wagtail.search.backends import get_search_backend

    from peers.talk.models import Question

    call_command("update_index", verbosity=0)
    backend = get_search_backend()
    for model in (Page,):
        titles = [str(result) for result in backend.search("e-procurement reform stall", model)]
        assert not any(SECRET in title for title in titles)
    from modelsearch.index import class_is_indexed

    assert not class_is_indexed(Question)


def test_it_is_not_in_a_sitemap_or_the_calendar_feed(talk, questions, client):
    make_event(talk.network)
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/peers/contracting-5/" in sitemap.content.decode()  # public pages are there
    assert SECRET not in sitemap.content.decode()
    feed = client.get("/peers/contracting-5/events.ics")
    assert feed.status_code == 200 and b"OCDS training" in feed.content
    assert SECRET.encode() not in feed.content


def test_it_is_not_in_the_exports(talk, questions, client):
    for url in ("/en/commitments/export.csv", "/en/commitments/export.xlsx"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        assert SECRET.encode() not in body and SECRET_BODY.encode() not in body


def test_it_is_not_on_the_linked_commitment_page_or_its_pdf(talk, questions, client):
    from reports.build import kind_of, report_html
    from reports.models import Report
    from reports.versions import data_version

    page = client.get(talk.commitment.url).content.decode()
    assert SECRET not in page
    version, changed = data_version(talk.commitment)
    report = Report(
        kind=kind_of(talk.commitment),
        page=talk.commitment,
        language="en",
        version=version,
        data_changed_at=changed,
    )
    with translation.override("en"):
        html = report_html(report)
    assert SECRET not in html and SECRET_BODY not in html


def test_followers_of_the_network_outside_it_get_no_email_about_it(talk, django_capture_on_commit_callbacks):
    outsider, insider = talk.user("person"), talk.user("editor")
    for user in (outsider, insider):
        Follow.objects.create(user=user, page=talk.network, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(
            network=talk.network, author=talk.user("member"), title=SECRET + " again", members_only=True
        )
    assert [m.to for m in mail.outbox] == [[insider.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask(
            network=talk.network, author=talk.user("member"), title=OPEN + " again", members_only=False
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([outsider.email, insider.email])


def test_the_daily_digest_of_the_network_leaves_it_out_for_outsiders(talk, questions):
    import datetime

    from django.utils import timezone

    outsider, insider = talk.user("person"), talk.user("editor")
    long_ago = timezone.now() - datetime.timedelta(days=2)
    for user in (outsider, insider):
        follow = Follow.objects.create(
            user=user, page=talk.network, language="en", frequency=Follow.Frequency.DAILY
        )
        Follow.objects.filter(pk=follow.pk).update(created_at=long_ago)
    mail.outbox.clear()
    assert notifications.send_peer_digests() == 2
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert SECRET in bodies[insider.email] and OPEN in bodies[insider.email]
    assert SECRET not in bodies[outsider.email] and OPEN in bodies[outsider.email]


def test_it_is_not_in_the_api(talk, questions, client):
    """The open API (issue 16): every endpoint listed at its root, and the linked commitment's
    own record, say nothing of the members-only question (the public one is not there either:
    questions are not part of the API)."""
    root = client.get("/api/v1/")
    assert root.status_code == 200
    urls = [url for url in root.json().values() if isinstance(url, str) and url.startswith("http")]
    assert urls
    for url in [*urls, f"/api/v1/commitments/{talk.commitment.ogp_id}/"]:
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code in (200, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body and SECRET_BODY.encode() not in body, url
