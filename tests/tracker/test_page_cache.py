"""Anonymous pages served from the shared cache: fresh after any change, never personal."""

from __future__ import annotations

import pytest

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from commitments.models import CommitmentPage
from tests.commitments.progress_fixtures import build_world
from tracker import page_cache
from tracker.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on_as_in_production(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_BUMP_ON_COMMIT = True


@pytest.fixture
def world(db):
    built = build_world()
    # The test runs in one transaction that never commits: forget the bump its set-up
    # registered, so that each test sees the callbacks of its own writes (captured below).
    from django.db import connection

    connection.run_on_commit[:] = [
        entry for entry in connection.run_on_commit if entry[1] is not page_cache._bump_on_commit
    ]
    return built


def anonymous() -> Client:
    return Client()


def test_an_anonymous_page_is_served_from_the_cache_the_second_time_without_a_query(
    world, django_assert_num_queries
):
    url = world.commitment.url
    first = anonymous().get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = anonymous().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Cookie" in second["Vary"] and second["ETag"] == first["ETag"]


def test_a_change_to_the_record_shows_at_once(world, django_capture_on_commit_callbacks):
    url = world.commitment.url
    assert b"Open contracting data" in anonymous().get(url).content
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    page.title = "Open contracting data, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = anonymous().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Open contracting data, renamed" in response.content


def test_a_queryset_update_in_a_signed_in_post_makes_pages_stale(
    world, client, django_capture_on_commit_callbacks
):
    # QuerySet.update() sends no signal: the middleware marks the record changed after the post.
    client.force_login(world.user("person"))
    before, _ = page_cache.record_version()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(world.commitment.url + "nothing-here/", {})
    after, _ = page_cache.record_version()
    assert before != after


def test_following_and_asking_for_a_report_leave_cached_pages_fresh(
    world, client, django_capture_on_commit_callbacks
):
    """What changes nothing a public page shows does not make every cached page stale: who
    follows what is theirs alone, and a report request writes only the report's row."""
    from django.urls import reverse

    from commitments.models import Follow

    url = world.commitment.url
    assert anonymous().get(url)["X-Page-Cache"] == "miss"
    client.force_login(world.user("person"))
    with django_capture_on_commit_callbacks(execute=True):
        followed = client.post(
            reverse("commitments:follow", args=[world.commitment.pk]), {"frequency": "daily"}
        )
        client.post(reverse("reports:request"), {"page": world.commitment.pk})
        client.post(reverse("commitments:follow", args=[world.commitment.pk]), {"unfollow": "1"})
        client.post(reverse("commitments:follow", args=[world.commitment.pk]), {"frequency": "daily"})
    assert followed.status_code == 302
    assert Follow.objects.filter(user=world.user("person"), page=world.commitment).exists()
    assert anonymous().get(url)["X-Page-Cache"] == "hit"
    # Anything else a signed-in person posts still counts as a change.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "nothing-here/", {})
    assert anonymous().get(url)["X-Page-Cache"] == "miss"


def test_anonymous_posts_do_not_empty_the_cache(world):
    before, _ = page_cache.record_version()
    anonymous().post("/csp-report/", data="{}", content_type="application/csp-report")
    assert page_cache.record_version()[0] == before


def test_a_matching_etag_gets_304_without_a_body_and_a_stale_one_gets_the_page(
    world, django_capture_on_commit_callbacks
):
    url = world.commitment.url
    etag = anonymous().get(url)["ETag"]
    not_modified = anonymous().get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag and "Last-Modified" in not_modified
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    changed = anonymous().get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_signed_in_visitors_bypass_the_cache_and_their_page_is_never_stored(world, client):
    url = world.commitment.url
    anonymous().get(url)  # stored for anonymous visitors
    client.force_login(world.user("person"))
    mine = client.get(url)
    assert "X-Page-Cache" not in mine
    assert b"csrfmiddlewaretoken" in mine.content  # the follow form is theirs
    assert b"Sign in to follow" not in mine.content
    theirs = anonymous().get(url)
    assert theirs["X-Page-Cache"] == "hit"
    assert b"csrfmiddlewaretoken" not in theirs.content
    assert b"Sign in to follow" in theirs.content
    assert b"person" not in theirs.content  # no name in a menu
    assert not theirs.cookies


def test_a_visitor_with_a_session_or_csrf_cookie_is_not_served_from_the_cache(world):
    url = world.commitment.url
    anonymous().get(url)
    session = SessionStore()
    session.create()
    with_session = Client()
    with_session.cookies["sessionid"] = session.session_key
    assert "X-Page-Cache" not in with_session.get(url)
    with_token = Client()
    with_token.cookies["csrftoken"] = "x" * 32
    assert "X-Page-Cache" not in with_token.get(url)


def test_a_response_that_sets_a_cookie_is_never_stored():
    from django.http import HttpResponse

    response = HttpResponse("<form><input name=csrfmiddlewaretoken value=abc></form>")
    response.set_cookie("csrftoken", "abc")
    assert not page_cache._storable(response)
    assert page_cache._storable(HttpResponse("public"))


def test_the_explorer_is_cached_per_query_string_and_per_htmx_request(world):
    base = anonymous().get("/en/commitments/")
    assert base["X-Page-Cache"] == "miss"
    filtered = anonymous().get("/en/commitments/?member=TST")
    assert filtered["X-Page-Cache"] == "miss"
    partial = anonymous().get("/en/commitments/", HTTP_HX_REQUEST="true")
    assert partial["X-Page-Cache"] == "miss"
    assert "HX-Request" in partial["Vary"]
    assert anonymous().get("/en/commitments/?member=TST")["X-Page-Cache"] == "hit"


def test_pages_not_listed_are_never_cached(world):
    response = anonymous().get("/en/accounts/login/")
    assert "X-Page-Cache" not in response


def test_bookkeeping_writes_and_signing_in_leave_the_cache_alone(world, django_capture_on_commit_callbacks):
    before, _ = page_cache.record_version()
    session = SessionStore()
    session.create()
    user = User.objects.get(username="person")
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)
    assert page_cache.record_version()[0] == before
    user.first_name = "Ana"
    with django_capture_on_commit_callbacks(execute=True):
        user.save()
    assert page_cache.record_version()[0] != before


