"""The API has no data version of its own: its ETags and the bulk download follow the record's
one version (``tracker.page_cache``), so any change to the record makes cached pages, API
responses and the download stale together, and building the download changes nothing."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from django.test import RequestFactory

from commitments.api.conditional import data_version
from commitments.api.models import OpenDataDump
from commitments.contracting.importing import import_ocds
from commitments.explorer.facts import new_facts_version
from commitments.progress import services as progress
from tests.commitments.progress_fixtures import submitted_update
from tracker import page_cache
from tracker.models import Organisation

from .conftest import CONTRACTING
from .test_open_data import work

URL = "/api/v1/commitments/"


def _approve_an_update(record) -> None:
    update = submitted_update(record.world, narrative="Approved later.")
    progress.progress_update_approve(update=update, reviewer=record.world.user("reviewer"))


def _edit_an_organisation(record) -> None:
    organisation = Organisation.objects.get(name="Open Data Lab")
    organisation.website = "https://lab.example"
    organisation.save()


def _import_contracting_data(record) -> None:
    import_ocds(CONTRACTING / "ocds_newer_release.json")


def _refresh_facts_in_bulk(record) -> None:
    new_facts_version()  # what a bulk import does instead of model signals


def _page_version() -> str:
    return page_cache.page_key(RequestFactory().get("/en/"))[1]


@pytest.mark.parametrize(
    "change", [_approve_an_update, _edit_an_organisation, _import_contracting_data, _refresh_facts_in_bulk]
)
def test_a_change_to_the_record_changes_the_etag_and_the_cached_pages_together(client, record, change):
    first = client.get(URL, HTTP_ACCEPT="application/json")
    etag, version, page = first["ETag"], data_version(), _page_version()
    assert client.get(URL, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    change(record)
    again = client.get(URL, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert data_version() != version
    assert _page_version() != page


def test_red_flags_change_at_midnight_so_does_the_etag(client, record):
    etag = client.get(URL)["ETag"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_building_the_download_is_no_change(client, record, django_capture_on_commit_callbacks):
    """The worker's own writes (the build's row, the task's result) leave the version alone;
    otherwise every build would queue the next one."""
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en/open-data/")
    version = data_version()
    work()
    dump = OpenDataDump.objects.get()
    assert dump.status == OpenDataDump.Status.READY and dump.version == version == data_version()
