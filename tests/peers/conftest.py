import pytest

from .talk_fixtures import Talk, build_talk


@pytest.fixture
def talk(db) -> Talk:
    """Contracting 5 with one person per role, two OGP members, a practice; another network."""
    return build_talk()
