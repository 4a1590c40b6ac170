"""The progress loop: updates, their review, milestone status and revisions, roll-ups."""

from __future__ import annotations

import datetime

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail.models import GroupPagePermission

from commitments.models import CommitmentFacts, Milestone, ProgressUpdate, UpdateEvent, UpdateState
from commitments.permissions import member_groups_ensure
from commitments.progress import services as progress
from commitments.rules import mean_progress, milestone_progress

from .progress_fixtures import pdf, submitted_update

pytestmark = pytest.mark.django_db


def test_a_member_gets_its_groups_with_page_rights_on_its_subtree_only(world):
    pocs, forum = member_groups_ensure(world.member)  # idempotent
    rights = set(
        GroupPagePermission.objects.filter(group=pocs).values_list("page_id", "permission__codename")
    )
    assert rights == {(world.member.pk, c) for c in ("add_page", "change_page", "publish_page")}
    assert not GroupPagePermission.objects.filter(group=forum).exists()
    assert pocs.permissions.filter(codename="access_admin").exists()


def test_the_whole_loop_records_every_step_and_only_approval_changes_the_status(world):
    update = submitted_update(world)
    assert update.state == UpdateState.SUBMITTED
    world.milestone.refresh_from_db()
    assert world.milestone.status == "scheduled"  # not yet approved: no change
    progress.progress_update_return_(update=update, reviewer=world.user("reviewer"), reason="Link is broken")
    progress.progress_update_revise(
        update=update,
        actor=world.user("poc"),
        status="partiallyMet",
        percent_complete=50,
        narrative="Fixed",
        as_of=timezone.localdate(),
        evidence_file=pdf(),
    )
    progress.progress_update_resubmit(update=update, actor=world.user("poc"))
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    update.refresh_from_db()
    assert update.state == UpdateState.APPROVED and update.decided_by == world.user("reviewer")
    actions = list(update.events.values_list("action", "actor__username"))
    assert actions == [
        ("created", "poc"),
        ("submitted", "poc"),
        ("returned", "reviewer"),
        ("resubmitted", "poc"),
        ("approved", "reviewer"),
    ]
    assert update.events.get(action="returned").note == "Link is broken"
    world.milestone.refresh_from_db()
    assert world.milestone.status == "partiallyMet"
    facts = CommitmentFacts.objects.get(commitment=world.commitment)
    assert facts.progress == 25  # 50% and 0%
    assert facts.last_approved_update == timezone.localdate()
    assert facts.oldest_waiting_update is None


def test_an_approved_update_is_final(world):
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    for attempt in (
        lambda: progress.progress_update_revise(
            update=update,
            actor=world.user("poc"),
            status="met",
            percent_complete=100,
            narrative="x",
            as_of=timezone.localdate(),
            evidence_url="https://example.org",
        ),
        lambda: progress.progress_update_return_(update=update, reviewer=world.user("reviewer"), reason="x"),
        lambda: progress.progress_update_approve(update=update, reviewer=world.user("reviewer")),
        lambda: progress.progress_update_resubmit(update=update, actor=world.user("poc")),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(Exception):  # noqa: B017 - protected: history is never lost
        world.milestone.delete()


def test_a_later_approval_supersedes_an_earlier_one(world):
    first = submitted_update(world)
    progress.progress_update_approve(update=first, reviewer=world.user("reviewer"))
    second = submitted_update(world, status="met", percent_complete=100)
    progress.progress_update_approve(update=second, reviewer=world.user("reviewer"))
    world.milestone.refresh_from_db()
    assert (world.milestone.status, world.milestone.date_met) == ("met", second.as_of)
    assert ProgressUpdate.objects.filter(state=UpdateState.APPROVED).count() == 2  # both kept


def test_publishing_an_old_revision_does_not_roll_an_approved_status_back(world):
    page = world.commitment
    old_revision = page.save_revision()
    old_revision.publish()
    update = submitted_update(world, status="met", percent_complete=100)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    assert Milestone.objects.get(pk=world.milestone.pk).status == "met"
    old_revision.publish()  # its milestone says "scheduled"
    assert Milestone.objects.get(pk=world.milestone.pk).status == "met"
    assert CommitmentFacts.objects.get(commitment=page).milestones_met == 1


def test_a_reviewer_cannot_approve_their_own_update_and_a_return_needs_a_reason(world):
    update = submitted_update(world, author=world.user("staff"))
    with pytest.raises(PermissionDenied):
        progress.progress_update_approve(update=update, reviewer=world.user("staff"))
    with pytest.raises(ValidationError):
        progress.progress_update_return_(update=update, reviewer=world.user("reviewer"), reason="  ")


def test_an_update_needs_evidence_and_a_met_milestone_is_complete(world):
    with pytest.raises(ValidationError):
        submitted_update(world, evidence_url="")
    with pytest.raises(ValidationError):
        submitted_update(world, status="met", percent_complete=80)
    assert not UpdateEvent.objects.exists()


@pytest.mark.parametrize(
    ("status", "approved", "expected"),
    [
        ("met", None, 100),
        ("met", 40, 100),
        ("partiallyMet", 70, 70),
        ("partiallyMet", None, 50),
        ("scheduled", None, 0),
        ("notMet", None, 0),
        ("scheduled", 30, 30),
    ],
)
def test_milestone_progress(status, approved, expected):
    assert milestone_progress(status=status, approved_percent=approved) == expected


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([None], None), ([100, 0], 50), ([100, None, 0, 33], 44)]
)
def test_mean_progress(values, expected):
    assert mean_progress(values) == expected


def test_plan_and_member_pages_show_progress_rolled_up(world, client):
    update = submitted_update(world, status="met", percent_complete=100)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    plan = world.commitment.get_parent()
    response = client.get(plan.url)
    assert "50%" in response.content.decode()
    response = client.get(world.member.url)
    assert "50%" in response.content.decode()
    assert timezone.localdate() - datetime.timedelta(days=1) < update.as_of + datetime.timedelta(days=1)


def test_publishing_a_revision_that_predates_a_reported_milestone_keeps_it(world):
    """A revision saved before a milestone existed (a scheduled or moderated one, say) is
    published after a POC reported on that milestone: the milestone and its history stay."""
    page = world.commitment
    revision = page.save_revision()
    revision.content["milestones"] = [
        m for m in revision.content["milestones"] if m["pk"] != world.milestone.pk
    ]
    revision.save(update_fields=["content"])
    update = submitted_update(world, status="met", percent_complete=100)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    revision.publish()  # the database refuses to delete a milestone with updates
    assert Milestone.objects.get(pk=world.milestone.pk).status == "met"
    assert set(page.milestones.values_list("pk", flat=True)) == {
        world.milestone.pk,
        world.second_milestone.pk,
    }
    assert ProgressUpdate.objects.filter(milestone=world.milestone).count() == 1
    # A milestone nobody reported on may still be removed by a revision.
    revision = page.save_revision()
    revision.content["milestones"] = [
        m for m in revision.content["milestones"] if m["pk"] != world.second_milestone.pk
    ]
    revision.save(update_fields=["content"])
    revision.publish()
    assert set(page.milestones.values_list("pk", flat=True)) == {world.milestone.pk}
