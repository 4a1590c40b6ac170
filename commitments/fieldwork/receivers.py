"""How site visits and consultations plug into the record's pages: a panel on the commitment
page (visits, their map, "you said, we did") and one on the action plan page (its
consultations)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from ..models import ActionPlanPage, CommitmentPage
from ..page_context import contributes_to
from . import permissions, selectors


def _user(request):
    return getattr(request, "user", None)


def map_settings() -> dict:
    return {"tile_url": settings.LEAFLET_TILE_URL, "attribution": settings.LEAFLET_TILE_ATTRIBUTION}


@contributes_to(CommitmentPage)
def commitment_fieldwork(page, request, context) -> dict:
    user = _user(request)
    visible = selectors.visits_queryset(page).filter(hidden=False)
    rows = selectors.visit_rows(visible[: selectors.PAGE_VISITS])
    return {
        "fieldwork": {
            "visits": rows,
            "visit_count": visible.count(),
            "points": selectors.map_points(rows),
            "map": map_settings(),
            "visits_url": reverse("commitments:commitment_visits", args=[page.ogp_id]),
            "record_visit_url": reverse("commitments:visit_create", args=[page.ogp_id])
            if permissions.can_record_visit(user)
            else "",
            "consultations": selectors.you_said_we_did(page),
            "record_consultation_url": reverse("commitments:consultation_create", args=[page.pk])
            if permissions.can_record_consultation(user, page)
            else "",
        }
    }


@contributes_to(ActionPlanPage)
def plan_consultations(page, request, context) -> dict:
    return {
        "fieldwork": {
            "consultations": selectors.you_said_we_did(page),
            "record_consultation_url": reverse("commitments:consultation_create", args=[page.pk])
            if permissions.can_record_consultation(_user(request), page)
            else "",
        }
    }
