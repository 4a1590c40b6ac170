"""Template context for every page: which progress-loop pages the menu offers."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from . import permissions


def navigation(request) -> dict:
    """``nav``: {"my_commitments": bool, "reviews": bool}, worked out only if a template asks."""
    return {"nav": SimpleLazyObject(lambda: permissions.navigation(getattr(request, "user", None)))}
