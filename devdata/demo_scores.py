"""The demo's civil-society scores, built through the scores' services: a round on Ukraine's
plan holding UA0087, two civil-society organisations' published scores of UA0087 (one contests
the government's approved update), and the point of contact's reply. Idempotent: a second run
finds the round and changes nothing.

Accounts (README's demo table): ``monitor`` is the administrator of Transparency International
Ukraine and signs its scores off; ``analyst`` is a member of it who drafts them; ``antac`` is
the only member of the Anti-Corruption Action Centre and signs its own (shown as such).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from commitments import services as record
from commitments.models import CommitmentPage, ProgressUpdate, UpdateState
from commitments.scores import services
from commitments.scores.models import ScoringRound
from commitments.scores.services import VerdictInput
from tracker.models import Membership, Sector

ROUND_NAME = "Mid-term 2026"
SCORED = "UA0087"


@dataclass(frozen=True)
class ScoreUser:
    username: str
    password: str
    organisation: str
    sector: str
    role: str = Membership.Role.MEMBER


SCORE_USERS = [
    ScoreUser("analyst", "demo-analyst-2026", "Transparency International Ukraine", Sector.CIVIL_SOCIETY),
    ScoreUser("antac", "demo-antac-2026", "Anti-Corruption Action Centre", Sector.CIVIL_SOCIETY),
]


def _users(log) -> dict:
    User = get_user_model()
    users = {}
    for spec in SCORE_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, email=f"{spec.username}@demo.opencommitments.org")
            user.set_password(spec.password)
            user.full_clean()
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            log(f"scores demo account {spec.username} ({spec.organisation})")
        organisation, _ = record.organisation_get_or_create(
            name=spec.organisation, sector=spec.sector, country="UA"
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": spec.role})
        users[spec.username] = user
    for name in ("monitor", "poc-ukraine", "admin"):
        users[name] = User.objects.get(username=name)
    return users


def _scales(uses_2021_method: bool, completion: str, *, impact, for_results, open_government, early) -> dict:
    """The scales of the plan's era (the IRM's method changed in 2021)."""
    if uses_2021_method:
        return {"completion": completion, "potential_for_results": for_results, "early_results": early}
    return {"completion": completion, "potential_impact": impact, "open_government": open_government}


@transaction.atomic
def seed_demo_scores(*, log=print) -> None:
    commitment = CommitmentPage.objects.filter(ogp_id=SCORED).first()
    if commitment is None:
        return
    plan = commitment.get_parent().specific
    if ScoringRound.objects.filter(action_plan=plan, name=ROUND_NAME).exists():
        return
    users = _users(log)
    today = timezone.localdate()
    round = services.round_open(
        actor=users["admin"],
        action_plan=plan,
        name=ROUND_NAME,
        period_start=datetime.date(plan.start_year or today.year - 1, 1, 1),
        period_end=today,
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=90),
    )
    new = round.uses_2021_method
    approved = (
        ProgressUpdate.objects.filter(milestone__commitment=commitment, state=UpdateState.APPROVED)
        .select_related("milestone")
        .order_by("decided_at", "pk")
        .last()
    )
    tiu = Membership.objects.get(user=users["analyst"]).organisation
    contesting = services.score_draft_save(
        actor=users["analyst"],
        values={
            **_scales(
                new,
                "limited",
                impact="moderate",
                for_results="modest",
                open_government="marginal",
                early="no_notable",
            ),
            "completion_justification": "Only one of the promised registers is online, and it is out of date.",
            "potential_justification": "Open contracting data would matter, but the scope was narrowed.",
            "results_justification": "We found no use of the data by journalists or procuring entities yet.",
            "evidence_url": "https://ti-ukraine.org/en/research/",
        },
        verdicts=[
            VerdictInput(
                milestone=approved.milestone,
                verdict="contest",
                reason="The portal shows the data for one ministry only; the update says it is done.",
                evidence_url="https://prozorro.gov.ua/en/",
            )
        ]
        if approved
        else None,
        round=round,
        commitment=commitment,
        organisation=tiu,
    )
    services.score_sign_off(actor=users["monitor"], score=contesting)
    antac = Membership.objects.get(user=users["antac"]).organisation
    confirming = services.score_draft_save(
        actor=users["antac"],
        values={
            **_scales(
                new,
                "substantial",
                impact="transformative",
                for_results="substantial",
                open_government="major",
                early="moderate",
            ),
            "completion_justification": "Most milestones are met; the remaining work is scheduled.",
            "potential_justification": "Public procurement data is the backbone of monitoring in Ukraine.",
            "results_justification": "Monitors already use the data to flag risky tenders.",
            "evidence_url": "https://antac.org.ua/en/",
        },
        verdicts=[VerdictInput(milestone=approved.milestone, verdict="confirm")] if approved else None,
        round=round,
        commitment=commitment,
        organisation=antac,
    )
    services.score_sign_off(actor=users["antac"], score=confirming)
    services.reply_post(
        actor=users["poc-ukraine"],
        score=contesting,
        text="The other ministries' data went online after the update; the next update will show it.",
    )
    log(
        f"scoring round {ROUND_NAME!r} on {plan.plan_id}: two scores of {SCORED} (one contesting) and a reply"
    )
