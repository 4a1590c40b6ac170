import pytest

from django.core.exceptions import ValidationError

from peers.models import NetworkMember, OcdsStage, PracticePage
from tracker.models import Organisation

pytestmark = pytest.mark.django_db


def test_migration_makes_the_five_ocds_stages_in_order():
    assert list(OcdsStage.objects.values_list("code", flat=True)) == [
        "planning",
        "tender",
        "award",
        "contract",
        "implementation",
    ]


def test_a_practice_under_a_network_knows_its_network_and_one_in_the_library_none(peers_tree):
    in_network = peers_tree.network.add_child(instance=PracticePage(title="Red flags", slug="red-flags"))
    in_library = peers_tree.library.add_child(
        instance=PracticePage(title="Open budgets", slug="open-budgets")
    )
    assert in_network.network == peers_tree.network
    assert in_library.network is None


def test_a_network_member_is_an_ogp_member_or_an_organisation_never_both(peers_tree):
    organisation = Organisation.objects.create(name="EBRD", sector="multilateral")
    both = NetworkMember(network=peers_tree.network, organisation=organisation, ogp_member=peers_tree.member)
    with pytest.raises(ValidationError):
        both.full_clean()
    neither = NetworkMember(network=peers_tree.network)
    with pytest.raises(ValidationError):
        neither.full_clean()


def test_a_translation_must_be_in_the_other_language(peers_tree):
    english = peers_tree.library.add_child(instance=PracticePage(title="Training", slug="training"))
    same = PracticePage(title="Training again", slug="training-again", translation_of=english, language="en")
    with pytest.raises(ValidationError) as error:
        same.clean()
    assert "other language" in str(error.value)
