"""The organisation list in the reader's alphabet, page after page, in a fixed number of queries."""

from __future__ import annotations

import pytest

from django.test import Client

from tracker import views
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db

NAMES = ["Zeta Watch", "Órgano Abierto", "Nube Cívica", "Ñandú Abierto", "Öffentlich", "Acción Ciudadana"]


def NAMES_IN(html: str) -> list[str]:
    positions = sorted((html.index(name), name) for name in NAMES if name in html)
    return [name for _position, name in positions]


def test_organisations_are_listed_in_the_readers_alphabet():
    for name in NAMES:
        Organisation.objects.create(name=name, sector=Sector.CIVIL_SOCIETY)
    assert NAMES_IN(Client().get("/es/organisations/").content.decode()) == [
        "Acción Ciudadana",
        "Nube Cívica",
        "Ñandú Abierto",
        "Öffentlich",
        "Órgano Abierto",
        "Zeta Watch",
    ]
    assert NAMES_IN(Client().get("/en/organisations/").content.decode()) == [
        "Acción Ciudadana",
        "Ñandú Abierto",
        "Nube Cívica",
        "Öffentlich",
        "Órgano Abierto",
        "Zeta Watch",
    ]


def test_pages_follow_the_same_order_in_the_same_number_of_queries(
    django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in NAMES:
        Organisation.objects.create(name=name, sector=Sector.CIVIL_SOCIETY)
    client = Client()
    client.get("/es/organisations/")  # warm: site, translations
    seen = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(6):
            html = client.get("/es/organisations/", {"page": page}).content.decode()
        seen += NAMES_IN(html)
    assert seen == [
        "Acción Ciudadana",
        "Nube Cívica",
        "Ñandú Abierto",
        "Öffentlich",
        "Órgano Abierto",
        "Zeta Watch",
    ]
