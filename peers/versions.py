"""Tokens that change whenever what peers' cached summaries depend on changes.

``practices_version`` changes when a practice is published, unpublished or deleted (its links
to commitments are part of its published revision); together with the explorer's
``facts_version`` (any commitment's facts changed) it keys the cached results counts and the
commitment page's "peers who did something similar"."""

from __future__ import annotations

import uuid

from django.core.cache import cache

from commitments.explorer.facts import facts_version

PRACTICES_VERSION_KEY = "peers:practices-version"


def practices_version() -> str:
    version = cache.get(PRACTICES_VERSION_KEY)
    if version is None:
        version = new_practices_version()
    return version


def new_practices_version() -> str:
    version = uuid.uuid4().hex
    cache.set(PRACTICES_VERSION_KEY, version, None)
    return version


def data_version() -> str:
    """Both tokens: what changes whenever a practice or any commitment's facts change."""
    return f"{facts_version()}:{practices_version()}"
