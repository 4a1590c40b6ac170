"""Civil-society scores: the services (draft, sign-off, versions, revision, verdicts, replies,
hiding, rounds) and the emails they send."""

from __future__ import annotations

import datetime

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.models import Follow
from commitments.scores import services
from commitments.scores.models import MilestoneVerdict, Score, ScoreVersion
from commitments.scores.services import VerdictInput

from .scores_fixtures import build_scores_world, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return build_scores_world()


def test_a_draft_is_not_public_and_sign_off_publishes_a_first_version(sw):
    score = draft(sw)
    assert score.state == Score.State.DRAFT and not score.is_public
    assert not ScoreVersion.objects.exists()
    version = services.score_sign_off(actor=sw.user("org_admin"), score=score)
    score.refresh_from_db()
    assert (score.state, score.is_public, score.signed_off_by) == ("published", True, sw.user("org_admin"))
    assert version.number == 1 and version.completion == "limited"
    assert version.created_by == sw.user("civil_society") and not version.self_signed


def test_a_member_without_sign_off_rights_cannot_publish(sw):
    score = draft(sw)
    with pytest.raises(PermissionDenied):
        services.score_sign_off(actor=sw.user("civil_society"), score=score)
    score.refresh_from_db()
    assert not score.is_public and not ScoreVersion.objects.exists()


def test_a_one_person_organisation_signs_its_own_score_and_it_is_flagged(sw):
    score = draft(sw, organisation="solo", author="solo")
    version = services.score_sign_off(actor=sw.user("solo"), score=score)
    assert version.self_signed and Score.objects.get(pk=score.pk).self_signed


def test_sign_off_asks_for_every_scale_of_the_era_with_its_reason_and_evidence(sw):
    score = draft(sw, early_results="", evidence_url="", completion_justification="")
    with pytest.raises(ValidationError) as error:
        services.score_sign_off(actor=sw.user("org_admin"), score=score)
    assert set(error.value.message_dict) == {"early_results", "evidence_url", "completion_justification"}
    assert not ScoreVersion.objects.exists()


def test_the_other_eras_scales_are_not_kept(sw):
    score = draft(sw, potential_impact="transformative", open_government="major")
    assert score.potential_impact == "" and score.open_government == ""
    assert score.potential_for_results == "modest"


