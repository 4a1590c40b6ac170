"""How site visits and consultations plug into the record's pages: a panel on the commitment
page (visits, their map, "you said, we did"), the latest visits on its timeline, and a panel on
the action plan page (its consultations)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from tracker.permissions import signed_in

from ..models import ActionPlanPage, CommitmentPage
from ..page_context import contributes_to, known_empty, routing_check, viewer_facts
from . import facts, permissions, selectors  # noqa: F401  (facts registers its column)
from .models import Consultation, SiteVisit


def _user(request):
    return getattr(request, "user", None)


def map_settings() -> dict:
    return {"tile_url": settings.LEAFLET_TILE_URL, "attribution": settings.LEAFLET_TILE_ATTRIBUTION}


def _visit_way_in(user, record_url: str) -> tuple[str, str]:
    """(record a visit, or what to do first): sign in, or verify the email address."""
    if permissions.can_record_visit(user):
        return record_url, ""
    if not signed_in(user):
        return "", f"{reverse('account_login')}?{urlencode({'next': record_url})}"
    if permissions.email_verified(user):
        return "", ""  # verified, but must turn two-factor on first (POCs, reviewers, staff)
    return "", reverse("account_email")


@routing_check("site_visits")
def has_site_visits():
    return Exists(SiteVisit.objects.filter(commitment_id=OuterRef("pk"), hidden=False))


@routing_check("consultations")
def has_consultations():
    return Exists(Consultation.objects.filter(commitment_id=OuterRef("pk")))


# How many of the latest visits the commitment's timeline shows (all are on its visits page).
TIMELINE_VISITS = 20


@dataclass(frozen=True)
class VisitTimelineEntry:
    """A site visit on the commitment's timeline, beside progress's and cases' entries."""

    date: datetime.date
    row: selectors.VisitRow
    url: str  # the visit on the commitment's visits page
    kind: str = "visit"
    year_only: bool = False


@viewer_facts(CommitmentPage)
def fieldwork_viewer(page, request) -> dict:
    """The ways in to record a visit or a consultation this person is shown."""
    user = _user(request)
    record_visit_url, first_step_url = _visit_way_in(
        user, reverse("commitments:visit_create", args=[page.ogp_id])
    )
    return {
        "fieldwork_record_visit_url": record_visit_url,
        "fieldwork_sign_in_to_visit_url": first_step_url if not signed_in(user) else "",
        "fieldwork_verify_to_visit_url": first_step_url if signed_in(user) else "",
        "fieldwork_record_consultation_url": _record_consultation_url(user, page),
    }


def _record_consultation_url(user, page) -> str:
    if not permissions.can_record_consultation(user, page):
        return ""
    return reverse("commitments:consultation_create", args=[page.pk])


@contributes_to(CommitmentPage)
def commitment_fieldwork(page, request, context) -> dict:
    # The latest visits, how many there are in all and the consultations, in one query (none
    # when the routing query found neither).
    found = selectors.commitment_fieldwork(
        page,
        visits=0 if known_empty(page, "site_visits") else TIMELINE_VISITS,
        consultations=not known_empty(page, "consultations"),
        milestones=context.get("milestones", ()),
    )
    visits = found.visits
    latest = selectors.visit_rows(visits)
    rows = latest[: selectors.PAGE_VISITS]
    visits_url = reverse("commitments:commitment_visits", args=[page.ogp_id])
    entries = [
        VisitTimelineEntry(row.visit.visited_on, row, f"{visits_url}#visit-{row.visit.pk}") for row in latest
    ]
    timeline = sorted([*context.get("timeline", []), *entries], key=lambda entry: entry.date, reverse=True)
    # The viewer's facts (``fieldwork_viewer``) are in the context: ``record_page_context``.
    return {
        "timeline": timeline,
        "fieldwork": {
            "visits": rows,
            "visit_count": found.visit_count,
            "points": selectors.map_points(rows),
            "map": map_settings(),
            "visits_url": visits_url,
            "record_visit_url": context["fieldwork_record_visit_url"],
            "sign_in_to_visit_url": context["fieldwork_sign_in_to_visit_url"],
            "verify_to_visit_url": context["fieldwork_verify_to_visit_url"],
            "consultations": found.consultations,
            "record_consultation_url": context["fieldwork_record_consultation_url"],
        },
    }


@viewer_facts(ActionPlanPage)
def plan_viewer(page, request) -> dict:
    return {"fieldwork_record_consultation_url": _record_consultation_url(_user(request), page)}


@contributes_to(ActionPlanPage)
def plan_consultations(page, request, context) -> dict:
    # The viewer's facts (``plan_viewer``) are in the context: ``record_page_context``.
    return {
        "fieldwork": {
            "consultations": selectors.plan_you_said_we_did(page),
            "record_consultation_url": context["fieldwork_record_consultation_url"],
        }
    }
