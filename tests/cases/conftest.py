import pytest

from .fixtures import build_case_world


@pytest.fixture
def world(db):
    """The progress world with a lead implementer, verified filers and a second CSO member."""
    return build_case_world()
