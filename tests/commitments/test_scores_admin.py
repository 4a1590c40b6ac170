"""The Wagtail admin cannot bypass sign-off or the rules: scores and replies are read-only
there (no add, edit or delete, for anyone), staff hide them with a public reason through the
services, and round changes go through the services too."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.scores import services
from commitments.scores.models import Score, ScoreReply, ScoringRound

from .scores_fixtures import COMPLETE, SCORE_ROLES, build_scores_world, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return build_scores_world()


def _client(sw, role) -> Client:
    client = Client()
    if sw.user(role):
        client.force_login(sw.user(role))
    return client


def _published(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    return score


def _url(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_commitments_scores_{model}:{view}", args=args)


@pytest.mark.parametrize("role", SCORE_ROLES)
def test_nobody_adds_edits_or_deletes_a_score_in_the_admin(sw, role):
    score = _published(sw)
    client = _client(sw, role)
    for url in (_url("score", "add"), _url("score", "edit", score.pk), _url("score", "delete", score.pk)):
        response = client.post(url, {**COMPLETE, "completion": "complete", "state": "published"})
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "login" in response["Location"] or response["Location"] == "/admin/"
    score.refresh_from_db()
    assert score.completion == "limited" and Score.objects.count() == 1 and score.versions.count() == 1


@pytest.mark.parametrize("role", SCORE_ROLES)
def test_nobody_adds_a_reply_in_the_admin(sw, role):
    score = _published(sw)
    response = _client(sw, role).post(_url("scorereply", "add"), {"score": score.pk, "text": "Forged"})
    assert response.status_code in (302, 403, 404)
    assert not ScoreReply.objects.exists()


def test_staff_list_and_inspect_scores(sw):
    score = _published(sw)
    client = _client(sw, "staff")
    listing = client.get(_url("score", "list"))
    assert listing.status_code == 200 and "Watchdog" in listing.text
    assert reverse("scores_score_hide", args=[score.pk]) in listing.text
    assert client.get(_url("score", "inspect", score.pk)).status_code == 200
    assert _client(sw, "poc").get(_url("score", "list")).status_code in (302, 403)


@pytest.mark.parametrize("role", SCORE_ROLES)
def test_only_staff_hide_a_score_and_the_reason_shows_in_its_place(sw, role):
    score = _published(sw)
    response = _client(sw, role).post(reverse("scores_score_hide", args=[score.pk]), {"reason": "Insults"})
    score.refresh_from_db()
    assert score.hidden == (role == "staff")
    if role != "staff":
        assert response.status_code in (302, 403)
        return
    page = Client().get(reverse("commitments:commitment_scores", args=["TS0001"]))
    assert "Insults" in page.text and "Only two of ten datasets" not in page.text
    assert score.versions.count() == 1  # nothing deleted


def test_hiding_without_a_reason_is_refused_with_a_message(sw):
    score = _published(sw)
    response = _client(sw, "staff").post(reverse("scores_score_hide", args=[score.pk]), {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.text
    assert not Score.objects.get(pk=score.pk).hidden


def test_staff_hide_a_reply(sw):
    score = _published(sw)
    reply = services.reply_post(actor=sw.user("poc"), score=score, text="Rude words")
    _client(sw, "staff").post(reverse("scores_reply_hide", args=[reply.pk]), {"reason": "Off topic"})
    reply.refresh_from_db()
    assert reply.hidden and reply.hidden_reason == "Off topic"
    page = Client().get(reverse("commitments:commitment_scores", args=["ts0001"]))
    assert "Off topic" in page.text and "Rude words" not in page.text


def test_round_changes_in_the_admin_go_through_the_service(sw):
    client = _client(sw, "staff")
    today = timezone.localdate()
    values = {
        "name": "Mid-term review",
        "period_start": (today - datetime.timedelta(days=100)).isoformat(),
        "period_end": today.isoformat(),
        "opens_on": today.isoformat(),
        "closes_on": (today - datetime.timedelta(days=3)).isoformat(),  # before it opens
        "allow_business": "on",
    }
    response = client.post(_url("scoringround", "edit", sw.round.pk), values)
    assert response.status_code == 200  # re-rendered with the error
    assert ScoringRound.objects.get(pk=sw.round.pk).name == "Mid-term"
    values["closes_on"] = (today + datetime.timedelta(days=3)).isoformat()
    response = client.post(_url("scoringround", "edit", sw.round.pk), values)
    assert response.status_code == 302
    round = ScoringRound.objects.get(pk=sw.round.pk)
    assert (round.name, round.allow_business, round.action_plan_id) == (
        "Mid-term review",
        True,
        sw.round.action_plan_id,
    )


@pytest.mark.parametrize("role", [r for r in SCORE_ROLES if r != "staff"])
def test_only_staff_change_rounds_in_the_admin(sw, role):
    response = _client(sw, role).post(_url("scoringround", "edit", sw.round.pk), {"name": "Hijacked"})
    assert response.status_code in (302, 403)
    assert ScoringRound.objects.get(pk=sw.round.pk).name == "Mid-term"
    assert _client(sw, role).post(_url("scoringround", "delete", sw.round.pk)).status_code in (302, 403, 404)
    assert ScoringRound.objects.filter(pk=sw.round.pk).exists()
