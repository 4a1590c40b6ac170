"""The scores' pages: what the public page shows (versions, what changed, replies, hidden ones),
the scoring page's to-do list, forms that keep their input, and query counts that stay flat as
scores grow (1 vs 50)."""

from __future__ import annotations

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.scores import services
from commitments.scores.models import MilestoneVerdict, Score, ScoreReply, ScoreVersion
from tracker.models import Organisation, Sector

from .progress_fixtures import EXE, pdf
from .scores_fixtures import COMPLETE, build_scores_world, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return build_scores_world()


def _client(sw, role) -> Client:
    client = Client()
    client.force_login(sw.user(role))
    return client


def _public(ogp_id="TS0001"):
    return Client().get(reverse("commitments:commitment_scores", args=[ogp_id]))


def test_the_public_page_shows_each_version_with_what_changed_and_the_reply(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    services.score_revise(actor=sw.user("civil_society"), score=score)
    services.score_draft_save(
        actor=sw.user("civil_society"), values={"completion": "substantial"}, score=score
    )
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    services.reply_post(actor=sw.user("poc"), score=score, text="Eight datasets are online now.")
    page = _public("ts0001")  # any letter case
    assert page.status_code == 200
    text = page.text
    assert "Watchdog" in text and "Mid-term" in text
    assert "Version 2" in text and "Version 1" in text
    assert "Limited → Substantial" in text  # what changed, in words
    assert "Eight datasets are online now." in text


def test_a_revision_in_progress_is_not_public(sw):
    score = draft(sw)
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    services.score_revise(actor=sw.user("civil_society"), score=score)
    services.score_draft_save(
        actor=sw.user("civil_society"),
        values={"completion_justification": "Secret new reasoning"},
        score=score,
    )
    text = _public().text
    assert "Only two of ten datasets" in text and "Secret new reasoning" not in text


def test_an_unknown_commitment_is_a_404():
    assert Client().get(reverse("commitments:commitment_scores", args=["XX9999"])).status_code == 404


def test_the_scoring_page_lists_open_rounds_and_what_is_left_to_score(sw):
    anonymous = Client().get(reverse("commitments:scoring"))
    assert "Mid-term" in anonymous.text and "Still to score" not in anonymous.text
    page = _client(sw, "civil_society").get(reverse("commitments:scoring"))
    new_url = reverse(
        "commitments:score_new", args=[sw.round.pk, sw.commitment.pk, sw.organisations["watchdog"].pk]
    )
    assert new_url in page.text
    score = draft(sw)
    page = _client(sw, "civil_society").get(reverse("commitments:scoring"))
    assert reverse("commitments:score_detail", args=[score.pk]) in page.text  # the draft, to finish
    services.score_sign_off(actor=sw.user("org_admin"), score=score)
    page = _client(sw, "civil_society").get(reverse("commitments:scoring"))
    assert "Nothing left to score in this round." in page.text
    # The lead implementer's member is not offered its own commitment.
    page = _client(sw, "implementer_member").get(reverse("commitments:scoring"))
    assert "TS0001" not in page.text


def test_a_bad_evidence_file_comes_back_with_the_input_kept(sw):
    url = reverse(
        "commitments:score_new", args=[sw.round.pk, sw.commitment.pk, sw.organisations["watchdog"].pk]
    )
    response = _client(sw, "civil_society").post(
        url,
        {
            **COMPLETE,
            "evidence_file": SimpleUploadedFile("report.pdf", EXE),
            f"m{sw.milestone.pk}-verdict": "contest",
            f"m{sw.milestone.pk}-reason": "",
        },
    )
    assert response.status_code == 400
    assert "does not match its name" in response.text
    assert "Say why you contest the update." in response.text
    assert "Give evidence for contesting the update" not in response.text  # the score's file counts
    assert "Only two of ten datasets are online." in response.text  # nothing typed is lost
    assert not Score.objects.exists()


def test_the_draft_saves_evidence_through_the_checked_upload_and_serves_it_to_the_organisation(sw):
    url = reverse(
        "commitments:score_new", args=[sw.round.pk, sw.commitment.pk, sw.organisations["watchdog"].pk]
    )
    _client(sw, "civil_society").post(url, {**COMPLETE, "evidence_file": pdf("watchdog.pdf")})
    score = Score.objects.get()
    assert score.evidence_file.name.endswith(".pdf")
    evidence = reverse("commitments:score_evidence", args=["draft", score.pk])
    assert _client(sw, "org_admin").get(evidence).status_code == 200
    assert Client().get(evidence).status_code == 404  # a draft's file is not public
    version = services.score_sign_off(actor=sw.user("org_admin"), score=score)
    assert (
        Client().get(reverse("commitments:score_evidence", args=["version", version.pk])).status_code == 200
    )


def test_sign_off_of_an_incomplete_score_says_what_is_missing(sw):
    score = draft(sw, results_justification="")
    response = _client(sw, "org_admin").post(reverse("commitments:score_sign_off", args=[score.pk]))
    assert response.status_code == 400
    assert "Required before the score is signed off." in response.text
    assert not Score.objects.get(pk=score.pk).is_public


def _many_scores(sw, count: int, prefix: str) -> None:
    """``count`` published scores of the commitment, each by its own organisation, with two
    versions, a verdict and a reply (written directly: the services are tested elsewhere)."""
    for n in range(count):
        organisation = Organisation.objects.create(name=f"{prefix} {n:02}", sector=Sector.CIVIL_SOCIETY)
        score = Score.objects.create(
            round=sw.round,
            commitment=sw.commitment,
            organisation=organisation,
            author=sw.user("civil_society"),
            state=Score.State.PUBLISHED,
            is_public=True,
            **COMPLETE,
        )
        for number, completion in ((1, "limited"), (2, "substantial")):
            version = ScoreVersion.objects.create(
                score=score,
                number=number,
                created_by=sw.user("civil_society"),
                signed_off_by=sw.user("org_admin"),
                **{**COMPLETE, "completion": completion},
            )
            MilestoneVerdict.objects.create(
                score=score,
                version=version,
                milestone=sw.milestone,
                update=sw.update,
                verdict="contest",
                reason="No",
            )
        ScoreReply.objects.create(score=score, author=sw.user("poc"), text=f"Reply from {prefix} {n}")


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.text


@pytest.mark.parametrize("page", ["public", "scoring"])
def test_query_counts_stay_flat_from_1_to_50_scores(sw, page):
    url = (
        reverse("commitments:commitment_scores", args=["TS0001"])
        if page == "public"
        else reverse("commitments:scoring")
    )
    client = Client() if page == "public" else _client(sw, "civil_society")
    _many_scores(sw, 1, "First")
    client.get(url)  # warm the caches (site, locale)
    one, _text = _queries(client, url)
    _many_scores(sw, 49, "Later")
    assert Score.objects.filter(is_public=True).count() == 50
    fifty, text = _queries(client, url)
    assert fifty == one
    if page == "public":
        assert text.count("Reply from Later") == 49 and "Reply from First 0" in text


def test_the_forum_finds_its_plans_and_rounds_on_the_scoring_page(sw):
    page = _client(sw, "reviewer").get(reverse("commitments:scoring"))
    assert reverse("commitments:round_new", args=[sw.round.action_plan_id]) in page.text
    assert reverse("commitments:round_close", args=[sw.round.pk]) in page.text
    services.round_close(actor=sw.user("reviewer"), round=sw.round)
    page = _client(sw, "reviewer").get(reverse("commitments:scoring"))
    assert reverse("commitments:round_reopen", args=[sw.round.pk]) in page.text
    other = _client(sw, "civil_society").get(reverse("commitments:scoring"))
    assert "Rounds you manage" not in other.text


def test_a_hidden_scores_evidence_is_no_longer_public(sw):
    score = draft(sw, evidence_url="")
    services.score_draft_save(actor=sw.user("civil_society"), values={}, evidence_file=pdf(), score=score)
    version = services.score_sign_off(actor=sw.user("org_admin"), score=score)
    url = reverse("commitments:score_evidence", args=["version", version.pk])
    assert Client().get(url).status_code == 200
    services.score_hide(actor=sw.user("staff"), score=score, reason="Defamatory")
    assert Client().get(url).status_code == 404
    assert _client(sw, "staff").get(url).status_code == 200


def test_contesting_without_any_evidence_is_refused_with_the_input_kept(sw):
    url = reverse(
        "commitments:score_new", args=[sw.round.pk, sw.commitment.pk, sw.organisations["watchdog"].pk]
    )
    response = _client(sw, "civil_society").post(
        url,
        {
            **COMPLETE,
            "evidence_url": "",
            f"m{sw.milestone.pk}-verdict": "contest",
            f"m{sw.milestone.pk}-reason": "Only one ministry's data",
        },
    )
    assert response.status_code == 400
    assert "a file or a link, here or for the whole score." in response.text
    assert "Only one ministry&#x27;s data" in response.text
    assert not Score.objects.exists()


def test_the_scoring_pages_title_is_its_name_only(sw):
    import re

    text = _client(sw, "reviewer").get(reverse("commitments:scoring")).text
    title = re.search(r"<title>(.*?)</title>", text, re.S)[1]
    assert " ".join(title.split()) == "Civil-society scoring · Open Commitments Tracker"