def test_many_saves_in_one_transaction_bump_the_version_once_after_commit(
    world, django_capture_on_commit_callbacks
):
    before, _ = page_cache.record_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for name in ("One", "Two", "Three"):
            User.objects.create_user(name.lower(), email=f"{name}@example.org")
        assert page_cache.record_version()[0] == before
    assert len([c for c in callbacks if c is page_cache._bump_on_commit]) == 1


def test_the_explorer_facts_version_makes_stored_pages_stale(world, rf):
    from commitments.explorer.facts import new_facts_version

    url = "/en/commitments/"
    assert anonymous().get(url)["X-Page-Cache"] == "miss"
    _key, etag, _stamp = page_cache.page_key(rf.get(url))
    assert page_cache.page_lookup(rf.get(url)).stored is not None
    new_facts_version()  # as a bulk import does, without any model signal
    assert page_cache.page_key(rf.get(url))[1] != etag
    assert page_cache.page_lookup(rf.get(url)).stored is None
    assert anonymous().get(url)["X-Page-Cache"] == "miss"


class _CountingCache:
    """The real cache, counting the calls that go to the cache server."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        attribute = getattr(self.real, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return call


def test_a_hit_costs_one_round_trip_to_the_cache(world, monkeypatch):
    url = world.commitment.url
    assert anonymous().get(url)["X-Page-Cache"] == "miss"
    counting = _CountingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", counting)
    from commitments.explorer import facts

    monkeypatch.setattr(facts, "cache", counting)  # the facts version hook reads it too

    response = anonymous().get(url)

    assert response["X-Page-Cache"] == "hit"
    assert counting.calls == ["get_many"]


def test_a_stale_page_is_stored_over_and_a_page_made_between_versions_is_not_served(world, rf):
    url = world.commitment.url
    assert anonymous().get(url)["X-Page-Cache"] == "miss"
    key = page_cache.page_key(rf.get(url))[0]
    # A page stored at an older version (a render that began before a write) is never served.
    stored = page_cache.cache.get(key)
    page_cache.cache.set(key, {**stored, "version": "an-older-version"})
    assert anonymous().get(url)["X-Page-Cache"] == "miss"
    # It was made again and stored over, under the same key: stale pages do not pile up.
    assert page_cache.cache.get(key)["version"] == page_cache.page_lookup(rf.get(url)).version
    assert anonymous().get(url)["X-Page-Cache"] == "hit"


class _Unreachable:
    """A cache whose server is down: every call raises, as RedisCache does then."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server unreachable")

        return fail


