"""Spanish readers: names sorted in their alphabet ("África" before "Europa"; ñ after n), and
local members' names with their country (and place) in Spanish."""

from __future__ import annotations

import re

import pytest

from django.utils import translation

from wagtail.models import Page

from commitments import selectors, services
from commitments.vocabulary import local_member_name

REGION_CODES = ["Africa and the Middle East", "Americas", "Asia and the Pacific", "Europe"]


@pytest.mark.parametrize(
    ("title", "country", "spanish"),
    [
        ("Madrid, Spain", "ES", "Madrid, España"),
        ("Scotland, United Kingdom", "GB", "Escocia, Reino Unido"),
        ("Basque Country, Spain", "ES", "País Vasco, España"),
        ("Austin, TX, United States", "US", "Austin, TX, Estados Unidos"),
        ("Elgeyo Marakwet, Kenya", "KE", "Elgeyo-Marakwet, Kenia"),
        ("Buenos Aires", "AR", "Buenos Aires"),  # no country in the name: OGP's
        ("Paris, Texas", "FR", "Paris, Texas"),  # not a country: OGP's
        ("Madrid, Spain", "MX", "Madrid, Spain"),  # not the member's country: OGP's
    ],
)
def test_local_member_names_in_spanish(title, country, spanish):
    with translation.override("es"):
        assert local_member_name(title, country) == spanish
    with translation.override("en"):
        assert local_member_name(title, country) == title


@pytest.mark.django_db
def test_a_local_member_page_shows_its_spanish_name(client):
    home = Page.objects.get(depth=2)
    member, _ = services.member_page_upsert(
        home=home, code="GBSC", title="Scotland, United Kingdom", level="local", region="Europe", country="GB"
    )
    path = member.url[3:]  # without the language prefix
    spanish = client.get("/es" + path).content.decode()
    assert "<h1>Escocia, Reino Unido</h1>" in spanish
    english = client.get("/en" + path).content.decode()
    assert "<h1>Scotland, United Kingdom</h1>" in english


@pytest.mark.django_db
def test_members_and_regions_on_the_home_page_sort_in_the_readers_alphabet(client):
    home = Page.objects.get(depth=2)
    for code, title, region in [
        ("ESPZ", "Penz, Spain", "Europe"),
        ("ESPN", "Peña, Spain", "Europe"),
        ("ESAV", "Ávila, Spain", "Europe"),
        ("ESZA", "Zamora, Spain", "Europe"),
        ("GHA", "Ghana", "Africa and the Middle East"),
    ]:
        services.member_page_upsert(
            home=home, code=code, title=title, level="local", region=region, country="ES"
        )
    with translation.override("es"):
        regions = selectors.members_by_region()
    assert [region for region, _members in regions] == ["África y Medio Oriente", "Europa"]
    with translation.override("es"):
        names = [m.display_name for m in regions[1][1]]
    assert names == ["Ávila, España", "Penz, España", "Peña, España", "Zamora, España"]
    with translation.override("en"):
        regions = selectors.members_by_region()
        assert [m.display_name for m in regions[1][1]] == [
            "Ávila, Spain",
            "Peña, Spain",
            "Penz, Spain",
            "Zamora, Spain",
        ]
    html = client.get("/es/").content.decode()
    assert html.index("África y Medio Oriente") < html.index("Europa")
    assert html.index("Penz, España") < html.index("Peña, España")


def region_order(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="region" value="([^"]+)"', html)))


@pytest.mark.django_db
def test_the_explorers_region_facet_sorts_in_the_readers_alphabet(client, imported_once):
    spanish = region_order(client.get("/es/commitments/").content.decode())
    english = region_order(client.get("/en/commitments/").content.decode())
    # África y Medio Oriente, Américas, Asia y el Pacífico, Europa: the accented Á is an A.
    assert spanish == REGION_CODES
    assert english == REGION_CODES
