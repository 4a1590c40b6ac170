"""Reads for the peers pages: each page's context in a fixed number of queries."""

from __future__ import annotations


def page_context(page, request) -> dict:
    """What a peers page shows beyond its own fields."""
    return {}
