import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from tests.commitments.progress_fixtures import World, build_world

# Every role the fieldwork's permission table asks about.
ROLES = ["visitor", "unverified", "verified", "poc", "other_poc", "reviewer", "staff"]


@pytest.fixture
def world(db) -> World:
    """The progress loop's small record, and a verified and an unverified person; everyone with
    an account but "unverified" has a verified email address."""
    world = build_world()
    User = get_user_model()
    world.users["unverified"] = world.users.pop("person")
    world.users["verified"] = User.objects.create_user(
        username="verified", email="verified@example.org", password="pw-12345!"
    )
    for role, user in world.users.items():
        if user is not None:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=role != "unverified", primary=True
            )
    return world
