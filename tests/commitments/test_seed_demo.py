"""The demo: built through the real services, one account per role, idempotent."""

from io import StringIO
from pathlib import Path

import pytest

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from commitments.models import CommitmentPage, Milestone, StakeholderRole
from devdata.demo import DEMO_USERS
from tests.commitments.test_import import snapshot
from tracker.models import Membership

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_and_a_second_run_changes_nothing():
    first = seed()
    assert "imported: members=28 action_plans=41 commitments=60" in first
    assert CommitmentPage.objects.count() == 60
    # Every commitment has three to five milestones, met more often where the IRM saw progress.
    per_commitment = [c.milestones.count() for c in CommitmentPage.objects.all()]
    assert min(per_commitment) >= 3 and max(per_commitment) <= 5
    complete = CommitmentPage.objects.get(ogp_id="FR0026")  # completion "Complete" at end of term
    assert {m.status for m in complete.milestones.all()} == {"met"}
    not_started = CommitmentPage.objects.get(ogp_id="UA0032")  # "Not Started"
    assert "met" not in {m.status for m in not_started.milestones.all()}
    assert StakeholderRole.objects.filter(commitment__ogp_id="UA0087", role="monitor").exists()
    # Contracting (devdata.demo_contracting): two commitments linked to the OCDS sample, its
    # supplier's owners declared.
    from commitments.contracting.models import BodsRelationship, DataSource, ProcessLink

    assert ProcessLink.objects.filter(ocid="ocds-213czf-000-00001").count() == 2
    assert BodsRelationship.objects.filter(subject="rec-anycorp").count() == 2
    sources = DataSource.objects.count()

    before = snapshot()
    milestones = Milestone.objects.count()
    second = seed()
    assert "demo user" not in second
    assert Milestone.objects.count() == milestones
    assert snapshot() == before
    assert ProcessLink.objects.count() == 2 and DataSource.objects.count() == sources


def test_every_demo_account_signs_in_with_the_password_in_the_readme():
    seed()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for spec in DEMO_USERS:
        assert f"`{spec.username}` | `{spec.password}`" in readme
        assert authenticate(username=spec.username, password=spec.password) is not None
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin", "editor"}
    poc = Membership.objects.select_related("organisation").get(user__username="poc-ukraine")
    assert (poc.organisation.name, poc.organisation.sector) == ("Ministry of Finance", "government")


def test_the_demo_has_updates_in_every_state_and_a_follower():
    from commitments.models import Follow, ProgressUpdate

    seed()
    states = set(
        ProgressUpdate.objects.filter(milestone__commitment__ogp_id="UA0087").values_list("state", flat=True)
    )
    assert states == {"draft", "submitted", "returned", "resubmitted", "approved"}
    assert Follow.objects.filter(user__username="follower", page__commitmentpage__ogp_id="UA0087").exists()
    poc = get_user_model().objects.get(username="poc-ukraine")
    assert poc.groups.filter(name="UKR POCs").exists()
    seed()
    assert ProgressUpdate.objects.count() == 5


def test_the_demo_has_an_approved_and_a_waiting_rebaselining():
    from commitments.models import Rebaseline

    seed()
    states = sorted(Rebaseline.objects.values_list("state", flat=True))
    assert states == ["approved", "submitted"]
    moved = Milestone.objects.get(rebaselines__state="approved")
    assert moved.original_end_date.year + 1 == moved.end_date.year
    seed()
    assert Rebaseline.objects.count() == 2


def test_demo_has_an_org_admin_a_pending_request_and_staff_with_two_factor():
    from tracker import permissions
    from tracker.models import MembershipRequest

    seed()
    monitor = Membership.objects.get(user__username="monitor")
    assert monitor.role == Membership.Role.ADMIN
    pending = MembershipRequest.objects.get(user__username="newcomer")
    assert pending.status == MembershipRequest.Status.PENDING
    assert pending.organisation == monitor.organisation
    User = get_user_model()
    for username in ("admin", "editor", "poc-ukraine"):
        assert permissions.has_two_factor(User.objects.get(username=username)), username
    assert not permissions.has_two_factor(User.objects.get(username="monitor"))
    seed()  # idempotent: no second request, no second authenticator
    assert MembershipRequest.objects.filter(user__username="newcomer").count() == 1


def test_demo_totp_code_signs_the_demo_admin_in(client):
    from allauth.mfa.models import Authenticator

    seed()
    out = StringIO()
    call_command("demo_totp_code", stdout=out)
    code = out.getvalue().strip()
    totp = Authenticator.objects.get(user__username="admin", type="totp").wrap()
    assert totp.validate_code(code)


def test_the_demo_has_a_scoring_round_with_two_scores_one_contesting_and_a_reply():
    from commitments.scores.models import MilestoneVerdict, Score, ScoreReply, ScoringRound
    from devdata.demo_scores import SCORE_USERS

    seed()
    round = ScoringRound.objects.get(name="Mid-term 2026")
    assert (
        round.is_open() and round.action_plan.get_children().filter(commitmentpage__ogp_id="UA0087").exists()
    )
    scores = Score.objects.filter(round=round, is_public=True).select_related("organisation")
    assert {s.organisation.name for s in scores} == {
        "Transparency International Ukraine",
        "Anti-Corruption Action Centre",
    }
    contested = MilestoneVerdict.objects.get(verdict="contest", version__isnull=False)
    assert contested.score.organisation.name == "Transparency International Ukraine"
    assert (
        contested.score.signed_off_by.username == "monitor" and contested.score.author.username == "analyst"
    )
    assert Score.objects.get(organisation__name="Anti-Corruption Action Centre").self_signed
    assert ScoreReply.objects.get().author.username == "poc-ukraine"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for spec in SCORE_USERS:
        assert f"`{spec.username}` | `{spec.password}`" in readme
        assert authenticate(username=spec.username, password=spec.password) is not None
    counts = (ScoringRound.objects.count(), Score.objects.count(), ScoreReply.objects.count())
    assert "scoring round" not in seed()  # a second run changes nothing
    assert (ScoringRound.objects.count(), Score.objects.count(), ScoreReply.objects.count()) == counts
