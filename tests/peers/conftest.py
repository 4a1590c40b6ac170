from __future__ import annotations

from dataclasses import dataclass

import pytest

from wagtail.models import Page


@dataclass
class PeersTree:
    home: Page
    index: Page
    network: Page
    library: Page
    member: Page


def build_peers_tree() -> PeersTree:
    from commitments.models import MemberPage
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
