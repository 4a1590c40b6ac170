"""Public views beside the page tree: permalinks to commitments."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import CommitmentPage


def permalink(request: HttpRequest, ogp_id: str) -> HttpResponse:
    """``/commitments/UA0087/`` (any letter case) → the commitment's page in this language."""
    page = CommitmentPage.objects.live().filter(ogp_id__iexact=ogp_id.strip()).first()
    if page is not None:
        return redirect(page.get_url(request))
    # Identifiers start with the member's letters (UA0087, ARBA0001): suggest the member's.
    prefix = re.match(r"[A-Za-z]*", ogp_id.strip()).group()
    suggestions = (
        list(CommitmentPage.objects.live().filter(ogp_id__istartswith=prefix).order_by("ogp_id")[:8])
        if len(prefix) >= 2
        else []
    )
    context = {
        "ogp_id": ogp_id,
        "suggestions": suggestions,
        "search_query": urlencode({"q": ogp_id}),
        "title": _("No commitment %(id)s") % {"id": ogp_id},
    }
    return TemplateResponse(request, "commitments/permalink_404.html", context, status=404)
