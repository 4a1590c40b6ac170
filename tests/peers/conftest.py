"""A small record with a network, its members, one person per network role, and practices."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from wagtail.models import Page

from commitments import services as record
from commitments.explorer.facts import commitment_facts_refresh, new_facts_version
from commitments.models import CommitmentFacts, CommitmentPage, MemberPage, PolicyArea
from tests.conftest import enable_totp
from tracker.models import Membership, Organisation, Sector

# Who is who in the permission tables.
ROLES = ["visitor", "signed_in", "member", "editor", "administrator", "ex_officio", "staff"]


@dataclass
class PeersTree:
    home: Page
    index: Page
    network: Page
    library: Page
    member: Page


@dataclass
class PeersWorld:
    tree: PeersTree
    members: dict[str, MemberPage]
    commitments: dict[str, CommitmentPage]
    areas: dict[str, PolicyArea]
    users: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)

    @property
    def network(self):
        return self.tree.network

    def user(self, role: str):
        return self.users.get(role)

    def client(self, role: str) -> Client:
        client = Client()
        if self.users.get(role) is not None:
            client.force_login(self.users[role])
        return client


def build_peers_tree() -> PeersTree:
    from peers.models import NetworkPage, PeersIndexPage, PracticeLibraryPage
    from tracker.models import HomePage

    home = HomePage.objects.get()
    index = home.add_child(instance=PeersIndexPage(title="Peers", slug="peers"))
    network = index.add_child(instance=NetworkPage(title="Contracting 5", slug="contracting-5"))
    library = index.add_child(instance=PracticeLibraryPage(title="Practices", slug="practices"))
    member = MemberPage.objects.filter(code="TST").first() or home.add_child(
        instance=MemberPage(title="Testland", slug="testland", code="TST", country="MX")
    )
    return PeersTree(home=home, index=index, network=network, library=library, member=member)


@pytest.fixture
def peers_tree(db) -> PeersTree:
    return build_peers_tree()


def _user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!", **extra
    )


def add_commitment(member: MemberPage, ogp_id: str, title: str, areas: list[PolicyArea]) -> CommitmentPage:
    plan = member.get_children().first()
    commitment, _ = record.commitment_page_upsert(
        plan=plan.specific, ogp_id=ogp_id, values={"title": title}, policy_areas=areas
    )
    return commitment


def set_outcome(commitment: CommitmentPage, *, starred=None, completion="", milestones=0, met=0) -> None:
    """What the IRM and the milestones said, straight into the explorer's facts."""
    CommitmentFacts.objects.filter(commitment=commitment).update(
        starred=starred, completion=completion, milestones=milestones, milestones_met=met
    )
    new_facts_version()


def build_peers_world() -> PeersWorld:
    from peers import services

    tree = build_peers_tree()
    home = tree.home
    areas = {
        slug: PolicyArea.objects.get_or_create(slug=slug, defaults={"name": name, "name_es": name_es})[0]
        for slug, name, name_es in [
            ("open-contracting", "Open Contracting", "Contrataciones abiertas"),
            ("fiscal-openness", "Fiscal Openness", "Apertura fiscal"),
            ("health", "Health", "Salud"),
        ]
    }
    members = {}
    for code, title, country in [
        ("ARG", "Argentina", "AR"),
        ("MEX", "Mexico", "MX"),
        ("FRA", "France", "FR"),
    ]:
        member, _ = record.member_page_upsert(
            home=home, code=code, title=title, level="national", region="Americas", country=country
        )
        record.action_plan_page_upsert(
            member=member, plan_id=f"AP_{code}01", title="Plan 1", number=1, start_year=2020, end_year=2022
        )
        members[code] = member
    oc, fiscal = areas["open-contracting"], areas["fiscal-openness"]
    commitments = {
        "AR1": add_commitment(members["ARG"], "AR0001", "Open contracting data in procurement", [oc]),
        "MX1": add_commitment(
            members["MEX"], "MX0001", "Open contracting data for public works", [oc, fiscal]
        ),
        "MX2": add_commitment(members["MEX"], "MX0002", "Procurement red flags", [oc]),
        "FR1": add_commitment(members["FRA"], "FR0001", "Budget transparency", [fiscal]),
    }
    commitment_facts_refresh()
    set_outcome(commitments["MX1"], starred=True, completion="complete", milestones=4, met=4)
    set_outcome(commitments["MX2"], completion="limited", milestones=3, met=1)
    set_outcome(commitments["FR1"], completion="substantial", milestones=2, met=2)

    network = tree.network
    services.network_groups_ensure(network)
    services.network_member_add(
        network=network, role="founding_member", added_by=None, ogp_member=members["ARG"]
    )
    services.network_member_add(network=network, role="member", added_by=None, ogp_member=members["MEX"])
    ebrd = Organisation.objects.create(name="EBRD", sector=Sector.MULTILATERAL)
    services.network_member_add(network=network, role="ex_officio", added_by=None, organisation=ebrd)
    oncae = Organisation.objects.create(
        name="Oficina Nacional de Contrataciones", sector=Sector.GOVERNMENT, country="AR"
    )
    compranet = Organisation.objects.create(name="Compranet", sector=Sector.GOVERNMENT, country="MX")
    world = PeersWorld(
        tree=tree,
        members=members,
        commitments=commitments,
        areas=areas,
        organisations={"oncae": oncae, "compranet": compranet, "ebrd": ebrd},
    )
    users = {"visitor": None, "signed_in": _user("someone")}
    for role, organisation, network_role in [
        ("member", oncae, "member"),
        ("editor", compranet, "editor"),
        ("administrator", oncae, "administrator"),
        ("ex_officio", ebrd, "member"),
    ]:
        users[role] = _user(role)
        Membership.objects.create(user=users[role], organisation=organisation)
        services.network_person_add(
            network=network, user=users[role], organisation=organisation, role=network_role, added_by=None
        )
    users["applicant"] = _user("applicant", language="es")
    Membership.objects.create(user=users["applicant"], organisation=oncae)
    users["staff"] = _user("staff", is_staff=True, is_superuser=True)
    enable_totp(users["staff"])
    world.users = users
    return world


@pytest.fixture
def peers_world(db) -> PeersWorld:
    return build_peers_world()


def make_practice(
    parent, title: str, *, language="en", links=(), areas=(), stages=(), countries="", live=True, **values
):
    """A practice under ``parent``, published (or a draft), linked to these commitments."""
    from peers.models import OcdsStage, PracticeCommitment, PracticePage

    practice = PracticePage(title=title, language=language, countries=countries, live=live, **values)
    practice.commitment_links = [PracticeCommitment(commitment=c) for c in links]
    practice.policy_areas = list(areas)
    practice.ocds_stages = list(OcdsStage.objects.filter(code__in=stages))
    parent.add_child(instance=practice)
    revision = practice.save_revision()
    if live:
        revision.publish()
    return practice


@pytest.fixture
def talk(db):
    """Contracting 5 with one person per role, two OGP members, a practice; another network
    (the questions, exchanges and events tests: tests/peers/talk_fixtures.py)."""
    from .talk_fixtures import build_talk

    return build_talk()