def test_an_unreachable_cache_serves_the_page_uncached(world, monkeypatch, caplog):
    url = world.commitment.url
    monkeypatch.setattr(page_cache, "cache", _Unreachable())
    response = anonymous().get(url)
    assert response.status_code == 200
    assert b"Open contracting data" in response.content
    assert "X-Page-Cache" not in response
    assert "the cache is unreachable" in caplog.text


def test_a_write_lands_even_when_the_version_cannot_be_bumped(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # As on a first `migrate`, before `createcachetable`: the bump fails after the commit, and
    # must not turn a landed write into an error.
    monkeypatch.setattr(page_cache, "cache", _Unreachable())
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    page.title = "Saved while the cache is down"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert CommitmentPage.objects.get(pk=page.pk).title == "Saved while the cache is down"
    assert "could not bump the record version" in caplog.text


def test_a_spanish_page_is_cached_whatever_language_the_thread_served_last(world):
    from django.utils import translation

    page_cache._view_name.cache_clear()
    # The middleware runs before LocaleMiddleware: the thread's language is the last request's.
    translation.activate("en")
    first = anonymous().get("/es/commitments/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    translation.activate("en")
    second = anonymous().get("/es/commitments/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "es"


def test_the_view_of_a_path_is_resolved_once_per_process(world, monkeypatch):
    from django.urls import resolve

    page_cache._view_name.cache_clear()
    calls = []

    def counting_resolve(path, urlconf=None):
        calls.append(path)
        return resolve(path, urlconf)

    monkeypatch.setattr(page_cache, "resolve", counting_resolve)
    url = world.commitment.url
    for _ in range(3):
        anonymous().get(url)
    assert calls == [url]
    # A path too long to remember is still resolved, each time, and never cached wrongly.
    long_path = "/en/" + "x" * page_cache.MEMO_PATH_LENGTH + "/"
    assert anonymous().get(long_path).status_code == 404
    assert anonymous().get(long_path).status_code == 404
    assert calls == [url, long_path, long_path]


def test_a_hit_runs_no_other_middleware_and_keeps_every_security_header(world, monkeypatch, settings):
    from tracker.security import SiteCSPMiddleware

    names = settings.MIDDLEWARE
    cache_at = names.index("tracker.page_cache.AnonymousPageCacheMiddleware")
    # Only the health checks (their own paths) and the HTTPS redirect run before it.
    assert names[:cache_at] == [
        "tracker.health.HealthCheckMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ]

    url = world.commitment.url
    first = anonymous().get(url)
    built = []
    original = SiteCSPMiddleware.process_response

    def counting(self, request, response):
        built.append(request.path)
        return original(self, request, response)

    monkeypatch.setattr(SiteCSPMiddleware, "process_response", counting)
    second = anonymous().get(url)

    assert second["X-Page-Cache"] == "hit"
    assert built == []  # the policy is not built again for a hit: it is stored with the page
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Reporting-Endpoints",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert second[header] == first[header], header


def test_reading_the_public_pages_leaves_every_cached_page_fresh(
    world, settings, django_capture_on_commit_callbacks
):
    # A read that writes bookkeeping (the open-data page queues a build of the download) must not
    # make every cached page stale: under load that was a stampede of renders every few seconds.
    settings.PAGE_CACHE_ENABLED = False  # every read renders, as a miss does
    plan = world.commitment.get_parent()
    before = page_cache.record_version()[0]
    for url in (
        "/en/",
        "/en/commitments/",
        plan.get_parent().url,
        plan.url,
        world.commitment.url,
        "/en/open-data/",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert anonymous().get(url).status_code == 200
    assert page_cache.record_version()[0] == before
    from commitments.api.models import OpenDataDump

    assert OpenDataDump.objects.exists()  # the read did queue its build


def test_every_ignored_model_is_a_real_model():
    # "django_tasks_db.dbtaskresult" named no model (the app's label is django_tasks_database):
    # every background task, the minutely heartbeat included, made every cached page stale.
    from django.apps import apps
    from django.conf import settings

    for label in settings.PAGE_CACHE_IGNORED_MODELS:
        assert apps.get_model(label) is not None, label


def test_background_tasks_leave_cached_pages_fresh(world, django_capture_on_commit_callbacks):
    from tracker.tasks import worker_heartbeat

    before = page_cache.record_version()[0]
    with django_capture_on_commit_callbacks(execute=True):
        worker_heartbeat.enqueue()
    assert page_cache.record_version()[0] == before
