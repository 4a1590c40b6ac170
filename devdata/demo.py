"""The demo: OGP's sample, plausible milestones, and one person per role.

Built only through the real services, deterministic, and idempotent: running it again
changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from commitments import services
from commitments.explorer.facts import commitment_facts_refresh, facts_deferred
from commitments.models import CommitmentPage, MemberPage, ProgressUpdate, StakeholderRole
from commitments.ogp.importer import import_ogp_commitments
from commitments.permissions import member_groups_ensure
from commitments.progress import rebaselines
from commitments.progress import services as progress
from commitments.rules import MilestoneStatus
from tracker import services as tracker_services
from tracker.models import Membership, MembershipRequest, Organisation, Sector

from .demo_cases import seed_cases

SAMPLE = Path(__file__).resolve().parent / "data" / "ogp_commitments_sample.csv"

MILESTONE_STEPS = [
    ("Working group with civil society convened", "Terms of reference and list of members published"),
    ("Baseline study published", "Report on the current situation, open for comment"),
    ("Draft published for public consultation", "Draft text and consultation calendar online"),
    ("Consultation report published", "Comments received and the government's answers"),
    ("Regulation or law adopted", "Adopted text published in the official gazette"),
    ("Data published in open formats", "Datasets on the open data portal, OCDS or CSV"),
    ("Training for officials delivered", "Training materials and attendance published"),
    ("Independent evaluation completed", "Evaluation report published"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    organisation: str | None = None
    sector: str | None = None
    country: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    org_role: str = Membership.Role.MEMBER
    group: str = ""  # a member group, e.g. "UKR POCs" (see commitments.permissions)
    # Staff, points of contact and forum reviewers must use two-factor: the demo gives them
    # DEMO_TOTP_SECRET.
    two_factor: bool = False
    # Asks to join this organisation instead of being a member of it (a pending request).
    asks_to_join: str | None = None


# A published, demo-only authenticator secret, so that `make run` gives usable staff accounts:
# add it to an authenticator app (README), or print the current code with
# `manage.py demo_totp_code`. Only seed_demo ever gives it to anyone; real accounts set up their own.
DEMO_TOTP_SECRET = "OCTDEMOSTAFFSECRETONLYFORTHEDEMO"  # noqa: S105 (public demo value)


DEMO_USERS = [
    DemoUser("admin", "demo-admin-2026", "editor / admin", is_staff=True, is_superuser=True, two_factor=True),
    DemoUser("editor", "demo-editor-2026", "editor", is_staff=True, two_factor=True),
    DemoUser(
        "poc-ukraine",
        "demo-poc-2026",
        "point of contact",
        "Ministry of Finance",
        Sector.GOVERNMENT,
        "UA",
        group="UKR POCs",
        two_factor=True,
    ),
    DemoUser(
        "forum-ukraine",
        "demo-forum-2026",
        "forum reviewer",
        "Open Government Multistakeholder Forum of Ukraine",
        Sector.CIVIL_SOCIETY,
        "UA",
        group="UKR forum",
        two_factor=True,  # reviewers' approvals change the public record
    ),
    DemoUser(
        "monitor",
        "demo-monitor-2026",
        "civil society monitor",
        "Transparency International Ukraine",
        Sector.CIVIL_SOCIETY,
        "UA",
        org_role=Membership.Role.ADMIN,
    ),
    DemoUser(
        "business", "demo-business-2026", "business", "Ukrainian Business Association", Sector.BUSINESS, "UA"
    ),
    DemoUser(
        "peer",
        "demo-peer-2026",
        "peer (Contracting 5)",
        "Oficina Nacional de Contrataciones",
        Sector.GOVERNMENT,
        "AR",
    ),
    DemoUser("follower", "demo-follower-2026", "follower (any signed-in person)"),
    DemoUser(
        "newcomer",
        "demo-newcomer-2026",
        "signed-in person asking to join Transparency International Ukraine",
        asks_to_join="Transparency International Ukraine",
    ),
]
# The demo's progress updates: one in each state, on Ukraine's open contracting commitment.
DEMO_UPDATES_ON = "UA0087"


def _plausible_milestones(commitment: CommitmentPage, completion: str, rng: random.Random) -> None:
    start = commitment.start_date or datetime.date(commitment.action_plan.start_year or 2015, 1, 1)
    end = commitment.end_date or datetime.date(commitment.action_plan.end_year or start.year + 2, 12, 31)
    if end <= start:
        end = start + datetime.timedelta(days=365)
    count = rng.randint(3, 5)
    steps = rng.sample(MILESTONE_STEPS, count)
    span = (end - start).days
    met_share = {"complete": 1.0, "substantial": 0.7, "limited": 0.35, "not_started": 0.0}.get(
        completion, 0.5
    )
    for index, (title, output) in enumerate(steps):
        due = start + datetime.timedelta(days=span * (index + 1) // count)
        began = start + datetime.timedelta(days=span * index // count)
        if (index + 1) / count <= met_share + 1e-9:
            status = MilestoneStatus.MET
            date_met = due + datetime.timedelta(days=rng.choice([-20, -5, 0, 10, 45]))
        elif (index + 0.5) / count <= met_share:
            status, date_met = MilestoneStatus.PARTIALLY_MET, None
        else:
            status, date_met = MilestoneStatus.SCHEDULED, None
        services.milestone_create(
            commitment=commitment,
            title=title,
            expected_output=output,
            start_date=began,
            end_date=due,
            status=status,
            date_met=date_met,
        )


def _users(log) -> None:
    User = get_user_model()
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                email=f"{spec.username}@demo.opencommitments.org",
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
            user.set_password(spec.password)
            user.full_clean()
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            log(f"demo user {spec.username} ({spec.role})")
        if spec.organisation:
            organisation, _ = services.organisation_get_or_create(
                name=spec.organisation, sector=spec.sector, country=spec.country
            )
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": spec.org_role}
            )
        if spec.group:
            member = MemberPage.objects.filter(code=spec.group.split()[0]).first()
            if member:
                member_groups_ensure(member)
                user.groups.add(Group.objects.get(name=spec.group))
        if (
            spec.two_factor
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
            log(f"demo user {spec.username}: two-factor secret {DEMO_TOTP_SECRET}")
    for spec in DEMO_USERS:
        if spec.asks_to_join:
            user = User.objects.get(username=spec.username)
            organisation = Organisation.objects.get(name=spec.asks_to_join)
            if not MembershipRequest.objects.filter(user=user, organisation=organisation).exists():
                tracker_services.membership_request_create(
                    user=user,
                    organisation=organisation,
                    message="I follow public procurement in Kharkiv and would like to help monitor.",
                )


def _progress(log) -> None:
    """Updates in every state, and the follower following the commitment, once."""
    commitment = CommitmentPage.objects.filter(ogp_id=DEMO_UPDATES_ON).first()
    if commitment is None or ProgressUpdate.objects.filter(milestone__commitment=commitment).exists():
        return
    User = get_user_model()
    poc, reviewer = User.objects.get(username="poc-ukraine"), User.objects.get(username="forum-ukraine")
    milestones = list(commitment.milestones.order_by("sort_order"))

    def post(index: int, status: str, percent: int, text: str, submit: bool = True) -> ProgressUpdate:
        return progress.progress_update_create(
            milestone=milestones[index % len(milestones)],
            author=poc,
            status=status,
            percent_complete=percent,
            narrative=text,
            evidence_url="https://prozorro.gov.ua/en/",
            submit=submit,
        )

    approved = post(0, MilestoneStatus.MET, 100, "Done and published; see the portal.")
    progress.progress_update_approve(update=approved, reviewer=reviewer)
    post(1, MilestoneStatus.PARTIALLY_MET, 60, "Three of five datasets are online.")
    returned = post(2, MilestoneStatus.PARTIALLY_MET, 30, "Work has started.")
    progress.progress_update_return_(
        update=returned, reviewer=reviewer, reason="Link the minutes of the working group as evidence."
    )
    resubmitted = post(3, MilestoneStatus.PARTIALLY_MET, 20, "Terms of reference drafted.")
    progress.progress_update_return_(
        update=resubmitted, reviewer=reviewer, reason="Which terms of reference?"
    )
    progress.progress_update_resubmit(update=resubmitted, actor=poc)
    post(4, MilestoneStatus.SCHEDULED, 5, "Draft: first meeting planned.", submit=False)
    _rebaselinings(milestones, poc, reviewer)
    follower = User.objects.get(username="follower")
    progress.follow_create(user=follower, page=commitment)
    log(f"progress updates in every state on {DEMO_UPDATES_ON}; follower follows it")


def _rebaselinings(milestones, poc, reviewer) -> None:
    """One approved re-baselining (a due date moved a year, shown on the timeline) and one
    waiting in the forum's queue (a scope change)."""
    moved = milestones[1 % len(milestones)]
    if moved.end_date:
        approved, _outcome = rebaselines.rebaseline_save(
            milestone=moved,
            actor=poc,
            reason="The e-procurement law this depends on was adopted a year late.",
            new_title=moved.title,
            new_expected_output=moved.expected_output,
            new_end_date=moved.end_date.replace(year=moved.end_date.year + 1),
            submit=True,
        )
        rebaselines.rebaseline_approve(rebaseline=approved, reviewer=reviewer)
    narrowed = milestones[2 % len(milestones)]
    rebaselines.rebaseline_save(
        milestone=narrowed,
        actor=poc,
        reason="The regional authorities are covered by a separate commitment in the next plan.",
        new_title=f"{narrowed.title} (central government)",
        new_expected_output=narrowed.expected_output,
        new_end_date=narrowed.end_date,
        submit=True,
    )


