"""What the public may see of the record: live commitments outside any members-only section.

One definition for the API, the bulk download and every public list built on commitments
(feedback cases, for one): a commitment is public when it is live, has its facts row (as the
explorer lists it) and neither it nor a page above it has a view restriction.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from wagtail.models import PageViewRestriction

from .models import CommitmentPage


def public_commitments() -> QuerySet[CommitmentPage]:
    """The commitments the public lists show: live, public, with facts (as the explorer's)."""
    return CommitmentPage.objects.live().public().filter(facts__isnull=False)


def public_commitment_q(prefix: str) -> Q:
    """``public_commitments()``'s condition on the commitment a related model reaches through
    ``prefix`` (``"commitment__"``): joined, rather than a subquery of every public commitment,
    so that a page of rows costs the same at 2,000 commitments and at 20,000. Private sections
    as Wagtail's ``public()`` finds them (a restricted page and its descendants)."""
    q = Q(**{f"{prefix}live": True, f"{prefix}facts__isnull": False})
    for path, depth in PageViewRestriction.objects.values_list("page__path", "page__depth"):
        q &= ~Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
    return q


def may_view_page(request: HttpRequest, page) -> bool:
    """Whether this request may see ``page`` as its own URL would let it: live (or the viewer
    is staff) and through every view restriction on it and above it, as Wagtail checks them."""
    user = request.user
    if getattr(user, "is_staff", False):
        return True
    if not page.live:
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
