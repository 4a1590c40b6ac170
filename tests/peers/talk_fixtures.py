"""A small network with one person per role, for the peers' talk tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page

from commitments import services as record
from commitments.models import CommitmentPage, PolicyArea
from peers.models import NetworkMember, NetworkPage, NetworkPerson, NetworkRole, PeersIndexPage, PracticePage
from peers.talk.models import EventPage
from tests.conftest import enable_totp
from tracker.models import Membership, Organisation, Sector

# Rows of the permission table, in order.
ROLES = ["visitor", "person", "member", "editor", "administrator", "ex_officio", "staff"]


@dataclass
class Talk:
    network: NetworkPage
    other_network: NetworkPage
    commitment: CommitmentPage
    other_commitment: CommitmentPage
    practice: PracticePage
    area: PolicyArea
    users: dict

    def user(self, role: str):
        return self.users.get(role)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!", **extra
    )


def join(network, user, organisation, role=NetworkRole.MEMBER):
    Membership.objects.get_or_create(user=user, organisation=organisation)
    return NetworkPerson.objects.create(network=network, user=user, organisation=organisation, role=role)


def build_talk() -> Talk:
    home = Page.objects.get(depth=2)
    peers = home.add_child(instance=PeersIndexPage(title="Peers", slug="peers"))
    network = peers.add_child(instance=NetworkPage(title="Contracting 5", slug="contracting-5"))
    other_network = peers.add_child(instance=NetworkPage(title="Other network", slug="other-network"))

    member, _ = record.member_page_upsert(home=home.specific, code="ARG", title="Argentina", level="national")
    plan, _ = record.action_plan_page_upsert(
        member=member, plan_id="AP_ARG05", title="Plan 5", number=5, start_year=2022, end_year=2024
    )
    commitment, _ = record.commitment_page_upsert(
        plan=plan, ogp_id="AR0101", values={"title": "Open contracting portal"}
    )
    other_member, _ = record.member_page_upsert(
        home=home.specific, code="COL", title="Colombia", level="national"
    )
    other_plan, _ = record.action_plan_page_upsert(
        member=other_member, plan_id="AP_COL04", title="Plan 4", number=4, start_year=2020, end_year=2022
    )
    other_commitment, _ = record.commitment_page_upsert(
        plan=other_plan, ogp_id="CO0042", values={"title": "E-procurement reform"}
    )
    area, _ = PolicyArea.objects.get_or_create(name="Open Contracting", defaults={"slug": "open-contracting"})
    NetworkMember.objects.create(network=network, ogp_member=member, role=NetworkMember.Role.FOUNDING_MEMBER)
    NetworkMember.objects.create(
        network=network, ogp_member=other_member, role=NetworkMember.Role.FOUNDING_MEMBER
    )

    agency = Organisation.objects.create(
        name="Argentine procurement office", sector=Sector.GOVERNMENT, country="AR"
    )
    colombia = Organisation.objects.create(
        name="Colombia Compra Eficiente", sector=Sector.GOVERNMENT, country="CO"
    )
    partner = Organisation.objects.create(name="World Bank", sector=Sector.MULTILATERAL)
    NetworkMember.objects.create(network=network, organisation=partner, role=NetworkMember.Role.EX_OFFICIO)

    users = {"visitor": None, "person": make_user("person")}
    users["member"] = make_user("member")
    join(network, users["member"], agency)
    users["other_member"] = make_user("peer-co")
    join(network, users["other_member"], colombia)
    users["editor"] = make_user("editor")
    join(network, users["editor"], agency, NetworkRole.EDITOR)
    users["administrator"] = make_user("administrator")
    join(network, users["administrator"], agency, NetworkRole.ADMINISTRATOR)
    users["ex_officio"] = make_user("partner")
    join(network, users["ex_officio"], partner)
    users["outsider_member"] = make_user("outsider")
    join(other_network, users["outsider_member"], agency)
    users["staff"] = make_user("staff", is_staff=True, is_superuser=True)
    enable_totp(users["staff"])

    practice = network.add_child(
        instance=PracticePage(title="Open contracting portal", slug="portal", owner=users["other_member"])
    )
    practice.policy_areas.add(area)
    practice.save()
    return Talk(network, other_network, commitment, other_commitment, practice, area, users)


def make_event(network, *, capacity=None, slug="ocds-training", days=10, **extra) -> EventPage:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {
        "title": "OCDS training",
        "slug": slug,
        "kind": EventPage.Kind.TRAINING,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "time_zone": "America/Argentina/Buenos_Aires",
        "capacity": capacity,
        **extra,
    }
    return network.add_child(instance=EventPage(**values))
