"""How the change log plugs into the record: a link from each commitment's page. (The log itself
is written by auditlog's own receivers, for the models ``tracked`` registers.)"""

from __future__ import annotations

from django.urls import reverse

from ..models import CommitmentPage
from ..page_context import contributes_to


@contributes_to(CommitmentPage, outside_shared=True)
def change_log_link(page, request, context) -> dict:
    return {"change_log_url": reverse("commitments:change_log", args=[page.ogp_id])}
