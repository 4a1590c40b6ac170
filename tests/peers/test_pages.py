"""The peers pages as a visitor reads them: network, library, practice, commitment panel."""

from __future__ import annotations

import pytest

from peers.models import NetworkWorkstream, PracticePage

from .conftest import make_practice

pytestmark = pytest.mark.django_db


def test_network_page_shows_members_by_role_and_workstreams(peers_world, client):
    NetworkWorkstream.objects.create(
        network=peers_world.network, title="OCDS implementation", description="Publishing data"
    )
    response = client.get("/en/peers/contracting-5/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "OCDS implementation" in html
    founding = html.index("Founding member")
    assert html.index("Argentina") > founding
    assert html.index("Ex-officio partner") < html.index("EBRD")


def test_practice_page_shows_linked_commitments_with_their_outcomes(peers_world, client):
    c = peers_world.commitments
    make_practice(peers_world.network, "Red flags for procurement", links=[c["MX1"], c["MX2"]])
    html = client.get("/en/peers/contracting-5/red-flags-for-procurement/").content.decode()
    assert "MX0001" in html and "MX0002" in html
    assert "1 of 2 commitments were starred" in html
    assert "4 of 4" in html and "1 of 3" in html
    assert "Complete" in html and "Limited" in html


def test_practice_in_both_languages_links_to_the_other(peers_world, client):
    english = make_practice(peers_world.tree.library, "E-procurement training")
    spanish = make_practice(
        peers_world.tree.library,
        "Capacitación en compras electrónicas",
        language="es",
        translation_of=english,
    )
    spanish.refresh_from_db()
    assert spanish.translation_key == english.translation_key
    assert [page.pk for page in english.get_translations()] == [spanish.pk]
    assert PracticePage.objects.get(pk=spanish.pk).locale.language_code == "es"
    html = client.get("/en/peers/practices/e-procurement-training/").content.decode()
    assert "Capacitación en compras electrónicas" in html
    assert 'hreflang="es"' in html


def test_commitment_page_shows_practices_and_similar_peers(peers_world, client):
    c = peers_world.commitments
    make_practice(peers_world.network, "Open data for works", links=[c["MX1"]])
    make_practice(peers_world.network, "Argentine practice", links=[c["AR1"]])
    response = client.get(c["AR1"].url)
    html = response.content.decode()
    panel = html[html.index('id="peers-heading"') :]
    # MX1 shares open contracting and is starred: shown; MX2 shares it but had no results; FR1
    # had results but shares no policy area.
    assert "MX0001" in panel
    assert "MX0002" not in panel
    assert "FR0001" not in panel
    assert "Argentine practice" in panel
    assert "Open data for works" in panel
