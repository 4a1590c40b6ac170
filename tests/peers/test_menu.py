"""The main menu's "Peers" entry: shown when the peers' index page is live, current anywhere
below it, read in one indexed query (by the index's content type)."""

from __future__ import annotations

import pytest

from django.test import RequestFactory

from peers.wagtail_hooks import peers_in_the_menu

pytestmark = pytest.mark.django_db


def test_the_peers_entry_follows_the_live_index_and_marks_pages_below_it(
    peers_tree, django_assert_num_queries
):
    index_url = peers_tree.index.url
    request = RequestFactory().get(peers_tree.network.url)
    peers_in_the_menu(request)  # the site's root paths, which a served request has already
    with django_assert_num_queries(1):
        (item,) = peers_in_the_menu(request)
    assert (item.label, item.url, item.current) == ("Peers", index_url, True)
    (item,) = peers_in_the_menu(RequestFactory().get("/en/"))
    assert not item.current

    peers_tree.index.unpublish()
    assert peers_in_the_menu(RequestFactory().get("/en/")) == []


def test_a_live_page_of_another_type_is_never_taken_for_the_index(peers_tree):
    peers_tree.index.unpublish()
    assert peers_tree.network.live and peers_tree.library.live
    assert peers_in_the_menu(RequestFactory().get("/en/")) == []
