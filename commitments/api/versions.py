"""The API's data version: changes whenever anything the API or the bulk download shows changes.

It joins the explorer's facts version (bumped by every change to a commitment's facts: pages
published, unpublished or moved, milestones, roles, assessments) with a version of our own,
bumped by what the facts do not follow: organisations, policy areas, progress updates, contracting imports and links, and any
page published, unpublished or deleted. Both live in the cache, so a bump costs no query.
ETags, Last-Modified and the bulk download's staleness derive from ``data_version()``.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from tracker.models import Organisation

from ..contracting.models import DataSource, ProcessLink, ProjectLink
from ..explorer.facts import facts_version
from ..models import IRMAssessment, Milestone, PolicyArea, ProgressUpdate, StakeholderRole

OWN_VERSION_KEY = "commitments_api:version"
SEEN_KEY = "commitments_api:seen:"
SEEN_SECONDS = 30 * 24 * 3600  # past versions are forgotten (a Last-Modified then moves forward)


def own_version() -> str:
    version = cache.get(OWN_VERSION_KEY)
    if version is None:
        version = bump()
    return version


def bump(*args, **kwargs) -> str:
    """Mark everything the API has served as changed (a signal receiver, too)."""
    version = uuid.uuid4().hex
    cache.set(OWN_VERSION_KEY, version, None)
    return version


def data_version() -> str:
    """A token for the public record as it is now."""
    return hashlib.sha256(f"{facts_version()}:{own_version()}".encode()).hexdigest()[:32]


def version_time(version: str) -> datetime.datetime:
    """When this process's cache first saw ``version``: the record's Last-Modified (to the second)."""
    now = timezone.now().replace(microsecond=0)
    cache.add(SEEN_KEY + version, now, SEEN_SECONDS)
    return cache.get(SEEN_KEY + version) or now


def connect() -> None:
    # (Every contracting import makes a DataSource row; links are saved one by one.)
    models = (Organisation, PolicyArea, ProgressUpdate, Milestone, StakeholderRole, IRMAssessment)
    for model in (*models, DataSource, ProcessLink, ProjectLink):
        post_save.connect(bump, sender=model, dispatch_uid=f"api-version-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"api-version-delete-{model.__name__}")
    page_published.connect(bump, dispatch_uid="api-version-published")
    page_unpublished.connect(bump, dispatch_uid="api-version-unpublished")
    post_page_move.connect(bump, dispatch_uid="api-version-moved")
    post_delete.connect(bump, sender=Page, dispatch_uid="api-version-page-deleted")
