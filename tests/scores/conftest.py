import pytest

from tests.commitments.progress_fixtures import World, build_world


@pytest.fixture
def world(db) -> World:
    """One member with a commitment and two milestones, another member, one person per role."""
    return build_world()
