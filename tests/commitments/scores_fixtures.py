"""A small record for civil-society scores: the progress loop's world, an open round on its
plan, one approved update, and one person per scoring role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from commitments import services as record
from commitments.models import StakeholderRole
from commitments.progress import services as progress
from commitments.scores import services
from commitments.scores.models import ScoringRound
from tracker.models import Membership, Organisation, Sector

from .progress_fixtures import World, build_world, submitted_update

# Everyone the permission table tries: the progress loop's roles, and scoring's own.
SCORE_ROLES = [
    "visitor",
    "person",  # signed in, no organisation
    "civil_society",  # member (not admin) of Watchdog, civil society
    "org_admin",  # administrator of Watchdog
    "solo",  # the one member of Lone Analyst, academia
    "government_member",  # member of a government organisation
    "business_member",  # member of a business organisation (the round does not allow business)
    "implementer_member",  # member of a civil-society organisation that leads the commitment
    "poc",
    "other_poc",
    "reviewer",
    "staff",
]


@dataclass
class ScoresWorld:
    world: World
    round: ScoringRound
    update: object
    organisations: dict[str, Organisation]

    @property
    def commitment(self):
        return self.world.commitment

    @property
    def milestone(self):
        return self.world.milestone

    def user(self, role: str):
        return self.world.user(role)


def new_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!"
    )


def _member(role_name: str, organisation: Organisation, users: dict, role=Membership.Role.MEMBER):
    user = users.get(role_name) or new_user(role_name.replace("_", "-"))
    users[role_name] = user
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def build_scores_world() -> ScoresWorld:
    world = build_world()
    users = world.users
    watchdog = Organisation.objects.get(name="Watchdog")
    _member("org_admin", watchdog, users, Membership.Role.ADMIN)
    solo, _ = record.organisation_get_or_create(name="Lone Analyst", sector=Sector.ACADEMIA)
    _member("solo", solo, users)
    government, _ = record.organisation_get_or_create(name="Ministry of Data", sector=Sector.GOVERNMENT)
    _member("government_member", government, users, Membership.Role.ADMIN)
    business, _ = record.organisation_get_or_create(name="Data Corp", sector=Sector.BUSINESS)
    _member("business_member", business, users, Membership.Role.ADMIN)
    implementer, _ = record.organisation_get_or_create(name="Open Data Lab", sector=Sector.CIVIL_SOCIETY)
    _member("implementer_member", implementer, users, Membership.Role.ADMIN)
    record.stakeholder_role_add(
        commitment=world.commitment, organisation=implementer, role=StakeholderRole.Role.LEAD_IMPLEMENTER
    )
    update = progress.progress_update_approve(update=submitted_update(world), reviewer=world.user("reviewer"))
    today = timezone.localdate()
    round = services.round_open(
        actor=world.user("staff"),
        action_plan=world.commitment.get_parent().specific,
        name="Mid-term",
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )
    organisations = {
        "watchdog": watchdog,
        "solo": solo,
        "government": government,
        "business": business,
        "implementer": implementer,
    }
    return ScoresWorld(world, round, update, organisations)


# A complete score on the 2021 scales (the test plan starts in 2025).
COMPLETE = {
    "completion": "limited",
    "completion_justification": "Only two of ten datasets are online.",
    "potential_for_results": "modest",
    "potential_justification": "The data covers a small share of spending.",
    "early_results": "no_notable",
    "results_justification": "Nobody uses the data yet.",
    "evidence_url": "https://example.org/watchdog-report",
}


def draft(sw: ScoresWorld, organisation: str = "watchdog", author: str = "civil_society", **values):
    return services.score_draft_save(
        actor=sw.user(author),
        values={**COMPLETE, **values},
        round=sw.round,
        commitment=sw.commitment,
        organisation=sw.organisations[organisation],
    )
