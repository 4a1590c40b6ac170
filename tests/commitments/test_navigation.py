"""The site menu offers "My commitments" and "Reviews" only to those the pages let in."""

from __future__ import annotations

import pytest

from django.test import Client
from django.urls import reverse

from .progress_fixtures import ROLES

pytestmark = pytest.mark.django_db

MINE = {"poc", "other_poc", "staff"}
REVIEWS = {"reviewer", "staff"}


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_links_only_to_pages_that_let_you_in(world, role):
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    page = client.get(world.commitment.url).content.decode()
    for name, allowed in (("my_commitments", MINE), ("review_queue", REVIEWS)):
        url = reverse(f"commitments:{name}")
        assert (f'href="{url}"' in page) == (role in allowed), (role, name)
        if role in allowed:
            assert client.get(url).status_code == 200
