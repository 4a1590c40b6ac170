"""Emails of civil-society scores, each in its recipient's language: followers of a commitment
when a score of it is published; the commitment's POCs when a published score gives them a
right of reply (it contests an update, or rates completion two or more steps below theirs)."""

from __future__ import annotations

from django.urls import reverse

from tracker.mail import absolute_url, send_templated

from ..models import Follow
from ..permissions import member_of, poc_group_name
from ..progress.notifications import unsubscribe_url
from ..progress.selectors import followers_of, latest_approved
from . import rules
from .models import MilestoneVerdict, ScoreVersion

EMAILS = "scores/email/"


def _version(version_pk: int) -> ScoreVersion:
    return ScoreVersion.objects.select_related(
        "score__commitment", "score__organisation", "score__round"
    ).get(pk=version_pk)


def _context(version: ScoreVersion) -> dict:
    score = version.score
    return {
        "version": version,
        "score": score,
        "commitment": score.commitment,
        "organisation": score.organisation,
        "url": absolute_url(reverse("commitments:commitment_scores", args=[score.commitment.ogp_id])),
    }


def notify_followers_of_score(version_pk: int) -> int:
    """Email the immediate followers of the commitment (or its plan or member) that a score of it
    was published."""
    version = _version(version_pk)
    sent = 0
    seen: set[int] = set()
    for follow in followers_of(version.score.commitment).filter(frequency=Follow.Frequency.IMMEDIATE):
        if follow.user_id in seen or not follow.user.email or not follow.user.is_active:
            continue
        seen.add(follow.user_id)
        link = unsubscribe_url(follow)
        send_templated(
            to=follow.user.email,
            language=follow.language,
            template=EMAILS + "score_published",
            context=lambda follow=follow, link=link: {
                **_context(version),
                "follow": follow,
                "unsubscribe_url": link,
            },
            headers={"List-Unsubscribe": f"<{link}>"},
        )
        sent += 1
    return sent


def gives_right_of_reply(version: ScoreVersion) -> bool:
    """Whether this published version gives the commitment's POCs a right of reply."""
    commitment = version.score.commitment
    verdicts = list(MilestoneVerdict.objects.filter(version=version).values_list("verdict", flat=True))
    milestone_ids = list(commitment.milestones.values_list("pk", flat=True))
    reports = [(u.status, u.percent_complete) for u in latest_approved(milestone_ids).values()]
    return rules.gives_right_of_reply(
        verdicts=verdicts,
        score_completion=version.completion,
        government=rules.government_commitment_completion(reports),
    )


def notify_pocs_if_replied(version_pk: int) -> int:
    """Email each of the commitment's POCs, in their language, when the score gives them a right
    of reply; returns how many were written to."""
    from django.contrib.auth import get_user_model

    version = _version(version_pk)
    if not gives_right_of_reply(version):
        return 0
    member = member_of(version.score.commitment)
    if member is None:
        return 0
    recipients = (
        get_user_model()
        .objects.filter(groups__name=poc_group_name(member), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    sent = 0
    for user in recipients:
        send_templated(
            to=user.email,
            language=user.language,
            template=EMAILS + "reply_invited",
            context=lambda: {
                **_context(version),
                "reply_url": absolute_url(reverse("commitments:score_reply", args=[version.score_id])),
            },
        )
        sent += 1
    return sent