def _engagement() -> None:
    """Civil society and business roles on Ukraine's fiscal and contracting commitments."""
    monitor = Organisation.objects.get(name="Transparency International Ukraine", country="UA")
    business = Organisation.objects.get(name="Ukrainian Business Association", country="UA")
    for ogp_id in ("UA0087", "UA0032", "UA0068"):
        commitment = CommitmentPage.objects.filter(ogp_id=ogp_id).first()
        if commitment:
            services.stakeholder_role_add(
                commitment=commitment, organisation=monitor, role=StakeholderRole.Role.MONITOR
            )
    commitment = CommitmentPage.objects.filter(ogp_id="UA0087").first()
    if commitment:
        services.stakeholder_role_add(
            commitment=commitment, organisation=business, role=StakeholderRole.Role.SERVICE_PROVIDER
        )


@transaction.atomic
def seed_demo(*, log=print, sample: Path = SAMPLE) -> None:
    report = import_ogp_commitments(sample)
    log(report.summary)
    created = 0
    commitments = CommitmentPage.objects.prefetch_related("milestones", "irm_assessments").order_by("ogp_id")
    with facts_deferred():
        for commitment in commitments:
            if commitment.milestones.all():
                continue
            completions = [a.completion for a in commitment.irm_assessments.all() if a.completion]
            _plausible_milestones(
                commitment, completions[-1] if completions else "", random.Random(commitment.ogp_id)
            )
            created += 1
        if created:
            log(f"milestones added to {created} commitments")
        _users(log)
        _engagement()
        _progress(log)
        seed_cases(log)
    # Also fills the explorer's facts of a database made before they existed.
    commitment_facts_refresh()
