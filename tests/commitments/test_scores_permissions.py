"""Who may do what with civil-society scores: every role against every action, each tried
through the page (the form or button is offered, or refused) and by a direct POST (the write
happens, or is refused and nothing changes)."""

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

# The organisation each role scores for: its own, or Watchdog for those with none.
OWN_ORGANISATION = {
    "civil_society": "watchdog",
    "org_admin": "watchdog",
    "solo": "solo",
    "government_member": "government",
    "business_member": "business",
    "implementer_member": "implementer",
}


@pytest.fixture
def sw():
    return build_scores_world()


def _client(sw, role) -> Client:
    client = Client()
    if sw.user(role):
        client.force_login(sw.user(role))
    return client


def _ok(response) -> bool:
    if response.status_code == 200:
        return True
    return response.status_code == 302 and "login" not in response["Location"]


def _new_score_url(sw, role):
    organisation = sw.organisations[OWN_ORGANISATION.get(role, "watchdog")]
    return reverse("commitments:score_new", args=[sw.round.pk, sw.commitment.pk, organisation.pk])


def draft_a_score(sw, role):
    """The page offers the form; a POST saves a draft for the role's organisation."""
    client = _client(sw, role)
    page = _ok(client.get(_new_score_url(sw, role)))
    response = client.post(
        _new_score_url(sw, role),
        {
            **COMPLETE,
            f"m{sw.milestone.pk}-verdict": "contest",
            f"m{sw.milestone.pk}-reason": "Not online",
            f"m{sw.milestone.pk}-evidence_url": "https://example.org/portal",
        },
    )
    written = Score.objects.filter(completion="limited").exists()
    assert _ok(response) == written == page
    return written


def draft_outside_an_open_round(sw, role):
    """A round that closed yesterday takes no score from anyone, page or POST."""
    sw.round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    sw.round.opens_on = sw.round.closes_on - datetime.timedelta(days=30)
    sw.round.save()
    return draft_a_score(sw, role)


def draft_before_the_round_opens(sw, role):
    sw.round.opens_on = timezone.localdate() + datetime.timedelta(days=1)
    sw.round.save()
    return draft_a_score(sw, role)


def sign_off(sw, role):
    """Watchdog's draft: the sign-off button is offered, and the POST publishes."""
    score = draft(sw)
    client = _client(sw, role)
    detail = client.get(reverse("commitments:score_detail", args=[score.pk]))
    offered = (
        detail.status_code == 200 and reverse("commitments:score_sign_off", args=[score.pk]) in detail.text
    )
    response = client.post(reverse("commitments:score_sign_off", args=[score.pk]))
    published = Score.objects.get(pk=score.pk).is_public
    assert _ok(response) == published == offered
    return published


def sign_off_own_one_person_score(sw, role):
    """Lone Analyst's (one member) draft, written by that member."""
    score = draft(sw, organisation="solo", author="solo")
    client = _client(sw, role)
    response = client.post(reverse("commitments:score_sign_off", args=[score.pk]))
    published = Score.objects.get(pk=score.pk).is_public
    assert _ok(response) == published
    return published


def revise(sw, role):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    response = _client(sw, role).post(reverse("commitments:score_revise", args=[score.pk]))
    revising = Score.objects.get(pk=score.pk).state == Score.State.DRAFT
    assert _ok(response) == revising
    return revising


def reply(sw, role):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    client = _client(sw, role)
    page = _ok(client.get(reverse("commitments:score_reply", args=[score.pk])))
    response = client.post(reverse("commitments:score_reply", args=[score.pk]), {"text": "It is online now."})
    written = ScoreReply.objects.filter(score=score).exists()
    assert _ok(response) == written == page
    return written


def open_a_round(sw, role):
    plan = sw.round.action_plan
    client = _client(sw, role)
    url = reverse("commitments:round_new", args=[plan.pk])
    page = _ok(client.get(url))
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "name": "End of term",
            "period_start": today.replace(day=1).isoformat(),
            "period_end": today.isoformat(),
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=20)).isoformat(),
        },
    )
    written = ScoringRound.objects.filter(name="End of term").exists()
    assert _ok(response) == written == page
    return written


def close_and_reopen_a_round(sw, role):
    client = _client(sw, role)
    response = client.post(reverse("commitments:round_close", args=[sw.round.pk]))
    closed = ScoringRound.objects.get(pk=sw.round.pk).closed_at is not None
    assert _ok(response) == closed
    services.round_close(actor=sw.user("staff"), round=sw.round)
    url = reverse("commitments:round_reopen", args=[sw.round.pk])
    page = _ok(client.get(url))
    response = client.post(url, {"reason": "More time", "closes_on": timezone.localdate().isoformat()})
    reopened = ScoringRound.objects.get(pk=sw.round.pk).reopened_reason == "More time"
    assert _ok(response) == reopened == page == closed
    return reopened


ACTIONS = {
    draft_a_score: {"civil_society", "org_admin", "solo"},
    draft_outside_an_open_round: set(),
    draft_before_the_round_opens: set(),
    sign_off: {"org_admin"},
    sign_off_own_one_person_score: {"solo"},
    revise: {"civil_society", "org_admin"},
    reply: {"poc"},
    open_a_round: {"reviewer", "staff"},
    close_and_reopen_a_round: {"reviewer", "staff"},
}


@pytest.mark.parametrize("role", SCORE_ROLES)
@pytest.mark.parametrize("action", list(ACTIONS), ids=lambda a: a.__name__)
def test_permission_table(sw, role, action):
    assert action(sw, role) == (role in ACTIONS[action])


def test_business_scores_when_the_round_allows_it(sw):
    sw.round.allow_business = True
    sw.round.save()
    assert draft_a_score(sw, "business_member")


def test_a_poc_replies_once(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    client = _client(sw, "poc")
    client.post(reverse("commitments:score_reply", args=[score.pk]), {"text": "First"})
    response = client.post(reverse("commitments:score_reply", args=[score.pk]), {"text": "Second"})
    assert response.status_code == 403
    assert list(ScoreReply.objects.values_list("text", flat=True)) == ["First"]


def test_a_draft_is_seen_only_by_its_organisation_and_staff(sw):
    score = draft(sw)
    url = reverse("commitments:score_detail", args=[score.pk])
    seen = {role: _client(sw, role).get(url).status_code == 200 for role in SCORE_ROLES}
    assert {role for role, ok in seen.items() if ok} == {"civil_society", "org_admin", "staff"}
    public = Client().get(reverse("commitments:commitment_scores", args=["ts0001"]))
    assert "Only two of ten datasets" not in public.text


def test_every_scores_post_needs_a_csrf_token(sw):
    score = draft(sw)
    client = Client(enforce_csrf_checks=True)
    client.force_login(sw.user("org_admin"))
    for url in (
        reverse("commitments:score_sign_off", args=[score.pk]),
        _new_score_url(sw, "org_admin"),
        reverse("commitments:round_close", args=[sw.round.pk]),
    ):
        assert client.post(url, COMPLETE).status_code == 403
    assert not Score.objects.get(pk=score.pk).is_public
