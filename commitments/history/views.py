"""The public change log of one commitment."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from ..models import CommitmentPage
from .selectors import change_entries, present

PER_PAGE = 25


@require_safe  # read only: the log is written by the record's own saves, never through a URL
def change_log(request: HttpRequest, ogp_id: str) -> HttpResponse:
    """``/commitments/UA0087/changes/``: who changed what, when, from what to what."""
    commitment = CommitmentPage.objects.live().filter(ogp_id__iexact=ogp_id.strip()).first()
    if commitment is None:
        raise Http404
    page_obj = Paginator(change_entries(commitment), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "commitment": commitment,
        "page_obj": page_obj,
        "changes": [present(entry) for entry in page_obj],
    }
    return TemplateResponse(request, "commitments/change_log.html", context)
