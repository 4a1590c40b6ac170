import pytest

from django.contrib.auth import get_user_model

from commitments.models import StakeholderRole
from commitments.services import organisation_get_or_create
from tests.commitments.progress_fixtures import World, build_world
from tracker.models import Membership, Sector


@pytest.fixture
def world(db) -> World:
    """The progress loop's world, plus a civil-society monitor: a person in an organisation that
    holds a role on the commitment (the civil_society person's organisation holds none)."""
    world = build_world()
    organisation, _ = organisation_get_or_create(name="Budget Watch", sector=Sector.CIVIL_SOCIETY)
    StakeholderRole.objects.create(commitment=world.commitment, organisation=organisation, role="monitor")
    world.users["monitor"] = get_user_model().objects.create_user(
        username="monitor", email="monitor@example.org", password="pw-12345!"
    )
    Membership.objects.create(user=world.users["monitor"], organisation=organisation)
    return world
