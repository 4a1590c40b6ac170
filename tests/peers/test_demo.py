"""The peers demo: Contracting 5 as the issue describes it, on the sample; idempotent."""

from __future__ import annotations

import pytest

from devdata.demo_peers import seed_demo_peers
from peers import permissions
from peers.models import NetworkMember, NetworkPage, PracticePage
from tracker.models import User

pytestmark = pytest.mark.django_db


def test_demo_builds_contracting_5_and_runs_twice_without_change(imported, client):
    seed_demo_peers(log=lambda *_: None)
    counts = (NetworkMember.objects.count(), PracticePage.objects.count())
    seed_demo_peers(log=lambda *_: None)
    assert (NetworkMember.objects.count(), PracticePage.objects.count()) == counts

    network = NetworkPage.objects.get(slug="contracting-5")
    by_role = {}
    for member in NetworkMember.objects.filter(network=network).select_related("ogp_member", "organisation"):
        by_role.setdefault(member.role, set()).add(
            member.ogp_member.code if member.ogp_member else member.organisation.name
        )
    assert {"ARG", "COL", "FRA", "GBR", "UKR", "Government of Mexico"} <= by_role["founding_member"]
    assert (
        len(by_role["ex_officio"]) == 4 and {"OECD", "Open Contracting Partnership"} == by_role["supporter"]
    )

    assert permissions.network_role(User.objects.get(username="peer"), network) == "member"
    assert permissions.network_role(User.objects.get(username="peer-editor"), network) == "editor"

    english = PracticePage.objects.get(slug="open-contracting-data-for-every-contract")
    spanish = PracticePage.objects.get(slug="datos-abiertos-de-contratacion-para-cada-contrato")
    assert spanish.translation_key == english.translation_key
    assert english.commitment_links.count() == 3

    html = client.get("/en/peers/contracting-5/open-contracting-data-for-every-contract/").content.decode()
    assert "UK0098" in html and "Datos abiertos de contratación" in html
    assert client.get("/es/peers/practices/").status_code == 200