def test_a_revision_adds_a_version_and_keeps_the_earlier_one(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    services.score_revise(actor=sw.user("civil_society"), score=score)
    score.refresh_from_db()
    assert score.state == Score.State.DRAFT and score.is_public  # the published version stays public
    services.score_draft_save(
        actor=sw.user("civil_society"), values={"completion": "substantial"}, score=score
    )
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    versions = list(score.versions.order_by("number"))
    assert [(v.number, v.completion) for v in versions] == [(1, "limited"), (2, "substantial")]


def test_a_published_score_is_changed_only_through_a_revision(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    with pytest.raises(ValidationError):
        services.score_draft_save(
            actor=sw.user("civil_society"), values={"completion": "complete"}, score=score
        )
    assert Score.objects.get(pk=score.pk).completion == "limited"


def test_nothing_is_written_outside_an_open_round(sw):
    sw.round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    sw.round.opens_on = sw.round.closes_on - datetime.timedelta(days=10)
    sw.round.save()
    with pytest.raises(PermissionDenied):
        draft(sw)
    assert not Score.objects.exists()


def test_verdicts_are_copied_onto_each_version(sw):
    score = services.score_draft_save(
        actor=sw.user("civil_society"),
        values={
            "completion": "limited",
            "completion_justification": "x",
            "potential_for_results": "modest",
            "potential_justification": "y",
            "early_results": "not_yet",
            "results_justification": "z",
            "evidence_url": "https://example.org/e",
        },
        verdicts=[
            VerdictInput(
                milestone=sw.milestone,
                verdict="contest",
                reason="No dataset is online.",
                evidence_url="https://example.org/portal-screenshot",
            )
        ],
        round=sw.round,
        commitment=sw.commitment,
        organisation=sw.organisations["watchdog"],
    )
    version = services.score_sign_off(actor=sw.user("org_admin"), score=score)
    verdict = MilestoneVerdict.objects.get(version=version)
    assert (verdict.milestone, verdict.update, verdict.verdict) == (sw.milestone, sw.update, "contest")
    assert MilestoneVerdict.objects.filter(score=score, version=None).count() == 1  # the draft's copy


def test_contesting_needs_a_reason_and_an_unreported_milestone_cannot_be_judged(sw):
    with pytest.raises(ValidationError):
        services.score_draft_save(
            actor=sw.user("civil_society"),
            values={},
            verdicts=[
                VerdictInput(milestone=sw.milestone, verdict="contest", evidence_url="https://example.org/e")
            ],
            round=sw.round,
            commitment=sw.commitment,
            organisation=sw.organisations["watchdog"],
        )
    with pytest.raises(ValidationError):
        services.score_draft_save(
            actor=sw.user("civil_society"),
            values={},
            verdicts=[VerdictInput(milestone=sw.world.second_milestone, verdict="confirm")],
            round=sw.round,
            commitment=sw.commitment,
            organisation=sw.organisations["watchdog"],
        )
    with pytest.raises(ValidationError) as error:  # no evidence with it nor for the score
        services.score_draft_save(
            actor=sw.user("civil_society"),
            values={},
            verdicts=[VerdictInput(milestone=sw.milestone, verdict="contest", reason="Wrong")],
            round=sw.round,
            commitment=sw.commitment,
            organisation=sw.organisations["watchdog"],
        )
    assert "Give evidence for contesting" in str(error.value)
    assert not Score.objects.exists()  # one transaction: nothing half-saved
    # The score's own evidence backs the contest.
    score = services.score_draft_save(
        actor=sw.user("civil_society"),
        values={"evidence_url": "https://example.org/report"},
        verdicts=[VerdictInput(milestone=sw.milestone, verdict="contest", reason="Wrong")],
        round=sw.round,
        commitment=sw.commitment,
        organisation=sw.organisations["watchdog"],
    )
    assert score.verdicts.get().verdict == "contest"


def test_a_contesting_score_emails_the_pocs_in_their_language(sw, django_capture_on_commit_callbacks):
    poc = sw.user("poc")
    poc.language = "es"
    poc.save()
    score = draft(sw)
    services.score_draft_save(
        actor=sw.user("civil_society"),
        values={},
        verdicts=[
            VerdictInput(
                milestone=sw.milestone,
                verdict="contest",
                reason="Not online.",
                evidence_url="https://example.org/e",
            )
        ],
        score=score,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.score_sign_off(actor=sw.user("org_admin"), score=score)
    to_poc = [m for m in mail.outbox if m.to == [poc.email]]
    assert len(to_poc) == 1
    assert "TS0001" in to_poc[0].subject and "puntuación" in to_poc[0].subject.lower()
    assert f"/scoring/score/{score.pk}/reply/" in to_poc[0].body


def test_a_confirming_score_close_to_the_government_emails_no_poc(sw, django_capture_on_commit_callbacks):
    # The government reports 40 % (limited); the score says limited too.
    score = draft(sw)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.score_sign_off(actor=sw.user("org_admin"), score=score)
    assert not [m for m in mail.outbox if m.to == [sw.user("poc").email]]


def test_followers_are_emailed_when_a_score_is_published(sw, django_capture_on_commit_callbacks):
    follower = sw.user("person")
    Follow.objects.create(user=follower, page=sw.commitment, language="en")
    score = draft(sw)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.score_sign_off(actor=sw.user("org_admin"), score=score)
    to_follower = [m for m in mail.outbox if m.to == [follower.email]]
    assert len(to_follower) == 1 and "Watchdog" in to_follower[0].subject
    assert "/commitments/TS0001/scores/" in to_follower[0].body


def test_one_reply_per_score_by_a_poc(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    reply = services.reply_post(actor=sw.user("poc"), score=score, text="The data went online last week.")
    assert reply.score == score
    with pytest.raises(PermissionDenied):
        services.reply_post(actor=sw.user("poc"), score=score, text="Again")


def test_hiding_keeps_the_score_and_needs_a_public_reason(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    with pytest.raises(ValidationError):
        services.score_hide(actor=sw.user("staff"), score=score, reason=" ")
    with pytest.raises(PermissionDenied):
        services.score_hide(actor=sw.user("poc"), score=score, reason="Rude")
    services.score_hide(actor=sw.user("staff"), score=score, reason="Personal attacks")
    score.refresh_from_db()
    assert score.hidden and score.hidden_reason == "Personal attacks" and score.versions.count() == 1


def test_a_round_reopens_with_its_reason_and_closes(sw):
    services.round_close(actor=sw.user("reviewer"), round=sw.round)
    assert not sw.round.is_open()
    with pytest.raises(ValidationError):
        services.round_reopen(
            actor=sw.user("staff"), round=sw.round, reason="", closes_on=timezone.localdate()
        )
    services.round_reopen(
        actor=sw.user("staff"),
        round=sw.round,
        reason="Late data from the ministry",
        closes_on=timezone.localdate(),
    )
    sw.round.refresh_from_db()
    assert sw.round.is_open() and sw.round.reopened_reason == "Late data from the ministry"


def test_the_change_log_shows_a_published_version_and_never_a_draft(sw):
    from django.test import Client
    from django.urls import reverse

    score = draft(sw, completion_justification="Private reasoning in a draft")
    url = reverse("commitments:change_log", args=["TS0001"])
    assert "Watchdog" not in Client().get(url).text
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    text = Client().get(url).text
    assert "Watchdog – TS0001 (Mid-term)" in text
    assert "Private reasoning in a draft" not in text
