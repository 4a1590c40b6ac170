"""Issue 17: signed-in people's record pages are made for them around shared parts.

A member, plan or commitment page is the record plus a few things that depend on the person
(the menu, the follow box, the buttons they may use). The record parts (``{% shared %}``) are
kept in the cache per kind of viewer (what the person may do there, ``viewer_facts``), by the
record's version, the day, the URL and the language. What must hold: everyone sees exactly the
page they would see without the cache, whoever read it before them; a change shows at once;
nothing personal (a CSRF token, someone's own unlink buttons) is ever stored; a preview is never
shared; an unreachable cache costs speed, never the page.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from commitments.models import ActionPlanPage, CommitmentPage, MemberPage
from tests.commitments.progress_fixtures import build_world
from tracker import page_cache
from tracker.models import User

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page_html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    # A CSRF token is masked afresh on every render: only its place is compared.
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode())


def signed_in(username: str | None) -> Client:
    client = Client()
    if username is None:
        # A visitor with a cookie is not served from the page cache: the page is rendered.
        client.cookies["messages"] = "none"
    else:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_every_viewer_sees_what_they_would_see_without_the_cache_whoever_read_before(settings):
    """The demo (every panel on UA0087: contracting with owners, scores, cases, visits,
    consultations, practices), every kind of account, in English and Spanish, read in one order
    and then in the other, against the same pages made without the cache."""
    call_command("seed_demo", stdout=StringIO())
    member = MemberPage.objects.get(code="UKR")
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    plan = commitment.get_parent().specific
    assert isinstance(plan, ActionPlanPage)
    urls = [page.url for page in (member, plan, commitment)]
    urls += [url.replace("/en/", "/es/", 1) for url in urls]
    viewers = [None, *User.objects.order_by("username").values_list("username", flat=True)]
    assert {"follower", "monitor", "poc-ukraine", "forum-ukraine", "admin"} <= set(viewers)
    clients = {viewer: signed_in(viewer) for viewer in viewers}

    settings.PAGE_CACHE_ENABLED = False
    expected = {(viewer, url): page_html(clients[viewer], url) for viewer in viewers for url in urls}

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    for order in (viewers, viewers[::-1]):
        for viewer in order:
            for url in urls:
                assert page_html(clients[viewer], url) == expected[(viewer, url)], (viewer, url)

    # And the parts were shared: made once, a follower's page reads the person, the page and
    # the follow box, at most half of what it reads without them (8 of 23 on UA0087, whose
    # panels read their rows with their children in one query each: docs/page-queries.md).
    cache.clear()
    with CaptureQueriesContext(connection) as made:
        page_html(clients["follower"], urls[2])
    with CaptureQueriesContext(connection) as shared:
        html = page_html(clients["follower"], urls[2])
    assert len(shared) * 2 <= len(made), (len(shared), len(made))
    assert "You follow this." in html and "Signed in as follower" in html


@pytest.fixture
def world(db):
    return build_world()


def test_a_signed_in_reader_sees_a_change_at_once(world, cache_on):
    client = signed_in(world.users["person"].username)
    url = world.commitment.url
    assert "Open contracting data" in page_html(client, url)
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    page.title = "Open contracting data, renamed"
    page.save_revision().publish()
    assert "Open contracting data, renamed" in page_html(client, url)


def test_a_hit_reads_only_the_person_and_the_page(world, cache_on, django_assert_num_queries):
    client = signed_in(world.users["person"].username)
    url = world.commitment.url
    first = page_html(client, url)
    # The session, the user, their groups and two-factor (one query), the site, the page with its
    # ancestors and facts, whether they monitor it (may they link contracting?), the follow box's
    # follow, the peers menu.
    with django_assert_num_queries(8):
        again = page_html(client, url)
    assert again == first


def test_those_who_see_something_of_their_own_get_a_page_made_whole(world, cache_on):
    """A point of contact may unlink contracting links, with a form and a token per link: what
    they see of the commitment is never stored, and never shown to anyone else."""
    poc = signed_in(world.users["poc"].username)
    page_html(poc, world.commitment.url)
    stored = [key for key in cache._cache if page_cache.FRAGMENT_PREFIX in key]
    assert stored == []
    follower = signed_in(world.users["person"].username)
    html = page_html(follower, world.commitment.url)
    assert "Link a contracting process or project" not in html
    assert [key for key in cache._cache if page_cache.FRAGMENT_PREFIX in key]


def test_a_part_holding_a_csrf_token_is_never_stored(rf, cache_on):
    request = rf.get("/en/somewhere/")
    fragments = page_cache.fragments_lookup(request, ("body",), {"can": False})
    fragments.store("body", '<form><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>')
    again = page_cache.fragments_lookup(request, ("body",), {"can": False})
    assert again.get("body") is None and not again.complete
    fragments.store("body", "<p>The record</p>")
    assert page_cache.fragments_lookup(request, ("body",), {"can": False}).get("body") == "<p>The record</p>"
    # Another kind of viewer, another language or another day is another key.
    assert page_cache.fragments_lookup(request, ("body",), {"can": True}).get("body") is None


def test_a_preview_is_never_shared(world, cache_on):
    request = RequestFactory().get(world.commitment.url)
    request.user = world.users["person"]
    request.is_preview = True
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    context = page.get_context(request)
    assert context["fragments"] is None
    assert context["milestones"]  # made whole


class _Unreachable:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server unreachable")

        return fail


def test_an_unreachable_cache_costs_speed_never_the_page(world, cache_on, monkeypatch, caplog, settings):
    client = signed_in(world.users["person"].username)
    settings.PAGE_CACHE_ENABLED = False
    expected = page_html(client, world.commitment.url)
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(page_cache, "cache", _Unreachable())
    assert page_html(client, world.commitment.url) == expected
    assert "the cache is unreachable" in caplog.text


def test_the_shared_tag_takes_one_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load tracker_tags %}{% shared body %}x{% endshared %}")
    rendered = Template("{% load tracker_tags %}{% shared 'body' %}{{ x }}{% endshared %}").render(
        Context({"x": "record", "fragments": None})
    )
    assert rendered == "record"
